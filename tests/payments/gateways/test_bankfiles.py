"""The bank-file gateway on its own: which account a statement belongs to."""

import pytest

from payments.gateways.bankfiles import account_matches


@pytest.mark.parametrize(
    ("named", "iban", "same"),
    [
        ("NL20INGB0001234567EUR", "NL20INGB0001234567", True),
        ("NL27RABO0300000005 EUR", "NL27RABO0300000005", True),
        ("ABNANL2A/417164300", "NL91ABNA0417164300", True),  # older ABN AMRO MT940: account number only
        ("NL20INGB0001234567", "NL91ABNA0417164300", False),
        ("", "NL91ABNA0417164300", False),
    ],
)
def test_account_matches(named, iban, same):
    assert account_matches(named, iban) is same
