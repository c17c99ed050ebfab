"""SEPA direct debit: mandates, the pain.008 batch (validated against the XSD) and pre-notification."""

import datetime as dt

import pytest
from django.core.management import call_command
from lxml import etree

from deel.demo.payments import camt053_document
from ledger.models import AccountPurpose, Posting
from ledger.selectors import member_balance_cents
from payments.errors import MandateError, SepaExportError
from payments.models import (
    BankLine,
    BankLineStatus,
    CollectionStatus,
    Mandate,
    MandateStatus,
    Payment,
    PaymentSettings,
    PaymentStatus,
    SepaBatch,
    SepaCollection,
)
from payments.services import (
    bank_import_file,
    mandate_revoke,
    mandate_sign,
    mandates_lapse,
    sepa_batch_cancel,
    sepa_batch_create,
)
from tests.factories import MemberFactory

from .factories import charge, mandate
from .pain008_checks import pain008_problems, version_of

TODAY = dt.date(2026, 11, 16)  # a Monday
COLLECT = dt.date(2026, 11, 30)  # 14 days of pre-notification later, a Monday
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}


def xsd_valid(xml: bytes, version: str = "pain.008.001.02") -> bool:
    """Valid against the ISO XSD of `version` and the SEPA rules (see pain008_checks)."""
    return version_of(xml) == version and pain008_problems(xml) == []


@pytest.fixture
def debtors(coop):
    people = []
    for cents, iban in ((12_345, "NL44RABO0123456789"), (1, "NL36INGB0007654321"), (99_999, "NL75ABNA0555555555")):
        m = MemberFactory(cooperative=coop)
        charge(m, cents, billed=True)
        mandate(m, iban=iban)
        people.append((m, cents))
    return people


