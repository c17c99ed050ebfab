"""The pre-notification e-mails go through a real Celery worker against Redis."""

import datetime as dt

import pytest
from django.core import mail

from members.models import Role
from payments.models import SepaCollection
from payments.services import sepa_batch_create
from tests.factories import CooperativeFactory, MemberFactory
from tests.fixtures.celery_worker import wait_for

from .factories import charge, mandate

pytestmark = pytest.mark.services


@pytest.fixture
def redis_url(monkeypatch):
    """The payments tests use Redis database 7 unless REDIS_URL says otherwise."""
    import os

    from tests.fixtures.services import need, port_open

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")
    host_port = url.split("//", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    need(port_open(host, int(port or 6379)), f"Redis is not running at {host_port}")
    return url


def test_prenotification_mail_through_the_worker(celery_worker):
    coop = CooperativeFactory(bic="ABNANL2A", sepa_creditor_id="NL79ZZZ999999990000")
    treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    payer = MemberFactory(cooperative=coop)
    charge(payer, 6_789, billed=True)
    mandate(payer)

    sepa_batch_create(
        cooperative=coop, collection_date=dt.date(2026, 11, 30), by=treasurer, today=dt.date(2026, 11, 16)
    )

    wait_for(lambda: len(mail.outbox) == 1)
    message = mail.outbox[0]
    assert message.to == [payer.user.email]
    assert "€ 67,89" in message.body and "30 nov 2026" in message.body
    wait_for(lambda: SepaCollection.objects.filter(prenotified_at__isnull=False).count() == 1)
