"""The ledger's answer to reservations.estimates: the price of a planned trip with the same
functions that charge a finished one (tariff in force at the start, real elapsed hours,
day cap), and what a finished trip was charged."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from members.models import Cooperative
from reservations.estimates import Estimate, TripCost
from reservations.models import Trip
from vehicles.models import Vehicle

from .models import TripCharge
from .services.tariffs import elapsed_seconds, pick_tariff, tariffs_valid_on, trip_amount_cents


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
