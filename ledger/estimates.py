"""What a booking will cost, with the same functions that charge a finished trip (tariff in force
at the start, real elapsed hours, day cap), so an estimate and the charge of the same km and time
are the same amount: the ledger's answer to reservations.estimates (LedgerPrices), and the
estimate of extending a running booking (extension_preview)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from members.models import Cooperative
from reservations.errors import BookingConflict
from reservations.estimates import Estimate, TripCost
from reservations.models import Reservation, Trip
from reservations.selectors import extension_conflict
from vehicles.models import Vehicle

from .models import TripCharge
from .services.tariffs import elapsed_seconds, pick_tariff, tariff_in_force, tariffs_valid_on, trip_amount_cents


class LedgerPrices:
    def estimates(
        self,
        *,
        cooperative: Cooperative,
        vehicles: list[Vehicle],
        starts_at: dt.datetime,
        ends_at: dt.datetime,
        km: int,
    ) -> dict[int, Estimate]:
        """One query for all cars: the tariffs valid on the start date."""
        candidates = tariffs_valid_on(cooperative=cooperative, date=timezone.localdate(starts_at))
        result = {}
        for vehicle in vehicles:
            tariff = pick_tariff(candidates, vehicle.vehicle_class)
            if tariff is None:
                continue
            result[vehicle.pk] = Estimate(
                amount_cents=trip_amount_cents(tariff, starts_at=starts_at, ends_at=ends_at, km=km),
                km=km,
                hours=elapsed_seconds(starts_at, ends_at) / 3600,
                per_km=tariff.per_km,
                per_hour=tariff.per_hour,
                day_cap=tariff.day_cap,
            )
        return result

    def trip_cost(self, *, trip: Trip) -> TripCost | None:
        charge = TripCharge.objects.filter(trip=trip).only("amount_cents", "km", "minutes").first()
        if charge is None:
            return None
        return TripCost(amount_cents=charge.amount_cents, km=charge.km, minutes=charge.minutes)


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
    return trip_amount_cents(tariff, starts_at=reservation.starts_at, ends_at=ends_at, km=km)


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
