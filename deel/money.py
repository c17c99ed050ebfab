"""Money as people read it: integer cents to Dutch notation and back (DESIGN "Money")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def format_cents(cents: int | None, *, symbol: bool = True) -> str:
    """1234567 -> '€ 12.345,67'; negative with a minus sign before the symbol."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(int(cents)), 100)
    body = f"{euros:,}".replace(",", ".") + f",{rest:02d}"
    return f"{sign}€ {body}" if symbol else f"{sign}{body}"


def parse_euros(text: str) -> int:
    """'12,50', '1.234,56', '12.5' or '€ 7' to integer cents (half-up); ValueError otherwise."""
    cleaned = text.strip().replace("€", "").replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
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
