"""Dutch public holidays, for the fair-use rule that counts weekends and holidays apart."""

from __future__ import annotations

import datetime as dt
from functools import cache

from dateutil.easter import easter


@cache
def dutch_holidays(year: int) -> frozenset[dt.date]:
    """New Year, Easter, King's Day, Liberation Day, Ascension, Whitsun and Christmas."""
    e = easter(year)
    kings = dt.date(year, 4, 27)
    if kings.weekday() == 6:  # on a Sunday it moves to the Saturday before
        kings -= dt.timedelta(days=1)
    days = {
        dt.date(year, 1, 1),
        e,
        e + dt.timedelta(days=1),
        kings,
        dt.date(year, 5, 5),
        e + dt.timedelta(days=39),
        e + dt.timedelta(days=49),
        e + dt.timedelta(days=50),
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
    }
    return frozenset(days)


def is_weekend_or_holiday(day: dt.date) -> bool:
    return day.weekday() >= 5 or day in dutch_holidays(day.year)
