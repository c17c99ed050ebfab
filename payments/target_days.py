"""TARGET2 business days: the days SEPA direct debits settle on (the ECB's calendar).

Not business days: Saturdays, Sundays, New Year's Day, Good Friday, Easter Monday, 1 May,
25 and 26 December (the `holidays` library's ECB financial calendar). Dutch public holidays
such as King's Day are ordinary TARGET days.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

# The SEPA Core rulebook (since November 2016): the collection reaches the debtor's bank at
# least one TARGET business day before the due date, FRST and RCUR alike.
SCHEME_LEAD_BUSINESS_DAYS = 1


@cache
def _closed(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.financial_holidays("ECB", years=year))


def is_target_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _closed(day.year)


def next_target_business_day(day: dt.date) -> dt.date:
    """`day` itself when it is a TARGET business day, else the first one after it."""
    while not is_target_business_day(day):
        day += dt.timedelta(days=1)
    return day


def add_target_business_days(day: dt.date, count: int) -> dt.date:
    """The `count`-th TARGET business day after `day`."""
    for _ in range(count):
        day = next_target_business_day(day + dt.timedelta(days=1))
    return day


def target_holidays_between(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """The TARGET holidays from `start` to `end` (inclusive), with their English names."""
    found: list[tuple[dt.date, str]] = []
    for year in range(start.year, end.year + 1):
        calendar = holidays.financial_holidays("ECB", years=year)
        found += [(day, str(name)) for day, name in calendar.items() if start <= day <= end]
    return sorted(found)
