"""Making a SEPA batch mails members: the page first shows who, how much and when, and only
the confirmation makes the batch; a second confirmation (a double click) changes nothing."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from ledger.models import Transaction
from payments.models import SepaBatch
from payments.target_days import next_target_business_day
from tests.factories import PASSWORD, MemberFactory
from tests.payments.factories import charge, mandate


def _debtors(coop):
    for cents, iban in ((12_345, "NL44RABO0123456789"), (6_655, "NL36INGB0007654321")):
        m = MemberFactory(cooperative=coop)
        charge(m, cents, billed=True)
        mandate(m, iban=iban)


def test_the_batch_is_shown_before_it_is_made(client, coop, treasurer, mailoutbox, django_capture_on_commit_callbacks):
    _debtors(coop)
    client.login(email=treasurer.user.email, password=PASSWORD)
    sepa = reverse("payments:sepa", kwargs={"coop": coop.slug})
    day = next_target_business_day(timezone.localdate() + dt.timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sepa, {"collection_date": day.isoformat()})
    body = response.content.decode()
    assert response.status_code == 200
    assert SepaBatch.objects.count() == 0 and not mailoutbox
    assert 'data-confirm="count"><strong>2</strong>' in body
    assert "€ 190,00" in body  # 123,45 + 66,55
    assert 'name="confirmed" value="1"' in body and "data-once" in body


def test_a_double_confirmation_makes_one_batch_and_mails_once(
    client, coop, treasurer, mailoutbox, django_capture_on_commit_callbacks
):
    _debtors(coop)
    client.login(email=treasurer.user.email, password=PASSWORD)
    sepa = reverse("payments:sepa", kwargs={"coop": coop.slug})
    day = next_target_business_day(timezone.localdate() + dt.timedelta(days=20))
    data = {"collection_date": day.isoformat(), "confirmed": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(sepa, data)
    batch = SepaBatch.objects.get()
    assert first["Location"] == reverse("payments:batch", kwargs={"coop": coop.slug, "pk": batch.pk})
    mails, transactions = len(mailoutbox), Transaction.objects.count()
    assert mails == 2
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(sepa, data)
    assert second.status_code == 200  # the form again, saying there is nothing to collect
    assert SepaBatch.objects.count() == 1
    assert len(mailoutbox) == mails and Transaction.objects.count() == transactions


def test_a_date_too_early_is_said_at_the_confirm_step(client, coop, treasurer):
    _debtors(coop)
    client.login(email=treasurer.user.email, password=PASSWORD)
    sepa = reverse("payments:sepa", kwargs={"coop": coop.slug})
    body = client.post(sepa, {"collection_date": timezone.localdate().isoformat()}).content.decode()
    assert "msg--error" in body and 'name="confirmed"' not in body
