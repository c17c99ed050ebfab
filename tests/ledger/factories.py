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
    """A tariff with a text reference: one decided before the cooperative used DEEL (the
    database refuses a text reference after its start in DEEL, which is moved past it here)."""
    if reference:
        start = cooperative.deel_started_on or cooperative.created_at.date()
        if valid_from >= start:
            cooperative.deel_started_on = valid_from + dt.timedelta(days=1)
            cooperative.save(update_fields=["deel_started_on"])
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
    # `hours` of real time (aware arithmetic in one time zone would add wall-clock hours).
    end = (start.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(start.tzinfo)
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


def settled_quarter(cooperative):
    """2026-Q1 of two drivers and two cars, the monthly statements of January to March
    issued, then the quarter settled (dated 31 March, after March's statements).

    Tariff 0,20 per km, nothing per hour, no fee; reserve 10,00.
    Car AA-111-A costs 100,00: Jan 300 km (paid 60,00), Els 100 km (paid 20,00):
    real cost 0,25 per km, 20,00 short, split 3:1 -> Jan +15,00, Els +5,00.
    Car BB-222-B costs 10,00: Els 200 km (paid 40,00): 30,00 surplus -> Els -30,00.
    The reserve by km (300:300) -> +5,00 each. Jan pays 20,00 more; Els gets 20,00 back.
    Returns (jan, els, settlement result)."""
    from ledger.services import (
        car_cost_create,
        period_resolve,
        period_set_reserve,
        settlement_run,
        statements_issue_month,
        trip_charge,
    )
    from members.models import Role
    from tests.factories import MemberFactory, VehicleFactory

    treasurer = MemberFactory(cooperative=cooperative, roles=[Role.TREASURER])
    make_tariff(cooperative, per_km="0.20", per_hour="0", monthly_fee="0")
    car_a = VehicleFactory(cooperative=cooperative, plate="AA-111-A")
    car_b = VehicleFactory(cooperative=cooperative, plate="BB-222-B")
    jan = MemberFactory(cooperative=cooperative, user__first_name="Jan", user__last_name="Bos")
    els = MemberFactory(cooperative=cooperative, user__first_name="Els", user__last_name="Smit")
    trip_charge(trip=make_trip(jan, car_a, start=aware(2026, 1, 12), km=300, hours=4))
    trip_charge(trip=make_trip(els, car_a, start=aware(2026, 2, 9), km=100, hours=3))
    trip_charge(trip=make_trip(els, car_b, start=aware(2026, 3, 2), km=200, hours=5))
    car_cost_create(
        vehicle=car_a, category="insurance", description="Premie", amount_cents=10000, incurred_on=dt.date(2026, 1, 5)
    )
    car_cost_create(
        vehicle=car_b, category="maintenance", description="Beurt", amount_cents=1000, incurred_on=dt.date(2026, 2, 5)
    )
    for month in (1, 2, 3):
        statements_issue_month(cooperative=cooperative, month=dt.date(2026, month, 1))
    period = period_resolve(cooperative=cooperative, period="2026-Q1")
    period_set_reserve(period=period, amount_cents=1000, decision_reference="ALV 1 maart 2026", by=treasurer)
    result = settlement_run(cooperative=cooperative, period=period, posted_by=treasurer)
    return jan, els, result
