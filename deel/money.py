"""Money as people read it: integer cents to Dutch notation and back (DESIGN "Money")."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _


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


def parse_euro_amount(text: str) -> Decimal:
    """Euros as people type them to a Decimal (tariffs keep sub-cent precision); ValueError
    otherwise. Dutch first: '12,50', '1.234,56', '1.000' (one thousand) and '€ 7'; a dot
    without a comma is a decimal point only where it cannot group thousands ('12.5', '0.235')."""
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
    return amount


def parse_euros(text: str) -> int:
    """Euros as people type them (`parse_euro_amount`) to integer cents, half-up."""
    amount = parse_euro_amount(text)
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def round_cents(amount: Decimal) -> int:
    """Round a Decimal amount of cents once, half-up, to whole cents."""
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


# The largest amount each kind of input may be, in cents: far above any real one, low
# enough to catch a slip ("8500000" for 8.500,00, or three zeros too many).
MAX_CENTS: dict[str, int] = {
    "per_km": 10_00,  # tariff per km
    "per_hour": 100_00,  # tariff per hour
    "day_cap": 1_000_00,  # tariff: maximum hour price per day
    "monthly_fee": 500_00,  # membership fee per month
    "per_kwh": 5_00,  # home charging paid back per kWh
    "car_cost": 100_000_00,  # one car cost (or refund)
    "expense": 10_000_00,  # one expense claim
    "reserve": 100_000_00,  # the reserve decided for a period (or taken from it)
    "contributed_value": 250_000_00,  # the agreed value of a contributed car
    "penalty": 1_000_00,  # one penalty rate the ALV sets (per unit)
}


def limit_message(kind: str, cents: int | Decimal) -> str | None:
    """A Dutch message when `cents` (its size; a refund or a tariff with sub-cent
    precision alike) is above the limit of its kind (MAX_CENTS), else None."""
    limit = MAX_CENTS[kind]
    if abs(Decimal(cents)) <= limit:
        return None
    return _("Dit bedrag is hoger dan %(max)s, het maximum hier. Controleer het bedrag.") % {"max": format_cents(limit)}
