"""A SEPA batch's money from the bank is booked once: recognised by what the banks report
(PmtInfId in CAMT Btch and MT940 /PREF/, end-to-end ids per collection), before any IBAN."""

import datetime as dt
import re
from pathlib import Path

import pytest

from ledger.models import AccountPurpose, Posting
from ledger.selectors import member_balance_cents
from payments.models import BankLine, BankLineStatus, PaymentSettings
from payments.services import bank_import_file, sepa_batch_create
from tests.factories import MemberFactory

from ..factories import charge, mandate

SAMPLES = Path(__file__).parent.parent / "samples"
TODAY = dt.date(2026, 11, 2)
COLLECT = dt.date(2026, 11, 23)  # a Monday, three weeks ahead


def total(coop, purpose) -> int:
    return sum(
        Posting.objects.filter(account__cooperative=coop, account__purpose=purpose).values_list(
            "amount_cents", flat=True
        )
    )


@pytest.fixture
def batch(coop, treasurer):
    """Three members with a mandate (the mandates' IBANs are in the bank's details), collected."""
    PaymentSettings.objects.create(cooperative=coop, prenotification_days=5)
    members = []
    for cents, iban in ((4_510, "NL71INGB0009876543"), (3_000, "NL57ASNB0123456789"), (2_000, "NL51ABNA0987654321")):
        m = MemberFactory(cooperative=coop, iban=iban)
        charge(m, cents, billed=True)
        mandate(m, iban=iban)
        members.append(m)
    made = sepa_batch_create(cooperative=coop, collection_date=COLLECT, by=treasurer, today=TODAY)
    return made, members


def bank_file(name: str, batch, coop, account: str) -> bytes:
    """The bank's file of this batch: its real PmtInfId and end-to-end ids in the bank's layout."""
    made, members = batch
    coop.iban = account
    coop.save(update_fields=["iban"])
    (pmt_inf_id,) = re.findall(r"<PmtInfId>([^<]+)</PmtInfId>", made.xml)
    data = (SAMPLES / name).read_bytes().replace(b"PMTINF-0001", pmt_inf_id.encode())
    e2e = {c.member_id: c.end_to_end_id for c in made.collections.all()}
    for letter, member in zip("ABC", members, strict=True):
        data = data.replace(f"E2E-{letter}<".encode(), f"{e2e[member.pk]}<".encode())
    return data


@pytest.mark.parametrize(
    ("name", "account"),
    [("camt053_ing_batch.xml", "NL20INGB0001234567"), ("mt940_rabobank_batch.swi", "NL27RABO0300000005")],
)
def test_a_batch_credit_is_recognised_by_its_pmtinfid_and_booked_once(coop, treasurer, batch, name, account):
    made, members = batch
    data = bank_file(name, batch, coop, account)
    bank_before = total(coop, AccountPurpose.BANK)
    balances = [member_balance_cents(member=m) for m in members]

    result = bank_import_file(cooperative=coop, data=data, filename=name, by=treasurer)

    line = BankLine.objects.get(bank_import=result, amount_cents=9_510)
    assert line.status == BankLineStatus.BATCH and line.sepa_batch == made
    assert line.transaction is None
    # Not in "Te verwerken", and the bank grew only by the other transfer (booked when the batch was made).
    assert not BankLine.objects.filter(status=BankLineStatus.QUEUED, amount_cents=9_510).exists()
    assert total(coop, AccountPurpose.SUSPENSE) == -sum(
        BankLine.objects.filter(bank_import=result, status=BankLineStatus.QUEUED).values_list("amount_cents", flat=True)
    )
    other = sum(
        BankLine.objects.filter(bank_import=result, amount_cents__gt=0)
        .exclude(pk=line.pk)
        .values_list("amount_cents", flat=True)
    )
    assert total(coop, AccountPurpose.BANK) - bank_before == other
    assert [member_balance_cents(member=m) for m in members] == balances


def test_a_batch_with_details_is_matched_by_end_to_end_id_before_any_iban(coop, treasurer, batch):
    made, members = batch
    data = bank_file("camt053_ing_batch_details.xml", batch, coop, "NL20INGB0001234567")
    bank_before = total(coop, AccountPurpose.BANK)
    assert [member_balance_cents(member=m) for m in members] == [0, 0, 0]  # collected

    result = bank_import_file(cooperative=coop, data=data, filename="details.xml", by=treasurer)

    rows = list(BankLine.objects.filter(bank_import=result).order_by("amount_cents"))
    assert [r.status for r in rows] == [BankLineStatus.BATCH] * 3
    assert {r.member_id for r in rows} == {m.pk for m in members}
    assert all(r.transaction is None and r.sepa_batch == made for r in rows)
    # Nobody is credited a second time, the bank is not debited again.
    assert [member_balance_cents(member=m) for m in members] == [0, 0, 0]
    assert total(coop, AccountPurpose.BANK) == bank_before
    assert result.matched_count == 3 and result.queued_count == 0


def test_the_same_batch_in_two_files_lump_and_detailed_books_nothing(coop, treasurer, batch):
    made, members = batch
    lump = bank_file("camt053_ing_batch.xml", batch, coop, "NL20INGB0001234567")
    details = bank_file("camt053_ing_batch_details.xml", batch, coop, "NL20INGB0001234567")
    bank_import_file(cooperative=coop, data=lump, filename="a.xml", by=treasurer)
    bank_after_first = total(coop, AccountPurpose.BANK)

    bank_import_file(cooperative=coop, data=details, filename="b.xml", by=treasurer)
    again = bank_import_file(cooperative=coop, data=details, filename="b.xml", by=treasurer)

    assert again.new_count == 0
    assert total(coop, AccountPurpose.BANK) == bank_after_first
    assert [member_balance_cents(member=m) for m in members] == [0, 0, 0]
