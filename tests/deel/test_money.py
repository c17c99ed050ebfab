"""Euros as Dutch people type and read them (issue 10, money input)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deel.money import format_cents, parse_euros


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("1.000", 100_000),  # one thousand euros, as written in Dutch
        ("1.000,00", 100_000),
        ("12.345.678", 1_234_567_800),
        ("1.234,56", 123_456),
        ("12,5", 1_250),
        ("12,50", 1_250),
        ("€ 7", 700),
        ("12.5", 1_250),  # a dot that cannot group thousands is a decimal point
        ("0.235", 24),  # rounded once, half-up
        ("-1.000", -100_000),
        (" 3 ", 300),
    ],
)
def test_amounts_as_typed(typed, cents):
    assert parse_euros(typed) == cents


@pytest.mark.parametrize("typed", ["", "abc", "1,2,3", "NaN", "Infinity", "1.00.0"])
def test_what_is_no_amount_is_refused(typed):
    with pytest.raises(ValueError):
        parse_euros(typed)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_what_is_shown_reads_back_as_the_same_amount(cents):
    assert parse_euros(format_cents(cents)) == cents
    assert parse_euros(format_cents(cents, symbol=False)) == cents
