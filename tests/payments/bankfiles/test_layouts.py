"""Each Dutch bank's own layout read right: names, IBANs, references and what is left out."""

from pathlib import Path

import pytest

from payments.errors import BankFileError
from payments.gateways.bankfiles import parse

SAMPLES = Path(__file__).parent.parent / "samples"


def lines(name: str):
    return parse((SAMPLES / name).read_bytes()).lines


def test_asn_mt940_iban_in_the_statement_line_and_text_in_65_character_lines():
    """de Volksbank (ASN, SNS, RegioBank) puts the IBAN in the :61: customer reference."""
    paid, transfer, garage = lines("mt940_asn.sta")
    assert (paid.counterparty_iban, paid.counterparty_name) == ("NL44RABO0123456789", "a de vries")
    assert paid.description == "Betaling afschrift B2026-0012 autodelen"
    assert (transfer.amount_cents, transfer.booked_on.isoformat()) == (3_000, "2026-11-24")
    # A full 65-character line continues mid-word on the next one.
    assert "GX-123-B november 2026" in garage.description and garage.amount_cents == -25_000


def test_triodos_sub_fields():
    paid, costs = lines("mt940_triodos.sta")
    assert (paid.counterparty_iban, paid.counterparty_name) == ("NL44RABO0123456789", "A DE VRIES")
    assert paid.description == "Betaling afschrift B2026-0013 autodelen"  # >20 and >21 joined
    assert costs.description == "KOSTEN BETAALREKENING OKTOBER 2026" and costs.counterparty_iban == ""


def test_abn_amro_iban_name_and_remittance_and_never_the_creditor_id():
    paid, insurer = lines("mt940_abnamro.sta")
    assert (paid.counterparty_iban, paid.counterparty_name, paid.description) == (
        "NL44RABO0123456789",
        "A DE VRIES",
        "B2026-0013",
    )
    assert insurer.counterparty_iban == "NL86INGB0002445588"  # not NL98ZZZ999999990000, the creditor id
    assert insurer.counterparty_name == "VERZEKERAAR AUTO BV"
    assert insurer.description == "Premie december GX-123-B"
    assert insurer.end_to_end_id == "P77123-202612"


def test_knab_windows_1252_text_is_stored_right():
    coffee, transfer = lines("mt940_knab.sta")
    assert coffee.counterparty_name == "CAFÉ ’T HOEKJE"
    assert (coffee.counterparty_iban, coffee.description) == ("NL63TRIO0212345678", "BIJDRAGE KOFFIE ALV NOVEMBER")
    assert transfer.counterparty_iban == "NL36INGB0007654321"


def test_sns_camt_additional_entry_information_is_kept_and_pending_entries_are_left_out():
    (only,) = lines("camt053_sns.xml")  # the PDNG entry is neither read nor counted in the balance
    assert "Betaling afschrift B2026-0012" in only.description


def test_ing_camt_batch_credit_carries_its_pmtinfid_and_pending_is_left_out():
    batch, transfer = lines("camt053_ing_batch.xml")
    assert batch.batch_ids == ("PMTINF-0001",) and batch.amount_cents == 9_510
    assert transfer.description == "B2026-0013 autodelen"


def test_ing_camt_batch_with_details_one_line_per_collection():
    found = lines("camt053_ing_batch_details.xml")
    assert [(line.end_to_end_id, line.amount_cents) for line in found] == [
        ("E2E-A", 4_510),
        ("E2E-B", 3_000),
        ("E2E-C", 2_000),
    ]


def test_rabobank_mt940_batch_credit_pref():
    batch, _transfer = lines("mt940_rabobank_batch.swi")
    assert batch.batch_ids == ("PMTINF-0001",)


def test_camt_with_prcd_opening_that_does_not_add_up_is_refused():
    """ING reports the opening as PRCD (previous closing): the check must not be skipped."""
    data = (SAMPLES / "camt053_ing_batch.xml").read_bytes().replace(b">1120.10<", b">1145.10<", 1)
    with pytest.raises(BankFileError, match="eindsaldo"):
        parse(data)


def test_camt_without_closing_balance_is_refused():
    data = (SAMPLES / "camt053_bunq.xml").read_bytes().replace(b"<Cd>CLBD</Cd>", b"<Cd>XXXX</Cd>", 1)
    with pytest.raises(BankFileError, match="eindsaldo"):
        parse(data)


@pytest.mark.parametrize(
    ("name", "find", "replace"),
    [
        ("mt940_ing.sta", b"C45,10NTRF", b"X45;10NTRF"),
        ("mt940_asn.sta", b"C45,10NOVB", b"C4S,10NOVB"),
        ("camt053_bunq.xml", b"<DtTm>2026-11-23T14:02:11+01:00</DtTm></BookgDt>", b"<DtTm>2026-13-23</DtTm></BookgDt>"),
        ("camt053_sns.xml", b'<Amt Ccy="EUR">45.10</Amt>', b'<Amt Ccy="EUR">45,1O</Amt>'),
    ],
)
def test_a_broken_file_is_refused_with_the_reason_in_dutch_never_python(name, find, replace):
    data = (SAMPLES / name).read_bytes()
    assert find in data
    with pytest.raises(BankFileError) as raised:
        parse(data.replace(find, replace, 1))
    message = raised.value.message
    assert "Er is niets ingelezen" in message
    for internal in ("mt940", "object at", "Unable to parse", "must be in", "Error", "BookgDt", "<"):
        assert internal not in message


def test_camt_written_in_windows_1252_is_read_and_stored_right():
    """Some bank software writes Windows-1252 while the XML declaration says UTF-8."""
    text = (SAMPLES / "camt053_sns.xml").read_text(encoding="utf-8")
    data = text.replace("A DE VRIES Betaling", "CAFÉ ’T HOEKJE Betaling").encode("cp1252")
    (only,) = parse(data).lines
    assert "CAFÉ ’T HOEKJE Betaling afschrift B2026-0012" in only.description
