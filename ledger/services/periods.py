"""Period arithmetic: which month, quarter or year a date falls in, and its label."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.utils.translation import gettext as _

from members.models import Cooperative, SettlementPeriod


def period_bounds(kind: str, date: dt.date) -> tuple[str, dt.date, dt.date]:
    """(label, first day, last day) of the period of `kind` containing `date`."""
    if kind == SettlementPeriod.MONTH:
        last_day = calendar.monthrange(date.year, date.month)[1]
        return f"{date.year}-{date.month:02d}", date.replace(day=1), date.replace(day=last_day)
    if kind == SettlementPeriod.QUARTER:
        q = (date.month - 1) // 3 + 1
        first = dt.date(date.year, 3 * q - 2, 1)
        last_month = 3 * q
        last = dt.date(date.year, last_month, calendar.monthrange(date.year, last_month)[1])
        return f"{date.year}-Q{q}", first, last
    return f"{date.year}", dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)


_LABEL = re.compile(r"^(?P<y>\d{4})(?:-(?:Q(?P<q>[1-4])|(?P<m>0[1-9]|1[0-2])))?$")


def parse_period_label(label: str) -> tuple[str, dt.date, dt.date]:
    """'2026-Q3', '2026-07' or '2026' to (kind, first day, last day); ValueError otherwise."""
    match = _LABEL.match(label.strip())
    if not match:
        raise ValueError(label)
    year = int(match["y"])
    if match["q"]:
        kind = SettlementPeriod.QUARTER
        date = dt.date(year, 3 * int(match["q"]), 1)
    elif match["m"]:
        kind = SettlementPeriod.MONTH
        date = dt.date(year, int(match["m"]), 1)
    else:
        kind = SettlementPeriod.YEAR
        date = dt.date(year, 1, 1)
    _label, first, last = period_bounds(kind, date)
    return kind, first, last


_EXAMPLES = {SettlementPeriod.MONTH: "2026-07", SettlementPeriod.QUARTER: "2026-Q3", SettlementPeriod.YEAR: "2026"}


def period_kind_refusal(*, cooperative: Cooperative, kind: str, label: str) -> str | None:
    """Why `label` (of `kind`) is not one of the cooperative's periods, or None: a
    cooperative settles per month, quarter or year (its statutes), never a mix."""
    own = SettlementPeriod(cooperative.settlement_period)
    if kind == own:
        return None
    return _(
        "%(coop)s rekent af per %(kind)s; %(label)s is geen periode van deze coöperatie. Geef bijvoorbeeld %(example)s."
    ) % {"coop": cooperative.name, "kind": str(own.label).lower(), "label": label, "example": _EXAMPLES[own]}
