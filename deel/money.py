"""Money as people read it: integer cents to Dutch notation and back (DESIGN "Money")."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def format_cents(cents: int | None, *, symbol: bool = True) -> str:
    """1234567 -> '€ 12.345,67'; negative with a minus sign before the symbol."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(int(cents)), 100)
    body = f"{euros:,}".replace(",", ".") + f",{rest:02d}"
    return f"{sign}€ {body}" if symbol else f"{sign}{body}"


# Dots that group thousands as Dutch people type them: "1.000", "12.345.678".
_THOUSANDS = re.compile(r"-?[1-9]\d{0,2}(\.\d{3})+")


def parse_euros(text: str) -> int:
    """Euros as people type them to integer cents (half-up); ValueError otherwise.

    Dutch first: '12,50', '1.234,56', '1.000' (one thousand) and '€ 7'; a dot without a
    comma is a decimal point only where it cannot group thousands ('12.5', '0.235')."""
    cleaned = text.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not amount.is_finite():
        raise ValueError(text)
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def round_cents(amount: Decimal) -> int:
    """Round a Decimal amount of cents once, half-up, to whole cents."""
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
