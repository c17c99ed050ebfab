"""Every write of reservations, and the app's public door: import services from here
(`reservations.services.reservation_create`), never from the modules behind it.

booking.py: booking, changing, cancelling (the one booking path); series.py: recurring
bookings; trips.py: trips, receipts, damage; booking_rules.py: the board's booking rules;
calendar_tokens.py: secret calendar-feed addresses. E-mails are in reservations.emails,
queued by these services through reservations.tasks.
"""

from .booking import (
    maintenance_block_create,
    reservation_cancel,
    reservation_change,
    reservation_create,
    reservation_extend,
    reservation_mark_no_show,
    reservation_set_return,
    reservation_shorten,
)
from .booking_rules import BOOKING_RULE_FIELDS, booking_rules_update
from .calendar_tokens import calendar_token_issue, calendar_token_revoke, calendar_tokens_revoke
from .series import MAX_WEEKS, SeriesPlanItem, SeriesResult, reservation_series_create, reservation_series_plan
from .trips import receipt_add, suggested_start_km, trip_end, trip_report_damage, trip_start

__all__ = [
    "BOOKING_RULE_FIELDS",
    "MAX_WEEKS",
    "SeriesPlanItem",
    "SeriesResult",
    "booking_rules_update",
    "calendar_token_issue",
    "calendar_token_revoke",
    "calendar_tokens_revoke",
    "maintenance_block_create",
    "receipt_add",
    "reservation_cancel",
    "reservation_change",
    "reservation_create",
    "reservation_extend",
    "reservation_mark_no_show",
    "reservation_series_create",
    "reservation_series_plan",
    "reservation_set_return",
    "reservation_shorten",
    "suggested_start_km",
    "trip_end",
    "trip_report_damage",
    "trip_start",
]
