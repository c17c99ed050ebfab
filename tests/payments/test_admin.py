"""The platform admin reads payments in /admin/: never the Stripe keys, never a full mandate IBAN,
and it can add, change or delete nothing."""

from pathlib import Path

import pytest
from django.urls import reverse

from members.models import User
from payments.models import (
    BankImport,
    BankLine,
    Mandate,
    Payment,
    PaymentFlag,
    PaymentSettings,
    SepaBatch,
    StripeEvent,
)
from payments.services import bank_import_file
from tests.factories import MemberFactory

from .factories import STRIPE_KEY, WEBHOOK_SECRET, charge, collection, stripe_settings

SAMPLES = Path(__file__).parent / "samples"
MODELS = [PaymentSettings, Payment, StripeEvent, Mandate, SepaBatch, BankImport, BankLine, PaymentFlag]


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser(email="beheer@example.test", password="x-very-secret-1")
    client.force_login(user)
    return client


@pytest.fixture
def payments(coop, treasurer):
    settings = stripe_settings(coop)
    member = MemberFactory(cooperative=coop)
    charge(member, 2_000)
    collection(member, e2e="DEEL-TEST-E2E-0001", cents=2_000)  # the ING sample returns it
    StripeEvent.objects.create(cooperative=coop, event_id="evt_admin_1", type="payment_intent.succeeded")
    coop.iban = "NL20INGB0001234567"
    coop.save(update_fields=["iban"])
    bank_import_file(cooperative=coop, data=(SAMPLES / "mt940_ing.sta").read_bytes(), filename="ing.sta", by=treasurer)
    assert PaymentFlag.objects.exists()
    return settings


def _url(model, view, *args):
    return reverse(f"admin:payments_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_pages_render_read_only_without_secrets(admin_client, payments, model):
    listing = admin_client.get(_url(model, "changelist"))
    assert listing.status_code == 200
    obj = model.objects.order_by("pk").first()
    detail = admin_client.get(_url(model, "change", obj.pk))
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    for page in (listing, detail):
        text = page.content.decode()
        for secret in (
            STRIPE_KEY,
            WEBHOOK_SECRET,
            payments.stripe_secret_key_encrypted,
            payments.stripe_webhook_secret_encrypted,
            payments.stripe_key_hint,
        ):
            assert secret not in text
        assert "NL75ABNA0555555555" not in text  # the mandate's IBAN, masked everywhere
    assert admin_client.get(_url(model, "add")).status_code == 403
    assert admin_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_mandate_shows_the_masked_iban(admin_client, payments):
    mandate = Mandate.objects.get()
    page = admin_client.get(_url(Mandate, "change", mandate.pk)).content.decode()
    assert "NL75 •••• 5555" in page and mandate.reference in page


def test_batch_shows_its_collections_not_its_xml(admin_client, payments):
    batch = SepaBatch.objects.get()
    page = admin_client.get(_url(SepaBatch, "change", batch.pk)).content.decode()
    assert "DEEL-TEST-E2E-0001" in page
    assert "&lt;Document" not in page
