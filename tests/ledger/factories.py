"""Ledger test data: trips built directly (reservations' own services are not needed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ledger.models import Tariff
from reservations.models import Reservation, ReservationStatus, Trip


def aware(y: int, m: int, d: int, h: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h, minute))


def make_tariff(
    cooperative,
    *,
    valid_from=dt.date(2020, 1, 1),
    per_km="0.25",
    per_hour="2.00",
    day_cap=None,
    monthly_fee="5.00",
    vehicle_class="",
    reference="ALV 2020 punt 4",
) -> Tariff:
    return Tariff.objects.create(
        cooperative=cooperative,
        valid_from=valid_from,
        per_km=Decimal(per_km),
        per_hour=Decimal(per_hour),
        day_cap=Decimal(day_cap) if day_cap is not None else None,
        monthly_fee=Decimal(monthly_fee),
        vehicle_class=vehicle_class,
        decision_reference=reference,
    )


_km: dict[int, int] = {}


def make_trip(member, vehicle, *, start: dt.datetime, hours: float = 2, km: int = 30, finished: bool = True) -> Trip:
    end = start + dt.timedelta(hours=hours)
    # One car cannot be booked twice at once (PostgreSQL refuses overlaps): move a clashing
    # trip a day later.
    while Reservation.objects.filter(vehicle=vehicle, starts_at__lt=end, blocked_until__gt=start).exists():
        start += dt.timedelta(days=1)
        end += dt.timedelta(days=1)
    reservation = Reservation.objects.create(
        cooperative=vehicle.cooperative,
        vehicle=vehicle,
        member=member,
        starts_at=start,
        ends_at=end,
        blocked_until=end,
        status=ReservationStatus.COMPLETED if finished else ReservationStatus.BOOKED,
    )
    odo = _km.get(vehicle.pk, 10_000)
    _km[vehicle.pk] = odo + km
    return Trip.objects.create(
        reservation=reservation,
        cooperative=vehicle.cooperative,
        vehicle=vehicle,
        member=member,
        started_at=start,
        ended_at=end if finished else None,
        odometer_start_km=odo,
        odometer_end_km=odo + km if finished else None,
    )
