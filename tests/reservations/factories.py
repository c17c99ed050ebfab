"""Factories and helpers of the reservations tests."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from reservations.models import Reservation
from reservations.services import reservation_create
from tests.factories import CooperativeFactory, MemberFactory, VehicleFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def local(y, m, d, h=0, minute=0) -> dt.datetime:
    return dt.datetime(y, m, d, h, minute, tzinfo=AMS)


def soon(days: int = 1, hour: int = 10) -> dt.datetime:
    """A whole hour `days` from today, local time."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


def coop_with_cars(n_cars: int = 2, n_members: int = 2):
    coop = CooperativeFactory()
    cars = [VehicleFactory(cooperative=coop) for _ in range(n_cars)]
    members = [MemberFactory(cooperative=coop) for _ in range(n_members)]
    return coop, cars, members


def book(member, vehicle, start: dt.datetime, hours: float = 2) -> Reservation:
    return reservation_create(
        member=member, vehicle=vehicle, starts_at=start, ends_at=start + dt.timedelta(hours=hours)
    )
