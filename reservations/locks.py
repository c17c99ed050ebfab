"""Row locks of reservations, always taken in primary-key order (so two transactions that
lock the same rows never wait on each other in a circle).

A service that writes a reservation or a trip locks the car first (vehicles.services.
vehicle_lock: the booking lock of that car) and then its own rows with these. On SQLite
`select_for_update` does nothing: the IMMEDIATE transaction already holds the write lock.
"""

from __future__ import annotations

from collections.abc import Iterable

from members.models import Cooperative
from vehicles.models import Vehicle
from vehicles.services import vehicle_lock

from .models import BookingRules, Reservation, Trip


def reservations_lock(*, pks: Iterable[int]) -> list[Reservation]:
    """Lock the reservations with these ids (pk order), loaded with member, car and cooperative."""
    return list(
        Reservation.objects.filter(pk__in=list(pks))
        .select_related("member__user", "vehicle", "cooperative")
        .order_by("pk")
        .select_for_update(of=("self",))
    )


def reservation_lock(*, reservation: Reservation) -> Reservation:
    """Lock one reservation and read it again (its state as of now, not as the caller loaded it)."""
    (locked,) = reservations_lock(pks=[reservation.pk])
    return locked


def reservation_with_car_lock(*, reservation: Reservation) -> tuple[Reservation, Vehicle]:
    """Lock the reservation's car (the booking lock), then the reservation itself."""
    vehicle = vehicle_lock(vehicle=reservation.vehicle)
    return reservation_lock(reservation=reservation), vehicle


def trip_lock(*, trip: Trip) -> Trip:
    """Lock one trip and read it again, with its reservation and member."""
    return (
        Trip.objects.filter(pk=trip.pk)
        .select_related("reservation", "member")
        .order_by("pk")
        .select_for_update(of=("self",))
        .get()
    )


def booking_rules_lock(*, cooperative: Cooperative) -> BookingRules | None:
    """Lock the cooperative's rules row (None when it has none yet)."""
    return BookingRules.objects.filter(cooperative=cooperative).order_by("pk").select_for_update().first()
