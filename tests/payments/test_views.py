"""The payment pages: role matrix, tenancy, member and treasurer flows, query counts."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ledger.selectors import member_balance_cents
from members.models import Role
from payments.crypto import decrypt
from payments.models import BankLine, BankLineStatus, Mandate, MandateStatus, PaymentSettings, SepaBatch
from payments.target_days import next_target_business_day
from tests.factories import PASSWORD, CooperativeFactory, MemberFactory

from .factories import charge, mandate, statement, stripe_settings

SAMPLES = Path(__file__).parent / "samples"


def url(coop, name, **kw):
    return reverse(f"payments:{name}", kwargs={"coop": coop.slug, **kw})


def login(client, member):
    assert client.login(email=member.user.email, password=PASSWORD)
    return client


@pytest.fixture
def roles(coop):
    return {
        "member": MemberFactory(cooperative=coop),
        "treasurer": MemberFactory(cooperative=coop, roles=[Role.TREASURER]),
        "board": MemberFactory(cooperative=coop, roles=[Role.BOARD]),
        "audit": MemberFactory(cooperative=coop, roles=[Role.AUDIT]),
    }


PAGES = {
    "mine": {"member", "treasurer", "board", "audit"},
    "mandate": {"member", "treasurer", "board", "audit"},
    "settings": {"treasurer"},
    "sepa": {"treasurer", "audit"},
    "bank": {"treasurer", "audit"},
    "queue": {"treasurer", "audit"},
    "arrears": {"treasurer", "board", "audit"},
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", ["member", "treasurer", "board", "audit"])
def test_role_matrix(client, coop, roles, page, role):
    response = login(client, roles[role]).get(url(coop, page))
    assert response.status_code == (200 if role in PAGES[page] else 403)


def test_other_cooperative_gets_404(client, coop, roles):
    outsider = MemberFactory(cooperative=CooperativeFactory(), roles=[Role.TREASURER])
    assert login(client, outsider).get(url(coop, "sepa")).status_code == 404
    assert client.get(url(coop, "mine")).status_code == 404


def test_audit_committee_reads_but_cannot_import_or_collect(client, coop, roles):
    login(client, roles["audit"])
    upload = SimpleUploadedFile("a.sta", (SAMPLES / "mt940_ing.sta").read_bytes())
    assert client.post(url(coop, "bank"), {"file": upload}).status_code == 403
    assert client.post(url(coop, "sepa"), {"collection_date": "2030-01-07"}).status_code == 403
    assert BankLine.objects.count() == 0


def test_without_stripe_keys_there_is_no_online_payment(client, coop, roles):
    # The statement's amount was charged in its period (so it is still open, not paid).
    st = statement(roles["member"], reference="V-1", due_cents=1_000)
    charge(roles["member"], 1_000, date=st.period_end)
    page = login(client, roles["member"]).get(url(coop, "mine")).content.decode()
    assert "iDEAL" not in page
    assert "V-1" in page
    # A forged form post or a webhook call changes nothing and breaks nothing.
    from payments.models import Payment, StripeEvent

    refused = client.post(url(coop, "pay"), {"method": "ideal", "amount": "10,00"}, follow=True)
    assert refused.status_code == 200 and Payment.objects.count() == 0
    assert "online betalen" in refused.content.decode().lower()
    hook = client.post(f"/stripe/webhook/{coop.slug}/", data=b"{}", content_type="application/json")
    assert hook.status_code == 400 and StripeEvent.objects.count() == 0


@pytest.mark.services
def test_member_pays_a_statement_with_ideal_against_localstripe(client, coop, roles, localstripe):
    stripe_settings(coop)
    member = roles["member"]
    st = statement(member, reference="V-2", due_cents=2_750)
    charge(member, 2_750, date=st.period_end)
    login(client, member)
    page = client.get(url(coop, "mine")).content.decode()
    assert "iDEAL | Wero" in page

    response = client.post(url(coop, "pay"), {"statement": st.pk, "method": "ideal"})

    assert response.status_code == 302
    payment = member.payments.get()
    assert response["Location"] == url(coop, "confirm", pk=payment.pk)
    assert payment.amount_cents == 2_750 and payment.statement == st
    assert payment.stripe_payment_intent_id.startswith("pi_")
    confirm = client.get(response["Location"]).content.decode()
    assert "€ 27,50" in confirm and "Naar mijn bank" in confirm
    # Back from the bank: the page asks Stripe, the balance waits for the webhook.
    back = client.get(url(coop, "returned", pk=payment.pk)).content.decode()
    assert "niet gelukt" in back or "wachten" in back
    assert member_balance_cents(member=member) == 2_750


def test_member_cannot_pay_someone_elses_statement(client, coop, roles):
    stripe_settings(coop)
    other = MemberFactory(cooperative=coop)
    st = statement(other, reference="V-3", due_cents=500)
    response = login(client, roles["member"]).post(url(coop, "pay"), {"statement": st.pk, "method": "ideal"})
    assert response.status_code == 404


def test_member_signs_and_revokes_a_mandate(client, coop, roles):
    login(client, roles["member"])
    bad = client.post(url(coop, "mandate"), {"account_holder": "Anouk", "iban": "NL00INGB0000000000", "agree": "on"})
    assert "IBAN klopt niet" in bad.content.decode()
    ok = client.post(
        url(coop, "mandate"), {"account_holder": "Anouk de Vries", "iban": "NL44 RABO 0123 4567 89", "agree": "on"}
    )
    assert ok.status_code == 302
    m = Mandate.objects.get(member=roles["member"])
    assert m.status == MandateStatus.ACTIVE and m.iban == "NL44RABO0123456789"
    client.post(url(coop, "mandate_revoke"))
    m.refresh_from_db()
    assert m.status == MandateStatus.REVOKED


def test_the_mandate_keeps_the_members_address_behind_the_proxy_not_the_proxys(client, coop, roles, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # DEEL_TRUSTED_PROXIES=1: one nginx in front
    login(client, roles["member"])
    client.post(
        url(coop, "mandate"),
        {"account_holder": "Anouk de Vries", "iban": "NL44 RABO 0123 4567 89", "agree": "on"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",  # a forged first entry, then what nginx saw
    )
    assert Mandate.objects.get(member=roles["member"]).signed_ip == "198.51.100.7"


def test_treasurer_saves_keys_encrypted_and_never_sees_them_back(client, coop, roles):
    login(client, roles["treasurer"])
    response = client.post(
        url(coop, "settings"),
        {
            "stripe_secret_key": "sk_test_abcdefghijklmnop1234",
            "stripe_webhook_secret": "whsec_abcdefghijkl",
            "pain_version": "pain.008.001.02",
            "prenotification_days": "5",
            "arrears_limit": "150,00",
        },
    )
    assert response.status_code == 302
    saved = PaymentSettings.objects.get(cooperative=coop)
    assert "sk_test_abcdefghijklmnop1234" not in saved.stripe_secret_key_encrypted
    assert decrypt(saved.stripe_secret_key_encrypted) == "sk_test_abcdefghijklmnop1234"
    assert saved.arrears_limit_cents == 15_000
    page = client.get(url(coop, "settings")).content.decode()
    assert "sk_test_abcdefghijklmnop1234" not in page and "whsec_abcdefghijkl" not in page
    assert "1234" in page  # the hint
    # Saving again with empty key fields keeps the keys.
    client.post(url(coop, "settings"), {"pain_version": "pain.008.001.08", "prenotification_days": "7"})
    saved.refresh_from_db()
    assert saved.stripe_enabled and saved.pain_version == "pain.008.001.08" and saved.prenotification_days == 7
    bad = client.post(
        url(coop, "settings"),
        {"stripe_secret_key": "pk_live_x", "pain_version": "pain.008.001.02", "prenotification_days": "5"},
    )
    assert "geen geheime Stripe-sleutel" in bad.content.decode()


def test_treasurer_uploads_bank_file_and_assigns_the_rest(client, coop, roles, django_assert_max_num_queries):
    coop.iban = "NL27RABO0300000005"  # the account of the Rabobank sample
    coop.save(update_fields=["iban"])
    login(client, roles["treasurer"])
    upload = SimpleUploadedFile("nov.xml", (SAMPLES / "camt053_rabobank.xml").read_bytes())
    response = client.post(url(coop, "bank"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "5 nieuwe regels" in response.content.decode()
    assert "2 uitgaand (niet geboekt)" in response.content.decode()  # a payment and an unknown storno
    assert "onbekende incasso" in client.get(url(coop, "queue")).content.decode()
    line = BankLine.objects.get(status=BankLineStatus.QUEUED, amount_cents=1_250)
    with django_assert_max_num_queries(12):
        client.get(url(coop, "queue"))
    client.post(url(coop, "assign", pk=line.pk), {"member": roles["member"].pk})
    assert member_balance_cents(member=roles["member"]) == -1_250


def test_malformed_upload_shows_a_dutch_message_and_imports_nothing(client, coop, roles):
    login(client, roles["treasurer"])
    upload = SimpleUploadedFile("kapot.xml", (SAMPLES / "camt053_truncated.xml").read_bytes())
    response = client.post(url(coop, "bank"), {"file": upload})
    assert response.status_code == 200
    assert "beschadigd of onvolledig" in response.content.decode()
    assert BankLine.objects.count() == 0


def test_statement_of_another_account_is_refused_with_a_dutch_message(client, coop, roles):
    login(client, roles["treasurer"])
    upload = SimpleUploadedFile("prive.sta", (SAMPLES / "mt940_ing.sta").read_bytes())
    response = client.post(url(coop, "bank"), {"file": upload})
    assert response.status_code == 200
    assert "niet van de rekening van de coöperatie" in response.content.decode()
    assert BankLine.objects.count() == 0


def test_treasurer_makes_a_batch_and_downloads_the_file(client, coop, roles):
    payer = roles["member"]
    charge(payer, 4_321, billed=True)
    mandate(payer)
    login(client, roles["treasurer"])
    day = next_target_business_day(timezone.localdate() + dt.timedelta(days=15))
    response = client.post(url(coop, "sepa"), {"collection_date": day.isoformat(), "confirmed": "1"})
    batch = SepaBatch.objects.get()
    assert response["Location"] == url(coop, "batch", pk=batch.pk)
    xml = client.get(url(coop, "batch_file", pk=batch.pk))
    assert xml["Content-Type"].startswith("application/xml")
    assert b'<InstdAmt Ccy="EUR">43.21</InstdAmt>' in xml.content
    too_soon = client.post(url(coop, "sepa"), {"collection_date": timezone.localdate().isoformat(), "confirmed": "1"})
    assert "vooraankondiging" in too_soon.content.decode()


def _batch_for(coop, roles):
    charge(roles["member"], 4_321, billed=True)
    mandate(roles["member"])
    day = next_target_business_day(timezone.localdate() + dt.timedelta(days=15))
    from payments.services import sepa_batch_create

    return sepa_batch_create(cooperative=coop, collection_date=day, by=roles["treasurer"])


def test_treasurer_cancels_a_refused_batch_on_its_page(client, coop, roles):
    batch = _batch_for(coop, roles)
    login(client, roles["treasurer"])
    page = client.get(url(coop, "batch", pk=batch.pk)).content.decode()
    assert "Batch annuleren" in page and url(coop, "batch_cancel", pk=batch.pk) in page

    unconfirmed = client.post(url(coop, "batch_cancel", pk=batch.pk), {}, follow=True)
    assert "Vink aan" in unconfirmed.content.decode()
    batch.refresh_from_db()
    assert batch.cancelled_at is None and member_balance_cents(member=roles["member"]) == 0

    done = client.post(url(coop, "batch_cancel", pk=batch.pk), {"confirm": "on"}, follow=True)
    assert "De incassobatch is geannuleerd" in done.content.decode()
    batch.refresh_from_db()
    assert batch.cancelled_at is not None
    assert member_balance_cents(member=roles["member"]) == 4_321
    # The file of a cancelled batch is no longer handed out for the bank.
    refused = client.get(url(coop, "batch_file", pk=batch.pk), follow=True)
    assert "geannuleerd" in refused.content.decode() and b"<InstdAmt" not in refused.content
    assert "Geannuleerd" in client.get(url(coop, "sepa")).content.decode()


@pytest.mark.parametrize("role", ["member", "board", "audit"])
def test_only_the_treasurer_cancels_a_batch(client, coop, roles, role):
    batch = _batch_for(coop, roles)
    response = login(client, roles[role]).post(url(coop, "batch_cancel", pk=batch.pk), {"confirm": "on"})
    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.cancelled_at is None
    if role == "audit":
        assert "Batch annuleren" not in client.get(url(coop, "batch", pk=batch.pk)).content.decode()


def test_batch_of_another_cooperative_cannot_be_cancelled(client, coop, roles):
    other = CooperativeFactory(bic="ABNANL2A", sepa_creditor_id="NL79ZZZ999999990000")
    batch = _batch_for(other, {"member": MemberFactory(cooperative=other), "treasurer": None})
    response = login(client, roles["treasurer"]).post(url(coop, "batch_cancel", pk=batch.pk), {"confirm": "on"})
    assert response.status_code == 404
    batch.refresh_from_db()
    assert batch.cancelled_at is None


def test_a_storno_flags_the_member_on_the_queue_until_dealt_with(client, coop, roles):
    from payments.models import PaymentFlag
    from payments.services import bank_import_file

    from .factories import collection

    payer = roles["member"]
    charge(payer, 2_000)
    collection(payer, e2e="DEEL-TEST-E2E-0001", cents=2_000)
    coop.iban = "NL20INGB0001234567"
    coop.save(update_fields=["iban"])
    bank_import_file(
        cooperative=coop, data=(SAMPLES / "mt940_ing.sta").read_bytes(), filename="ing.sta", by=roles["treasurer"]
    )
    flag = PaymentFlag.objects.get(member=payer)

    audit_page = login(client, roles["audit"]).get(url(coop, "queue")).content.decode()
    assert payer.name in audit_page and "MD06" in audit_page
    assert client.post(url(coop, "flag_resolve", pk=flag.pk)).status_code == 403

    login(client, roles["treasurer"])
    client.post(url(coop, "flag_resolve", pk=flag.pk))
    flag.refresh_from_db()
    assert flag.resolved_at is not None
    assert "Gestorneerde incasso" not in client.get(url(coop, "queue")).content.decode()
    outsider = MemberFactory(cooperative=CooperativeFactory(), roles=[Role.TREASURER])
    assert login(client, outsider).post(url(coop, "flag_resolve", pk=flag.pk)).status_code == 404


def test_batch_of_another_cooperative_is_404(client, coop, roles):
    other = CooperativeFactory()
    batch = SepaBatch.objects.create(
        cooperative=other,
        message_id="X-1",
        collection_date=dt.date(2026, 1, 5),
        pain_version="pain.008.001.02",
        total_cents=1,
        count=1,
        xml="<x/>",
    )
    assert login(client, roles["treasurer"]).get(url(coop, "batch_file", pk=batch.pk)).status_code == 404


def test_arrears_page_query_count(client, coop, roles, django_assert_max_num_queries):
    from django.utils import timezone

    for i in range(8):
        m = MemberFactory(cooperative=coop)
        charge(m, 1_000 + i)
        statement(m, reference=f"A-{i}", due_cents=1_000 + i, issued_at=timezone.now() - dt.timedelta(days=20 + i))
    login(client, roles["board"])
    with django_assert_max_num_queries(14):
        page = client.get(url(coop, "arrears"))
    assert page.content.decode().count("A-") == 0  # numbers, not references, are shown
    assert page.context["rows"].__len__() == 8


def test_member_page_query_count(client, coop, roles, django_assert_max_num_queries):
    member = roles["member"]
    for i in range(5):
        statement(member, reference=f"Q-{i}", due_cents=100 + i)
    login(client, member)
    with django_assert_max_num_queries(14):
        client.get(url(coop, "mine"))
