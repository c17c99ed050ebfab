"""Keeps django-scheduler's calendars in step with reservations.

One schedule.Calendar per vehicle (slug `vehicle-<pk>`, related to the vehicle); an Event
per single reservation; a recurring series is one Event with a weekly Rule whose
occurrences are persisted: booked ones linked to their reservation, skipped or
cancelled ones marked cancelled. Our Reservation stays the source of truth; these rows
only mirror it (the services call these functions inside their transaction).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from schedule.models import Calendar, CalendarRelation, Event, Occurrence, Rule

from vehicles.models import Vehicle

from .models import Reservation


def vehicle_calendar(vehicle: Vehicle) -> Calendar:
    """The car's calendar, made on first use. Two first bookings at once may both try to
    make it: the slug is unique, so the loser (in its own savepoint) reads the winner's."""
    slug = f"vehicle-{vehicle.pk}"
    calendar = Calendar.objects.filter(slug=slug).first()
    if calendar is None:
        try:
            with transaction.atomic():
                calendar = Calendar.objects.create(slug=slug, name=str(vehicle)[:200])
                CalendarRelation.objects.create(calendar=calendar, content_object=vehicle, distinction="vehicle")
        except IntegrityError:
            calendar = Calendar.objects.get(slug=slug)
    return calendar


def vehicle_calendar_id(vehicle: Vehicle) -> int:
    """The vehicle calendar's id, remembered on this Vehicle instance (calendars are never
    deleted, so the cache is safe for the instance's life: one request, one loop)."""
    cached = vehicle.__dict__.get("_deel_calendar_id")
    if cached is None:
        cached = vehicle.__dict__["_deel_calendar_id"] = vehicle_calendar(vehicle).pk
    return cached


def _title(reservation: Reservation) -> str:
    if reservation.is_charging_block:
        return f"Laden {reservation.vehicle.plate}"
    if reservation.is_maintenance:
        return f"Onderhoud {reservation.vehicle.plate}"
    return f"{reservation.member.name} ({reservation.vehicle.plate})"[:255]


def event_unsaved(reservation: Reservation, *, vehicle: Vehicle | None = None) -> Event:
    """The event of a single reservation, not saved. `vehicle`: the caller's instance of
    the car (it carries the cached calendar id)."""
    return Event(
        calendar_id=vehicle_calendar_id(vehicle or reservation.vehicle),
        start=reservation.starts_at,
        end=reservation.ends_at,
        title=_title(reservation),
        creator_id=reservation.member.user_id,
    )


def event_for_new(reservation: Reservation, *, vehicle: Vehicle | None = None) -> Event:
    """A (saved) event for a single reservation not yet saved itself."""
    event = event_unsaved(reservation, vehicle=vehicle)
    event.save()
    return event


def weekly_rule(interval: int = 1) -> Rule:
    rule, _ = Rule.objects.get_or_create(
        name=f"weekly-{interval}",
        frequency="WEEKLY",
        defaults={"params": f"interval:{interval}", "description": f"Every {interval} week(s)"},
    )
    return rule


def series_event(
    *,
    vehicle: Vehicle,
    calendar: Calendar | None,
    user_id: int,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    weeks: int,
) -> Event:
    """An unsaved weekly event of `weeks` occurrences, in Europe/Amsterdam wall-clock time
    (08:00 stays 08:00 across a daylight-saving change)."""
    local_start = timezone.localtime(starts_at)
    return Event(
        calendar=calendar,
        start=local_start,
        end=timezone.localtime(ends_at),
        title=title[:255],
        creator_id=user_id,
        rule=weekly_rule() if calendar is not None else Rule(frequency="WEEKLY", params="interval:1"),
        end_recurring_period=local_start + dt.timedelta(weeks=weeks - 1, hours=1),
    )


def series_occurrences(event: Event) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of every occurrence of a (saved or unsaved) series event."""
    tz = timezone.get_current_timezone()
    rrule = event.get_rrule_object(tz)
    duration = event.end - event.start
    result = []
    for naive in rrule:
        start = timezone.make_aware(naive, tz)
        result.append((start, start + duration))
    return result


def occurrence_record(*, event: Event, start: dt.datetime, end: dt.datetime, cancelled: bool) -> Occurrence:
    return Occurrence.objects.create(
        event=event,
        start=start,
        end=end,
        original_start=start,
        original_end=end,
        cancelled=cancelled,
        title=event.title,
    )


def sync_changed(reservation: Reservation) -> None:
    """Mirror new times (or a cancellation) of a reservation."""
    cancelled = reservation.is_cancelled
    if reservation.calendar_occurrence_id:
        Occurrence.objects.filter(pk=reservation.calendar_occurrence_id).update(
            start=reservation.starts_at, end=reservation.ends_at, cancelled=cancelled
        )
    elif reservation.calendar_event_id:
        if cancelled:
            event_id = reservation.calendar_event_id
            Reservation.objects.filter(pk=reservation.pk).update(calendar_event=None)
            reservation.calendar_event = None
            Event.objects.filter(pk=event_id).delete()
        else:
            Event.objects.filter(pk=reservation.calendar_event_id).update(
                start=reservation.starts_at, end=reservation.ends_at
            )
