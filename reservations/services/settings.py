"""Booking rules (edited by the board) and secret calendar-feed tokens."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from members.models import Cooperative, Member
from vehicles.models import Vehicle

from .. import permissions
from ..models import BookingRules, CalendarToken

RULE_FIELDS = (
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
    "reminder_minutes",
)


@transaction.atomic
def booking_rules_update(*, cooperative: Cooperative, by: Member, **values) -> BookingRules:
    """The board sets the cooperative's booking rules (a row is created on first save)."""
    if not permissions.can_edit_rules(by) or by.cooperative_id != cooperative.pk:
        raise PermissionDenied
    rules = BookingRules.objects.select_for_update().filter(cooperative=cooperative).first()
    rules = rules or BookingRules(cooperative=cooperative)
    for name, value in values.items():
        if name not in RULE_FIELDS:
            raise TypeError(f"unknown booking rule {name}")
        setattr(rules, name, value)
    rules.updated_by = by
    rules.full_clean()
    rules.save()
    return rules


@transaction.atomic
def calendar_token_issue(*, member: Member, vehicle: Vehicle | None = None) -> CalendarToken:
    """A new secret feed address; the member's previous one (for the same car) is revoked.
    A car's feed is for its caretaker (or the board)."""
    if vehicle is not None and (
        vehicle.cooperative_id != member.cooperative_id or not permissions.cares_for(member, vehicle)
    ):
        raise PermissionDenied
    CalendarToken.objects.filter(member=member, vehicle=vehicle, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = CalendarToken(member=member, vehicle=vehicle, token=secrets.token_urlsafe(32))
    token.save()
    return token


@transaction.atomic
def calendar_token_revoke(*, token: CalendarToken, by: Member) -> None:
    if token.member_id != by.pk:
        raise PermissionDenied
    CalendarToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def calendar_tokens_revoke(*, tokens) -> int:
    """Revoke feed addresses for the platform admin (a leaked address); returns how many
    still worked. The member can make a new one on the calendar page."""
    return CalendarToken.objects.filter(pk__in=[t.pk for t in tokens], revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