def test_batch_collects_open_balances_to_the_cent_and_validates(coop, treasurer, debtors):
    no_mandate = MemberFactory(cooperative=coop)
    charge(no_mandate, 5_000, billed=True)
    credit = MemberFactory(cooperative=coop)
    charge(credit, -700, billed=True)
    mandate(credit, iban="NL63TRIO0212345678")

    batch = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)

    xml = batch.xml.encode()
    assert xsd_valid(xml)
    tree = etree.fromstring(xml)
    amounts = {
        tx.findtext("p:DrctDbtTxInf/p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) or "": tx
        for tx in tree.iterfind(".//p:DrctDbtTxInf", namespaces=NS)
    }
    found = {
        tx.findtext("p:DbtrAcct/p:Id/p:IBAN", namespaces=NS): tx.findtext("p:InstdAmt", namespaces=NS)
        for tx in tree.iterfind(".//p:DrctDbtTxInf", namespaces=NS)
    }
    assert found == {"NL44RABO0123456789": "123.45", "NL36INGB0007654321": "0.01", "NL75ABNA0555555555": "999.99"}
    assert amounts is not None
    assert tree.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == "1123.45"
    assert tree.findtext(".//p:GrpHdr/p:MsgId", namespaces=NS) == batch.message_id
    assert tree.findtext(".//p:ReqdColltnDt", namespaces=NS) == "2026-11-30"
    assert batch.total_cents == 12_345 + 1 + 99_999
    for m, _cents in debtors:
        assert member_balance_cents(member=m) == 0  # collected: booked on the bank
    assert member_balance_cents(member=no_mandate) == 5_000


def test_a_second_batch_collects_nothing_twice(coop, treasurer, debtors):
    sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    with pytest.raises(SepaExportError, match="niets te incasseren"):
        sepa_batch_create(cooperative=coop, collection_date=COLLECT + dt.timedelta(days=1), by=treasurer, today=TODAY)
    m, _ = debtors[0]
    charge(m, 250, billed=True)
    second = sepa_batch_create(
        cooperative=coop, collection_date=COLLECT + dt.timedelta(days=1), by=treasurer, today=TODAY
    )
    assert second.count == 1 and second.total_cents == 250
    assert SepaCollection.objects.values("end_to_end_id").distinct().count() == 4
    assert second.collections.get().sequence_type == "RCUR"


def test_collection_date_must_respect_the_prenotification_period(coop, treasurer, debtors):
    PaymentSettings.objects.create(cooperative=coop, prenotification_days=20)
    with pytest.raises(SepaExportError, match="vooraankondiging"):
        sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    assert SepaBatch.objects.count() == 0


def test_weekend_collection_date_moves_to_monday(coop, treasurer, debtors):
    batch = sepa_batch_create(cooperative=coop, collection_date=dt.date(2026, 12, 5), by=treasurer, today=TODAY)
    assert batch.collection_date == dt.date(2026, 12, 7)


def test_prenotification_mail_with_amount_and_date(
    coop, treasurer, debtors, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    assert len(mailoutbox) == 3
    first = next(m for m in mailoutbox if m.to == [debtors[0][0].user.email])
    assert "€ 123,45" in first.body and "30 nov 2026" in first.body
    used = debtors[0][0].mandates.get()
    assert used.reference in first.body and coop.sepa_creditor_id in first.body
    assert "NL44 •••• 6789" in first.body and "NL44RABO0123456789" not in first.body
    assert SepaCollection.objects.filter(prenotified_at__isnull=True).count() == 0


def test_pain_008_001_08_also_validates(coop, treasurer, debtors):
    PaymentSettings.objects.create(cooperative=coop, pain_version="pain.008.001.08")
    batch = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    assert xsd_valid(batch.xml.encode(), "pain.008.001.08")


def test_revoked_mandate_is_not_collected(coop, treasurer, debtors):
    m, _ = debtors[0]
    mandate_revoke(mandate=m.mandates.get(), by=m)
    batch = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    assert batch.count == 2


def test_sepa_export_command_writes_the_file(coop, treasurer, debtors, tmp_path, monkeypatch):
    import django.utils.timezone as tz

    monkeypatch.setattr(tz, "localdate", lambda *a, **k: TODAY)
    out = tmp_path / "incasso.xml"
    call_command("sepa_export", "--coop", coop.slug, "--collection-date", "2026-11-30", "-o", str(out))
    assert xsd_valid(out.read_bytes())
    assert SepaBatch.objects.get().count == 3


def test_mandate_sign_validates_iban_and_replaces_the_old_one(member):
    with pytest.raises(MandateError, match="IBAN"):
        mandate_sign(member=member, iban="NL00RABO0123456789", account_holder="A de Vries", agree=True)
    with pytest.raises(MandateError, match="akkoord"):
        mandate_sign(member=member, iban="NL44RABO0123456789", account_holder="A de Vries", agree=False)
    first = mandate_sign(member=member, iban="nl44 rabo 0123 4567 89", account_holder="A de Vries", agree=True)
    assert first.iban == "NL44RABO0123456789" and first.bic == "RABONL2U"
    second = mandate_sign(member=member, iban="NL36INGB0007654321", account_holder="A de Vries", agree=True)
    first.refresh_from_db()
    assert first.status == MandateStatus.REVOKED
    assert second.reference != first.reference
    assert Mandate.objects.filter(member=member, status=MandateStatus.ACTIVE).count() == 1


def test_mandate_unused_for_36_months_lapses(coop):
    old = mandate(MemberFactory(cooperative=coop), signed_on=dt.date(2023, 11, 15))
    used = mandate(MemberFactory(cooperative=coop), signed_on=dt.date(2020, 1, 1), last_used_on=dt.date(2024, 1, 1))
    fresh = mandate(MemberFactory(cooperative=coop), signed_on=dt.date(2023, 11, 17))
    assert mandates_lapse(today=dt.date(2026, 11, 16)) == 1
    old.refresh_from_db(), used.refresh_from_db(), fresh.refresh_from_db()
    assert old.status == MandateStatus.LAPSED
    assert used.status == fresh.status == MandateStatus.ACTIVE


def test_only_the_member_or_the_treasurer_revokes(coop, treasurer, member):
    m = mandate(member)
    with pytest.raises(MandateError):
        mandate_revoke(mandate=m, by=MemberFactory(cooperative=coop))
    assert mandate_revoke(mandate=m, by=treasurer).status == MandateStatus.REVOKED


def bank_total(coop) -> int:
    return sum(
        Posting.objects.filter(account__cooperative=coop, account__purpose=AccountPurpose.BANK).values_list(
            "amount_cents", flat=True
        )
    )


def batch_credit(coop, batch, *, ref: str = "CREDIT-1") -> bytes:
    """The bank's statement crediting a batch as one lump sum, its message id in the text."""
    line = {
        "date": batch.collection_date,
        "cents": batch.total_cents,
        "name": coop.name,
        "iban": "",
        "text": f"Incasso batch {batch.message_id}",
        "ref": ref,
    }
    return camt053_document(account_iban=coop.iban, opening_cents=0, lines=[line])


def test_a_refused_batch_is_cancelled_and_collected_again_once(coop, treasurer, debtors):
    bank_before = bank_total(coop)
    first = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)

    sepa_batch_cancel(batch=first, by=treasurer, today=TODAY)

    first.refresh_from_db()
    assert first.cancelled_at is not None and first.cancelled_by == treasurer
    for m, cents in debtors:
        assert member_balance_cents(member=m) == cents  # owed again
        assert m.mandates.get().last_used_on is None  # never collected: FRST again
    assert bank_total(coop) == bank_before
    assert set(first.collections.values_list("status", flat=True)) == {CollectionStatus.CANCELLED}
    assert set(Payment.objects.values_list("status", flat=True)) == {PaymentStatus.CANCELLED}

    second = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    assert second.total_cents == first.total_cents and second.message_id != first.message_id
    assert set(second.collections.values_list("sequence_type", flat=True)) == {"FRST"}
    for m, _cents in debtors:
        assert member_balance_cents(member=m) == 0  # collected once, not twice
    assert bank_total(coop) == bank_before + second.total_cents
    with pytest.raises(SepaExportError, match="niets te incasseren"):
        sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)


