"""What a booking will cost, estimated with the same function that charges trips
(`trip_price_cents` at the tariff in force at the start), so an estimate and the charge
of the same km and time are the same amount."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from reservations.errors import BookingConflict
from reservations.models import Reservation
from reservations.selectors import extension_conflict

from .services.tariffs import tariff_in_force, trip_price_cents


def booking_estimate_cents(*, reservation: Reservation, ends_at: dt.datetime, km: int = 0) -> int | None:
    """The trip charge of `reservation` if it ran until `ends_at` with `km` driven; None
    when no tariff is in force (nothing would be charged automatically)."""
    tariff = tariff_in_force(
        cooperative=reservation.cooperative,
        date=timezone.localdate(reservation.starts_at),
        vehicle_class=reservation.vehicle.vehicle_class,
    )
    if tariff is None:
        return None
    seconds = int((ends_at - reservation.starts_at).total_seconds())
    return trip_price_cents(tariff, km=km, seconds=seconds)


@dataclass(frozen=True)
class ExtensionPreview:
    ends_at: dt.datetime
    km: int
    estimate_cents: int | None
    extra_cents: int | None
    # Set when the car is taken after the booking: says until when (its `taken_until`).
    conflict: BookingConflict | None


def extension_preview(*, reservation: Reservation, ends_at: dt.datetime, km: int = 0) -> ExtensionPreview:
    """Whether the car is free from the booking's end until `ends_at`, and the estimate
    with the new end (and what it adds). Reads only; the service decides when confirmed."""
    conflict = extension_conflict(reservation=reservation, ends_at=ends_at)
    before = booking_estimate_cents(reservation=reservation, ends_at=reservation.ends_at, km=km)
    after = booking_estimate_cents(reservation=reservation, ends_at=ends_at, km=km)
    extra = None if after is None or before is None else after - before
    return ExtensionPreview(ends_at=ends_at, km=km, estimate_cents=after, extra_cents=extra, conflict=conflict)
