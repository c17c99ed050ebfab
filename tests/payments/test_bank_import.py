"""Bank statement import: CAMT.053 and MT940 samples as Dutch banks send them."""

import datetime as dt
from pathlib import Path

import pytest

from ledger.models import AccountPurpose, Posting, Transaction
from ledger.selectors import member_balance_cents
from payments.errors import BankFileError
from payments.gateways.bankfiles import parse
from payments.models import (
    BankImport,
    BankLine,
    BankLineStatus,
    CollectionStatus,
    Payment,
    PaymentFlag,
)
from payments.services import bank_import_file, bank_line_assign
from tests.factories import MemberFactory

from .factories import charge, collection, statement

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str, coop=None) -> bytes:
    """The sample file; with `coop`, that cooperative's own IBAN becomes the file's account."""
    data = (SAMPLES / name).read_bytes()
    if coop is not None:
        try:
            coop.iban = parse(data).account_iban
        except BankFileError:
            return data
        coop.save(update_fields=["iban"])
    return data


@pytest.fixture
def people(coop):
    """A pays statement B2026-0012 by reference, B is known by IBAN only, C had a direct debit collected."""
    a = MemberFactory(cooperative=coop, iban="NL02ABNA0123456789")  # pays from another account than on file
    b = MemberFactory(cooperative=coop, iban="NL36INGB0007654321")
    c = MemberFactory(cooperative=coop)
    charge(a, 10_930)
    charge(b, 5_000)
    statement(a, reference="B2026-0012", due_cents=4_510)
    statement(a, reference="B2026-0013", due_cents=6_420)
    charge(c, 2_000)
    col = collection(c, e2e="DEEL-TEST-E2E-0001", cents=2_000)
    return {"a": a, "b": b, "c": c, "collection": col}


def bank_total(coop) -> int:
    return sum(
        Posting.objects.filter(account__cooperative=coop, account__purpose=AccountPurpose.BANK).values_list(
            "amount_cents", flat=True
        )
    )


@pytest.mark.parametrize("name", ["camt053_rabobank.xml", "mt940_ing.sta"])
def test_import_matches_by_reference_then_iban_and_reverses_storno(
    coop, treasurer, people, mailoutbox, name, django_capture_on_commit_callbacks
):
    a, b, c = people["a"], people["b"], people["c"]
    bank_before = bank_total(coop)

    with django_capture_on_commit_callbacks(execute=True):
        result = bank_import_file(cooperative=coop, data=sample(name, coop), filename=name, by=treasurer)

    lines = {line.counterparty_iban: line for line in BankLine.objects.filter(bank_import=result)}
    assert lines["NL44RABO0123456789"].status == BankLineStatus.MATCHED
    assert lines["NL44RABO0123456789"].member == a  # by payment reference, although the IBAN is unknown
    assert lines["NL36INGB0007654321"].member == b  # by IBAN
    assert lines["NL75ABNA0555555555"].status == BankLineStatus.RETURN
    assert member_balance_cents(member=a) == 10_930 - 4_510
    assert member_balance_cents(member=b) == 5_000 - 3_000
    # Storno: the collection is reversed, so C owes the 20 euro again, and is flagged.
    assert member_balance_cents(member=c) == 2_000
    people["collection"].refresh_from_db()
    assert people["collection"].status == CollectionStatus.RETURNED
    assert people["collection"].return_reason == "MD06"
    assert PaymentFlag.objects.filter(member=c).count() == 1
    subjects = [m.subject for m in mailoutbox]
    assert any("gestorneerd" in s for s in subjects) and any(s.startswith("Storno") for s in subjects)
    # The bank in the books moved exactly as the statement (outgoing costs are booked elsewhere).
    incoming = sum(line.amount_cents for line in lines.values() if line.amount_cents > 0)
    assert bank_total(coop) - bank_before == incoming - 2_000
    assert lines["NL44RABO0123456789"].statement.payment_reference == "B2026-0012"


def test_reimporting_the_same_file_adds_nothing(coop, treasurer, people):
    bank_import_file(cooperative=coop, data=sample("camt053_rabobank.xml", coop), filename="a.xml", by=treasurer)
    counts = (BankLine.objects.count(), Transaction.objects.count(), Posting.objects.count(), Payment.objects.count())
    balance_a = member_balance_cents(member=people["a"])

    again = bank_import_file(
        cooperative=coop, data=sample("camt053_rabobank.xml", coop), filename="a.xml", by=treasurer
    )

    assert again.line_count == 5 and again.new_count == 0
    assert (
        BankLine.objects.count(),
        Transaction.objects.count(),
        Posting.objects.count(),
        Payment.objects.count(),
    ) == (counts)
    assert member_balance_cents(member=people["a"]) == balance_a


