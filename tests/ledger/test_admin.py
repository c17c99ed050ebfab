"""The platform admin reads the books in /admin/ but can never add, change or delete them."""

import pytest
from django.urls import reverse

from ledger.models import Account, Expense, LedgerEvent, Period, Settlement, Statement, Tariff, Transaction
from ledger.services import settlement_run
from members.models import User

MODELS = [Account, Transaction, Period, Tariff, Statement, Expense, Settlement, LedgerEvent]


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser(email="beheer@example.test", password="x-very-secret-1")
    client.force_login(user)
    return client


@pytest.fixture
def settled(coop, books, treasurer):
    period = Period.objects.get(cooperative=coop, label="2026-Q1")
    settlement_run(cooperative=coop, period=period, posted_by=treasurer)
    return period


def _url(model, view, *args):
    return reverse(f"admin:ledger_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_pages_render_read_only(admin_client, settled, model):
    listing = admin_client.get(_url(model, "changelist"))
    assert listing.status_code == 200
    obj = model.objects.order_by("pk").first()
    detail = admin_client.get(_url(model, "change", obj.pk))
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert admin_client.get(_url(model, "add")).status_code == 403
    assert admin_client.get(_url(model, "delete", obj.pk)).status_code == 403
    assert admin_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_transaction_shows_its_postings_and_refuses_changes(admin_client, settled):
    txn = Transaction.objects.filter(source_key__startswith="trip:").order_by("pk").first()
    page = admin_client.get(_url(Transaction, "change", txn.pk))
    assert page.status_code == 200
    for posting in txn.postings.select_related("account"):
        assert posting.account.code in page.content.decode()
    before = list(txn.postings.values_list("pk", "amount_cents"))
    response = admin_client.post(
        _url(Transaction, "change", txn.pk), {"description": "gewijzigd", "postings-TOTAL_FORMS": "0"}
    )
    assert response.status_code == 403
    txn.refresh_from_db()
    assert txn.description != "gewijzigd"
    assert list(txn.postings.values_list("pk", "amount_cents")) == before
