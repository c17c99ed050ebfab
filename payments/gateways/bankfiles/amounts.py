"""Bank amounts (text such as "1234.56" or "1234,56") to integer cents, exactly."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def text_to_cents(text: str) -> int:
    """'12.50' or '12,5' -> 1250; ValueError for anything that is not an amount with at most 2 decimals."""
    cleaned = (text or "").strip().replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(text)
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(text)
    return int(cents)


def decimal_to_cents(amount: Decimal) -> int:
    cents = amount * 100
    if not cents.is_finite() or cents != cents.to_integral_value():
        raise ValueError(str(amount))
    return int(cents)