def test_cancelling_twice_changes_nothing(coop, treasurer, debtors):
    batch = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    sepa_batch_cancel(batch=batch, by=treasurer, today=TODAY)
    postings = Posting.objects.count()
    with pytest.raises(SepaExportError, match="al geannuleerd"):
        sepa_batch_cancel(batch=batch, by=treasurer, today=TODAY)
    assert Posting.objects.count() == postings


def test_a_recurring_mandate_keeps_its_earlier_collection_date(coop, treasurer, debtors):
    sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    m, _ = debtors[0]
    charge(m, 250, billed=True)
    later = sepa_batch_create(
        cooperative=coop, collection_date=COLLECT + dt.timedelta(days=7), by=treasurer, today=TODAY
    )
    sepa_batch_cancel(batch=later, by=treasurer, today=TODAY)
    assert m.mandates.get().last_used_on == COLLECT
    assert member_balance_cents(member=m) == 250


def test_a_batch_the_bank_credited_cannot_be_cancelled(coop, treasurer, debtors):
    batch = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    result = bank_import_file(cooperative=coop, data=batch_credit(coop, batch), filename="b.xml", by=treasurer)
    line = BankLine.objects.get(bank_import=result)
    assert line.status == BankLineStatus.BATCH and line.sepa_batch == batch
    with pytest.raises(SepaExportError, match="al bijgeschreven"):
        sepa_batch_cancel(batch=batch, by=treasurer, today=TODAY)
    for m, _cents in debtors:
        assert member_balance_cents(member=m) == 0


def test_a_batch_with_a_storno_cannot_be_cancelled(coop, treasurer, debtors):
    batch = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    SepaCollection.objects.filter(pk=batch.collections.first().pk).update(status=CollectionStatus.RETURNED)
    with pytest.raises(SepaExportError, match="storno"):
        sepa_batch_cancel(batch=batch, by=treasurer, today=TODAY)


def test_money_for_a_cancelled_batch_waits_in_the_queue(coop, treasurer, debtors):
    batch = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    sepa_batch_cancel(batch=batch, by=treasurer, today=TODAY)
    bank_before = bank_total(coop)
    result = bank_import_file(cooperative=coop, data=batch_credit(coop, batch), filename="b.xml", by=treasurer)
    line = BankLine.objects.get(bank_import=result)
    assert line.status == BankLineStatus.QUEUED and line.sepa_batch == batch
    assert bank_total(coop) == bank_before + batch.total_cents  # booked, on "nog te verwerken"


def test_cancelling_tells_the_members_who_were_told(
    coop, treasurer, debtors, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sepa_batch_cancel(batch=batch, by=treasurer, today=TODAY)
    assert len(mailoutbox) == 3
    assert all("gaat niet door" in m.subject for m in mailoutbox)
    first = next(m for m in mailoutbox if m.to == [debtors[0][0].user.email])
    assert "€ 123,45" in first.body and "30 nov 2026" in first.body


def test_a_batch_cancelled_before_its_prenotification_announces_nothing(
    coop, treasurer, debtors, mailoutbox, django_capture_on_commit_callbacks
):
    from payments.emails import prenotification as mail_prenotification

    batch = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        sepa_batch_cancel(batch=batch, by=treasurer, today=TODAY)
    # The queued pre-notification tasks run only now (a slow worker): they send nothing.
    assert [mail_prenotification(c.pk) for c in batch.collections.all()] == [0, 0, 0]
    assert mailoutbox == []


def test_a_batch_collects_only_what_a_statement_billed(coop, treasurer):
    """A trip charged after the member's last statement is not debited before a statement shows it."""
    m = MemberFactory(cooperative=coop)
    charge(m, 4_000, billed=True)
    mandate(m)
    charge(m, 1_500)  # after the statement: not billed yet
    batch = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    assert batch.total_cents == 4_000
    assert member_balance_cents(member=m) == 1_500
    with pytest.raises(SepaExportError):
        sepa_batch_create(cooperative=coop, collection_date=COLLECT + dt.timedelta(days=1), by=treasurer, today=TODAY)


def test_a_payment_before_the_batch_lowers_what_is_collected(coop, treasurer):
    m = MemberFactory(cooperative=coop)
    charge(m, 4_000, billed=True)
    mandate(m)
    charge(m, -1_000)  # paid part by bank transfer, not yet on a statement
    batch = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    assert batch.total_cents == 3_000
    assert member_balance_cents(member=m) == 0
