"""Numbers as Dutch people read them, beside deel/money.py: kilometres, hours, IBANs.

One place for each, used by templates (`{% load deel %}`), PDFs and messages alike.
"""

from __future__ import annotations

import datetime as dt


def format_thousands(value: int) -> str:
    """12345 -> '12.345' (Dutch thousands separator)."""
    return f"{int(value):,}".replace(",", ".")


def format_km(value: int | None, *, unit: bool = True) -> str:
    """12345 -> '12.345 km' ('' for None; without `unit` just '12.345')."""
    if value is None:
        return ""
    return format_thousands(value) + (" km" if unit else "")


def format_hours(value: float | dt.timedelta | None, *, unit: bool = True) -> str:
    """3.5 hours (or a timedelta) -> '3,5 u'; a whole number loses its ',0' only without the unit."""
    if value is None:
        return ""
    hours = value.total_seconds() / 3600 if isinstance(value, dt.timedelta) else float(value)
    text = f"{hours:.1f}".replace(".", ",")
    return text + " u" if unit else text.removesuffix(",0")


def format_minutes_clock(minutes: int | None) -> str:
    """150 -> '2:30' (hours:minutes, as on a statement); '' for None."""
    if minutes is None:
        return ""
    h, m = divmod(int(minutes), 60)
    return f"{h}:{m:02d}"


def format_iban(iban: str) -> str:
    """An IBAN in groups of four, as banks print it: 'NL91 ABNA 0417 1643 00' ('-' for none)."""
    compact = iban.replace(" ", "").upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4)) or "-"


def mask_iban(iban: str) -> str:
    """'NL91 •••• 4300': enough to recognise an account, not enough to use it."""
    return f"{iban[:4]} •••• {iban[-4:]}" if iban else ""
