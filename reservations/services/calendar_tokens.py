"""Secret calendar-feed addresses (GET /cal/<token>.ics): issue, revoke.

The actor is on the row: a token is issued and revoked by its own member (`member`,
`created_at`, `revoked_at`); the platform admin's bulk revoke has no member."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from members.models import Member
from vehicles.models import Vehicle

from .. import permissions
from ..models import CalendarToken


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
