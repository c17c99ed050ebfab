"""Which cars are free when: the overlap check of the booking services and the
availability search. Every range is half-open, [start, blocked_until)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from deel.formats import format_datetime
from members.models import Cooperative
from vehicles.models import Vehicle, VehicleStatus

from .errors import BookingConflict
from .models import ACTIVE_STATUSES, Reservation


def blocked_until_for(vehicle: Vehicle, ends_at: dt.datetime) -> dt.datetime:
    return ends_at + dt.timedelta(minutes=vehicle.buffer_minutes)


def overlapping(
    *, vehicle: Vehicle, starts_at: dt.datetime, blocked_until: dt.datetime, exclude_pk: int | None = None
) -> QuerySet[Reservation]:
    """Active reservations of `vehicle` whose [start, blocked_until) meets the given range."""
    qs = Reservation.objects.filter(
        vehicle=vehicle, status__in=ACTIVE_STATUSES, starts_at__lt=blocked_until, blocked_until__gt=starts_at
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("starts_at")


def free_vehicles(
    *, cooperative: Cooperative, starts_at: dt.datetime, ends_at: dt.datetime, exclude_pk: int | None = None
) -> list[Vehicle]:
    """The cooperative's bookable cars that are free for [starts_at, ends_at + their buffer).

    Two queries: the cars, and the active reservations that could collide with any of them.
    """
    vehicles = list(
        Vehicle.objects.filter(cooperative=cooperative, status=VehicleStatus.ACTIVE).order_by("make", "model", "plate")
    )
    if not vehicles:
        return []
    max_buffer = max(v.buffer_minutes for v in vehicles)
    taken = Reservation.objects.filter(
        vehicle__in=vehicles,
        status__in=ACTIVE_STATUSES,
        starts_at__lt=ends_at + dt.timedelta(minutes=max_buffer),
        blocked_until__gt=starts_at,
    )
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    busy: dict[int, list[dt.datetime]] = {}
    for vehicle_id, other_start in taken.values_list("vehicle_id", "starts_at"):
        busy.setdefault(vehicle_id, []).append(other_start)
    free = []
    for v in vehicles:
        limit = blocked_until_for(v, ends_at)
        if not any(s < limit for s in busy.get(v.pk, ())):
            free.append(v)
    return free


def _when(value: dt.datetime) -> str:
    return format_datetime(value)


def conflict_error(
    *, vehicle: Vehicle, starts_at: dt.datetime, ends_at: dt.datetime, conflicts: list[Reservation]
) -> BookingConflict:
    """A BookingConflict saying until when `vehicle` is taken and which cars are free."""
    taken_until = max(r.blocked_until for r in conflicts) if conflicts else None
    # Chained bookings (back to back): the car is taken until the first gap after the conflicts.
    for _hop in range(20):
        if taken_until is None:
            break
        nxt = (
            overlapping(vehicle=vehicle, starts_at=taken_until, blocked_until=taken_until + dt.timedelta(seconds=1))
            .order_by("-blocked_until")
            .first()
        )
        if nxt is None or nxt.blocked_until <= taken_until:
            break
        taken_until = nxt.blocked_until
    others = [
        v
        for v in free_vehicles(cooperative=vehicle.cooperative, starts_at=starts_at, ends_at=ends_at)
        if v.pk != vehicle.pk
    ]
    car = f"{vehicle.short_name} ({vehicle.plate})"
    if taken_until is not None:
        message = _("%(car)s is dan al gereserveerd: bezet tot %(until)s (inclusief %(buffer)s minuten buffer).") % {
            "car": car,
            "until": _when(taken_until),
            "buffer": vehicle.buffer_minutes,
        }
    else:
        message = _("%(car)s is dan al gereserveerd.") % {"car": car}
    if others:
        names = ", ".join(f"{v.short_name} ({v.plate})" for v in others)
        message += " " + _("Vrij van %(start)s tot %(end)s: %(cars)s.") % {
            "start": _when(starts_at),
            "end": _when(ends_at),
            "cars": names,
        }
    else:
        message += " " + _("Er is in die periode geen andere auto vrij.")
    return BookingConflict(message, taken_until=taken_until, free_vehicles=others)
