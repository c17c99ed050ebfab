"""Views of reservations: thin (parse, check permission, call one service or selector, render)."""

from .booking import (  # noqa: F401
    book,
    cancel,
    car_calendar,
    detail,
    edit,
    find,
    index,
    maintenance_block,
    mine,
    no_show,
    overview,
    series,
    set_return,
    week,
)
from .settings import calendar_feed, rules, tokens  # noqa: F401
from .trips import damage, receipt_add, receipt_photo, trip_end, trip_photo, trip_start  # noqa: F401
from .waitlist import waitlist_join  # noqa: F401
