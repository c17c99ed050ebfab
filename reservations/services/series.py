"""Recurring bookings (e.g. every Tuesday 08:00-12:00 for 8 weeks).

The recurrence comes from django-scheduler (a weekly Rule on the vehicle calendar's
Event); each occurrence is a reservation checked on its own. The member first sees the
plan with the conflicting occurrences, then chooses to book the free ones.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.errors import NotAllowedToBook
from members.models import Member
from members.services import member_assert_may_book
from vehicles.models import Vehicle

from .. import calendar_sync, selectors
from ..availability import blocked_until_for, conflict_error, overlapping
from ..errors import BookingConflict, BookingRuleViolation, ReservationError
from ..models import Reservation
from ..rules import check_fair_use, check_timing
from .booking import as_utc, book, overlap_as_conflict

MAX_WEEKS = 26


@dataclass
class SeriesPlanItem:
    starts_at: dt.datetime
    ends_at: dt.datetime
    problem: str = ""
    left_out: bool = False  # the member did not pick this week

    @property
    def key(self) -> str:
        """How the page names this occurrence when the member picks it (UTC, to the minute)."""
        return occurrence_key(self.starts_at)


def occurrence_key(starts_at: dt.datetime) -> str:
    return as_utc(starts_at).strftime("%Y%m%dT%H%MZ")


@dataclass
class SeriesResult:
    series: uuid.UUID
    booked: list[Reservation] = field(default_factory=list)
    skipped: list[SeriesPlanItem] = field(default_factory=list)


def _occurrences(*, vehicle, member, starts_at, ends_at, weeks, calendar=None):
    if not 2 <= weeks <= MAX_WEEKS:
        raise ReservationError(_("Een herhaling loopt 2 tot %(max)s weken.") % {"max": MAX_WEEKS})
    if starts_at >= ends_at:
        raise BookingRuleViolation(_("Het einde moet na het begin liggen."))
    event = calendar_sync.series_event(
        vehicle=vehicle,
        calendar=calendar,
        user_id=member.user_id,
        title=f"{member.name} ({vehicle.plate})",
        starts_at=starts_at,
        ends_at=ends_at,
        weeks=weeks,
    )
    return event, calendar_sync.series_occurrences(event)


def reservation_series_plan(
    *, member: Member, vehicle: Vehicle, starts_at: dt.datetime, ends_at: dt.datetime, weeks: int
) -> list[SeriesPlanItem]:
    """Every occurrence with the reason it cannot be booked ('' when it can): the same
    checks as booking it (licence on that day, rules, fair use counting the earlier free
    weeks, a free car). Reads only."""
    member_assert_may_book(member=member)
    _event, occurrences = _occurrences(
        vehicle=vehicle, member=member, starts_at=starts_at, ends_at=ends_at, weeks=weeks, calendar=None
    )
    rules = selectors.booking_rules_for(vehicle.cooperative)
    now = timezone.now()
    plan = []
    planned: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in occurrences:
        start, end = as_utc(start), as_utc(end)
        item = SeriesPlanItem(start, end)
        try:
            member_assert_may_book(member=member, on=timezone.localtime(end).date())
            check_timing(rules=rules, starts_at=start, ends_at=end, now=now)
            check_fair_use(rules=rules, member=member, starts_at=start, ends_at=end, now=now, planned=planned)
            conflicts = list(
                overlapping(vehicle=vehicle, starts_at=start, blocked_until=blocked_until_for(vehicle, end))
            )
            if conflicts:
                raise conflict_error(vehicle=vehicle, starts_at=start, ends_at=end, conflicts=conflicts)
        except (BookingConflict, BookingRuleViolation, NotAllowedToBook) as err:
            item.problem = err.message
        else:
            planned.append((start, end))
        plan.append(item)
    return plan


@transaction.atomic
def reservation_series_create(
    *,
    member: Member,
    vehicle: Vehicle,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    weeks: int,
    skip_conflicts: bool = True,
    chosen: set[str] | None = None,
) -> SeriesResult:
    """Book every week's occurrence that is free and allowed, each checked like a single
    booking. With `skip_conflicts` the others are reported (and shown cancelled in the
    calendar); without it the first problem raises and nothing is booked. `chosen`: the
    keys (SeriesPlanItem.key) of the weeks the member picked from the plan; the other
    weeks are left out. Raises BookingConflict when not a single occurrence can be booked."""
    event, occurrences = _occurrences(
        vehicle=vehicle,
        member=member,
        starts_at=starts_at,
        ends_at=ends_at,
        weeks=weeks,
        calendar=calendar_sync.vehicle_calendar(vehicle),
    )
    event.save()
    result = SeriesResult(series=uuid.uuid4())
    for start, end in occurrences:
        if chosen is not None and occurrence_key(start) not in chosen:
            calendar_sync.occurrence_record(event=event, start=start, end=end, cancelled=True)
            result.skipped.append(SeriesPlanItem(start, end, _("Niet gekozen."), left_out=True))
            continue
        try:
            with overlap_as_conflict(vehicle=vehicle, starts_at=start, ends_at=end), transaction.atomic():
                reservation = book(
                    member=member,
                    vehicle=vehicle,
                    starts_at=start,
                    ends_at=end,
                    series=result.series,
                    calendar_event=event,
                )
                reservation.calendar_occurrence = calendar_sync.occurrence_record(
                    event=event, start=start, end=end, cancelled=False
                )
                reservation.save(update_fields=["calendar_occurrence"])
        except (BookingConflict, BookingRuleViolation, NotAllowedToBook) as err:
            if not skip_conflicts:
                raise
            calendar_sync.occurrence_record(event=event, start=start, end=end, cancelled=True)
            result.skipped.append(SeriesPlanItem(start, end, err.message))
        else:
            result.booked.append(reservation)
    if not result.booked:
        raise BookingConflict(_("Geen enkele keer uit deze herhaling kon worden geboekt."))
    return result
