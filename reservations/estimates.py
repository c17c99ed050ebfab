"""What a booking will cost, asked of whoever prices trips (the ledger registers itself at
start-up, like a signal receiver): reservations never computes a price of its own, so an
estimate is always what the real charge of the same trip would be."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from members.models import Cooperative
from vehicles.models import Vehicle

from .models import Trip

# What the booking form assumes when the member has not said how far they will drive.
DEFAULT_KM = 20


@dataclass(frozen=True)
class Estimate:
    amount_cents: int
    km: int
    hours: float  # for display only; the amount is computed from the exact elapsed seconds
    per_km: Decimal
    per_hour: Decimal
    day_cap: Decimal | None


@dataclass(frozen=True)
class TripCost:
    amount_cents: int
    km: int
    minutes: int


class PriceSource(Protocol):
    def estimates(
        self,
        *,
        cooperative: Cooperative,
        vehicles: list[Vehicle],
        starts_at: dt.datetime,
        ends_at: dt.datetime,
        km: int,
    ) -> dict[int, Estimate]: ...

    def trip_cost(self, *, trip: Trip) -> TripCost | None: ...


_source: PriceSource | None = None


def register(source: PriceSource) -> None:
    global _source
    _source = source


def estimates(
    *, cooperative: Cooperative, vehicles: list[Vehicle], starts_at: dt.datetime, ends_at: dt.datetime, km: int
) -> dict[int, Estimate]:
    """Per vehicle pk, what the trip would cost at the tariff in force at `starts_at`; a car
    without a tariff in force is left out (the page says "geen tarief")."""
    if _source is None or not vehicles:
        return {}
    return _source.estimates(cooperative=cooperative, vehicles=vehicles, starts_at=starts_at, ends_at=ends_at, km=km)


def trip_cost(*, trip: Trip) -> TripCost | None:
    """What a finished trip was charged, or None while it is not (yet) charged."""
    if _source is None:
        return None
    return _source.trip_cost(trip=trip)