def test_unmatched_line_waits_in_queue_and_is_assigned_by_hand(coop, treasurer, people):
    bank_import_file(cooperative=coop, data=sample("camt053_rabobank.xml", coop), filename="a.xml", by=treasurer)
    queued = BankLine.objects.get(status=BankLineStatus.QUEUED)
    assert queued.counterparty_iban == "NL63TRIO0212345678"
    suspense = Posting.objects.filter(account__purpose=AccountPurpose.SUSPENSE)
    assert sum(p.amount_cents for p in suspense) == -1_250
    before = member_balance_cents(member=people["b"])

    bank_line_assign(line=queued, member=people["b"], by=treasurer)

    queued.refresh_from_db()
    assert queued.status == BankLineStatus.ASSIGNED
    assert member_balance_cents(member=people["b"]) == before - 1_250
    assert sum(p.amount_cents for p in Posting.objects.filter(account__purpose=AccountPurpose.SUSPENSE)) == 0
    with pytest.raises(Exception, match="al verwerkt"):
        bank_line_assign(line=queued, member=people["b"], by=treasurer)


def test_outgoing_lines_are_listed_not_booked(coop, treasurer, people):
    bank_before = bank_total(coop)
    result = bank_import_file(cooperative=coop, data=sample("camt053_rabobank.xml", coop), filename="a", by=treasurer)
    outgoing = BankLine.objects.get(bank_import=result, counterparty_iban="NL66ASNB0707070707")
    assert outgoing.status == BankLineStatus.OUTGOING and outgoing.amount_cents < 0
    assert outgoing.transaction is None
    assert result.outgoing_count == 1
    incoming = sum(line.amount_cents for line in BankLine.objects.filter(bank_import=result, amount_cents__gt=0))
    assert bank_total(coop) - bank_before == incoming - 2_000  # only the storno of DEEL's own collection


def test_a_storno_of_an_unknown_direct_debit_is_listed_for_the_treasurer(coop, treasurer, people):
    data = sample("mt940_ing.sta", coop).replace(b"DEEL-TEST-E2E-0001", b"ELDERS-E2E-0042")
    result = bank_import_file(cooperative=coop, data=data, filename="x.sta", by=treasurer)
    line = BankLine.objects.get(bank_import=result, is_return=True)
    assert line.status == BankLineStatus.RETURN_UNKNOWN and line.transaction is None
    assert people["collection"].status == CollectionStatus.SCHEDULED
    assert result.returned_count == 0 and result.outgoing_count == 1
    from payments.selectors import unknown_returns

    assert list(unknown_returns(cooperative=coop)) == [line]


def test_abn_amro_structured_reference_and_split_entry(coop, treasurer, people):
    result = bank_import_file(
        cooperative=coop, data=sample("camt053_abnamro.xml", coop), filename="abn.xml", by=treasurer
    )
    assert result.line_count == 3
    line = BankLine.objects.get(bank_import=result, amount_cents=6_420)
    assert line.member == people["a"] and line.status == BankLineStatus.MATCHED
    assert BankLine.objects.get(bank_import=result, amount_cents=1_000).member == people["b"]
    assert BankLine.objects.get(bank_import=result, amount_cents=335).status == BankLineStatus.QUEUED


def test_rabobank_mt940_reversal_sign_rc_is_money_out(coop, treasurer, people):
    result = bank_import_file(cooperative=coop, data=sample("mt940_rabobank.swi", coop), filename="r.swi", by=treasurer)
    storno = BankLine.objects.get(bank_import=result, is_return=True)
    assert storno.amount_cents == -2_000
    assert storno.return_reason == "AM04"
    assert member_balance_cents(member=people["c"]) == 2_000
    assert BankLine.objects.get(bank_import=result, amount_cents=6_420).member == people["a"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("camt053_truncated.xml", "beschadigd of onvolledig"),
        ("mt940_wrong_balance.sta", "eindsaldo"),
    ],
)
def test_malformed_file_is_rejected_whole(coop, treasurer, people, name, message):
    before = (BankImport.objects.count(), BankLine.objects.count(), Transaction.objects.count())
    with pytest.raises(BankFileError, match=message):
        bank_import_file(cooperative=coop, data=sample(name, coop), filename=name, by=treasurer)
    assert (BankImport.objects.count(), BankLine.objects.count(), Transaction.objects.count()) == before


