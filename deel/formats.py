"""Numbers and dates as Dutch people read them, beside deel/money.py: kilometres, hours, IBANs,
dates and times.

One place for each, used by templates (`{% load deel %}`), PDFs and messages alike.

Dates are written one way everywhere: short weekday, day, lower-case short month and a
24-hour time, "vr 4 dec 09:00"; the year only when it is not this year ("4 dec 2025"), or
always where a document must stand on its own (`year=True`, PDFs). English: "Fri 4 Dec 09:00".
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone, translation


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


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _day_pattern(day: dt.date, *, weekday: bool, year: bool | None) -> str:
    # Django's "b" is the lower-case short month ("dec", "mrt"); English writes it capitalised.
    month = "M" if (translation.get_language() or "nl").startswith("en") else "b"
    with_year = year if year is not None else day.year != timezone.localdate().year
    return ("D " if weekday else "") + "j " + month + (" Y" if with_year else "")


def format_date(value: dt.date | dt.datetime | None, *, weekday: bool = False, year: bool | None = None) -> str:
    """A day as '4 dec' ('4 dec 2025' in another year; `weekday`: 'vr 4 dec'); '' for None.
    `year=True` always writes the year, `year=False` never."""
    if value is None:
        return ""
    local = _local(value)
    day = local.date() if isinstance(local, dt.datetime) else local
    return formats.date_format(local, _day_pattern(day, weekday=weekday, year=year))


def format_time(value: dt.datetime | dt.time | None) -> str:
    """'09:00' (24 hours, local time); '' for None."""
    if value is None:
        return ""
    local = timezone.localtime(value) if isinstance(value, dt.datetime) and timezone.is_aware(value) else value
    return f"{local.hour:02d}:{local.minute:02d}"


def format_datetime(value: dt.datetime | None, *, weekday: bool = True, year: bool | None = None) -> str:
    """A moment in local time as 'vr 4 dec 09:00' ('vr 4 dec 2025 09:00' in another year); '' for None."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):  # a day without a time of day
        return format_date(value, weekday=weekday, year=year)
    return f"{format_date(value, weekday=weekday, year=year)} {format_time(value)}"


def format_span(starts_at: dt.datetime | None, ends_at: dt.datetime | None) -> str:
    """'vr 4 dec 09:00–12:00' on one day, 'vr 4 dec 09:00 – za 5 dec 10:00' across days."""
    if starts_at is None or ends_at is None:
        return format_datetime(starts_at or ends_at)
    start, end = _local(starts_at), _local(ends_at)
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime) and start.date() == end.date():
        return f"{format_datetime(starts_at)}–{format_time(ends_at)}"
    return f"{format_datetime(starts_at)} – {format_datetime(ends_at)}"
