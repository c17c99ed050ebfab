"""The cooperative's booking rules, set by the board; every save is recorded (who, when,
which rule from what to what)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from members.models import Cooperative, Member

from .. import locks, permissions
from ..models import BookingRules, BookingRulesChange

# The rules the board edits (the rules page's form shows exactly these).
BOOKING_RULE_FIELDS = (
    "min_duration_minutes",
    "max_duration_hours",
    "max_days_ahead",
    "min_notice_minutes",
    "max_hours_7d",
    "max_bookings_7d",
    "max_hours_30d",
    "max_bookings_30d",
    "max_weekend_bookings_30d",
    "late_cancellation_hours",
    "late_cancellation_fee_cents",
    "reminder_minutes",
    "trip_photos_min",
    "ev_min_battery_percent",
    "ev_reminder_minutes",
    "min_fuel_at_return",
    "key_code_margin_minutes",
)


@transaction.atomic
def booking_rules_update(*, cooperative: Cooperative, by: Member, **values: Any) -> BookingRules:
    """The board sets the cooperative's booking rules (a row is created on first save).
    Rules that contradict each other are refused (ValidationError, from the model); a save
    that changes something is recorded as a BookingRulesChange by `by`."""
    if not permissions.can_edit_rules(by) or by.cooperative_id != cooperative.pk:
        raise PermissionDenied
    rules = locks.booking_rules_lock(cooperative=cooperative) or BookingRules(cooperative=cooperative)
    changes = {}
    for name, value in values.items():
        if name not in BOOKING_RULE_FIELDS:
            raise TypeError(f"unknown booking rule {name}")
        if getattr(rules, name) != value:
            changes[name] = [getattr(rules, name), value]
        setattr(rules, name, value)
    rules.updated_by = by
    rules.full_clean()
    rules.save()
    if changes:
        BookingRulesChange.objects.create(cooperative=cooperative, by=by, changes=changes)
    return rules