def test_not_a_bank_file_is_rejected(coop, treasurer):
    with pytest.raises(BankFileError, match="geen bankafschrift"):
        bank_import_file(cooperative=coop, data=b"Datum;Bedrag\n2026-11-16;12,50\n", filename="x.csv", by=treasurer)
    assert BankImport.objects.count() == 0


def test_an_iban_shared_by_two_members_matches_nobody(coop, treasurer, people):
    MemberFactory(cooperative=coop, iban="NL36INGB0007654321")  # B's partner, same account
    result = bank_import_file(
        cooperative=coop, data=sample("camt053_rabobank.xml", coop), filename="a.xml", by=treasurer
    )
    assert BankLine.objects.get(bank_import=result, counterparty_iban="NL36INGB0007654321").status == (
        BankLineStatus.QUEUED
    )


@pytest.mark.parametrize("name", ["camt053_rabobank.xml", "mt940_ing.sta"])
def test_statement_of_another_account_is_refused_whole(coop, treasurer, people, name):
    """A treasurer who downloads their private account's statement by mistake imports nothing."""
    before = (BankImport.objects.count(), BankLine.objects.count(), Transaction.objects.count())
    coop.iban = "NL91ABNA0417164300"
    coop.save(update_fields=["iban"])
    with pytest.raises(BankFileError, match="niet van de rekening van de coöperatie") as raised:
        bank_import_file(cooperative=coop, data=sample(name), filename=name, by=treasurer)
    assert "NL91ABNA0417164300" in raised.value.message
    assert "NL20INGB0001234567EUR" not in raised.value.message  # the account, without the currency
    assert (BankImport.objects.count(), BankLine.objects.count(), Transaction.objects.count()) == before
    assert member_balance_cents(member=people["a"]) == 10_930


def test_a_multi_account_export_imports_the_own_account_and_names_the_others(coop, treasurer, people):
    """bunq exports every sub-account in one file: only the cooperative's own one is booked."""
    coop.iban = "NL23BUNQ2025123456"
    coop.save(update_fields=["iban"])
    result = bank_import_file(
        cooperative=coop, data=(SAMPLES / "camt053_bunq.xml").read_bytes(), filename="bunq.xml", by=treasurer
    )
    assert result.skipped_accounts == ["NL04BUNQ2025999999"]
    assert result.line_count == 1
    (line,) = BankLine.objects.filter(bank_import=result)
    assert line.member == people["b"] and line.amount_cents == 3_000
    assert not BankLine.objects.filter(amount_cents=50_000).exists()


def test_a_multi_account_mt940_imports_the_own_account(coop, treasurer, people):
    data = sample("mt940_ing.sta", coop)
    second = data.replace(b":25:NL20INGB0001234567EUR", b":25:NL44RABO0123456789EUR")
    result = bank_import_file(cooperative=coop, data=second + data, filename="x", by=treasurer)
    assert result.skipped_accounts == ["NL44RABO0123456789"]
    assert result.line_count == 3 and BankLine.objects.count() == 3


def test_a_line_dated_in_a_closed_period_is_booked_in_the_first_open_period(coop, treasurer, people):
    from ledger.models import Period, PeriodStatus
    from ledger.services.posting import period_for_date

    closed = period_for_date(cooperative=coop, date=dt.date(2026, 11, 16))
    Period.objects.filter(pk=closed.pk).update(status=PeriodStatus.CLOSED)

    result = bank_import_file(
        cooperative=coop, data=sample("camt053_rabobank.xml", coop), filename="a.xml", by=treasurer
    )

    assert result.new_count == 5 and result.moved_count == 4  # 3 incoming + the storno
    paid = BankLine.objects.get(bank_import=result, counterparty_iban="NL44RABO0123456789")
    assert paid.booked_on == dt.date(2026, 11, 16)  # what the bank says
    # One late-entry rule for the whole ledger: the real date kept, booked in the next open period.
    assert paid.transaction.date == paid.booked_on
    assert paid.transaction.period.starts_on == closed.ends_on + dt.timedelta(days=1)
    assert paid.transaction.period.label in paid.note and "16-11-2026" in paid.note
    assert paid.transaction.period.label in paid.transaction.description
    assert member_balance_cents(member=people["a"]) == 10_930 - 4_510
    booked = Transaction.objects.filter(source_key__regex=r"^(bankimport|storno):")
    assert booked.count() == 2 and not booked.filter(period=closed).exists()


