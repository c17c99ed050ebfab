"""Every write of reservations: bookings (booking.py), recurring series (series.py),
trips and receipts (trips.py), calendar tokens and rules (settings.py), notifications
(notifications.py). Import services from here: `reservations.services.reservation_create`."""

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
from .notifications import (
    notify_late_return,
    scan_due_notifications,
    send_odometer_request,
    send_reminder,
)
from .series import SeriesPlanItem, SeriesResult, reservation_series_create, reservation_series_plan
from .settings import booking_rules_update, calendar_token_issue, calendar_token_revoke, calendar_tokens_revoke
from .trips import receipt_add, trip_end, trip_report_damage, trip_start

__all__ = [
    "SeriesPlanItem",
    "SeriesResult",
    "booking_rules_update",
    "calendar_token_issue",
    "calendar_token_revoke",
    "calendar_tokens_revoke",
    "maintenance_block_create",
    "notify_late_return",
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
    "scan_due_notifications",
    "send_odometer_request",
    "send_reminder",
    "trip_end",
    "trip_report_damage",
    "trip_start",
]