@pytest.mark.parametrize(
    ("name", "iban", "a_pays"),
    [
        ("mt940_asn.sta", "NL94ASNB0707123456", 4_510),
        ("mt940_triodos.sta", "NL49TRIO0390123456", 6_420),
        ("mt940_abnamro.sta", "NL91ABNA0417164300", 6_420),
        ("camt053_sns.xml", "NL22SNSB0912345678", 4_510),
    ],
)
def test_each_banks_layout_matches_the_payment_reference(coop, treasurer, people, name, iban, a_pays):
    coop.iban = iban
    coop.save(update_fields=["iban"])
    result = bank_import_file(cooperative=coop, data=(SAMPLES / name).read_bytes(), filename=name, by=treasurer)
    paid = BankLine.objects.get(bank_import=result, amount_cents=a_pays)
    assert paid.status == BankLineStatus.MATCHED and paid.member == people["a"]
    assert paid.counterparty_iban == "NL44RABO0123456789"
    assert member_balance_cents(member=people["a"]) == 10_930 - a_pays


def test_knab_windows_1252_name_is_stored_right(coop, treasurer, people):
    coop.iban = "NL07KNAB0255123456"
    coop.save(update_fields=["iban"])
    result = bank_import_file(
        cooperative=coop, data=(SAMPLES / "mt940_knab.sta").read_bytes(), filename="knab.sta", by=treasurer
    )
    coffee = BankLine.objects.get(bank_import=result, amount_cents=1_250)
    assert coffee.counterparty_name == "CAFÉ ’T HOEKJE" and coffee.status == BankLineStatus.QUEUED
    assert BankLine.objects.get(bank_import=result, amount_cents=3_000).member == people["b"]


def test_without_the_cooperatives_iban_nothing_is_imported(coop, treasurer):
    coop.iban = ""
    coop.save(update_fields=["iban"])
    with pytest.raises(BankFileError, match="Vul eerst het IBAN"):
        bank_import_file(cooperative=coop, data=sample("mt940_ing.sta"), filename="x", by=treasurer)


def test_bank_import_command(coop, people, capsys):
    from django.core.management import call_command

    coop.iban = "NL20INGB0001234567"  # the account of the ING sample
    coop.save(update_fields=["iban"])
    call_command("bank_import", "--coop", coop.slug, str(SAMPLES / "mt940_ing.sta"))
    out = capsys.readouterr().out
    assert "3 lines, 3 new, 2 matched, 1 returns, 0 queued" in out
    call_command("bank_import", "--coop", coop.slug, str(SAMPLES / "mt940_ing.sta"))
    assert "3 lines, 0 new" in capsys.readouterr().out


def test_bank_import_command_malformed(coop):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="eindsaldo"):
        call_command("bank_import", "--coop", coop.slug, str(SAMPLES / "mt940_wrong_balance.sta"))


BROKEN_ING = (SAMPLES / "mt940_ing.sta").read_bytes().replace(b"C45,10NTRF", b"X45;10NTRF")


def test_bank_import_command_names_the_real_reason(coop, tmp_path):
    from django.core.management import CommandError, call_command

    coop.iban = "NL20INGB0001234567"
    coop.save(update_fields=["iban"])
    path = tmp_path / "kapot.sta"
    path.write_bytes(BROKEN_ING)
    with pytest.raises(CommandError) as raised:
        call_command("bank_import", "--coop", coop.slug, str(path))
    assert "Regel 6" in str(raised.value) and "mt940" not in str(raised.value)
    assert BankImport.objects.count() == 0


def test_bank_import_command_names_skipped_accounts(coop, people, capsys):
    from django.core.management import call_command

    coop.iban = "NL23BUNQ2025123456"
    coop.save(update_fields=["iban"])
    call_command("bank_import", "--coop", coop.slug, str(SAMPLES / "camt053_bunq.xml"))
    assert "Skipped other accounts: NL04BUNQ2025999999" in capsys.readouterr().out


def test_the_upload_page_shows_the_real_reason_of_a_broken_file(client, coop, treasurer):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.factories import PASSWORD

    coop.iban = "NL20INGB0001234567"
    coop.save(update_fields=["iban"])
    assert client.login(email=treasurer.user.email, password=PASSWORD)
    response = client.post(
        reverse("payments:bank", kwargs={"coop": coop.slug}),
        {"file": SimpleUploadedFile("kapot.sta", BROKEN_ING)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Regel 6 van het MT940-bestand" in page
    assert "mt940.tags" not in page and "Unable to parse" not in page
    assert BankLine.objects.count() == 0
