"""Demo data of reservations: a year of realistic bookings and trips, and the next two
weeks booked so the week grid is alive.

Weekday errands, evening trips, weekend trips, summer holidays, maintenance blocks, a few
cancellations, no-shows and late returns, fuel and charging receipts. Everything goes
through the services (so ledger hears of finished trips and receipts). Deterministic
(ctx.rng) and idempotent (skipped when the cooperative already has reservations).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw

from reservations.errors import ReservationError
from reservations.models import BookingRules, ReceiptKind, Reservation
from reservations.services import (
    maintenance_block_create,
    receipt_add,
    reservation_cancel,
    reservation_create,
    reservation_mark_no_show,
    trip_end,
    trip_start,
)
from vehicles.models import Fuel, Vehicle, VehicleStatus
from vehicles.services import odometer_last_km

from .members import DemoContext

RECEIPT_PHOTO = "receipts/demo-bon.png"
HISTORY_DAYS = 365
AHEAD_DAYS = 14


def _receipt_photo() -> str:
    """One drawn receipt picture, shared by every demo receipt (no downloads)."""
    if not default_storage.exists(RECEIPT_PHOTO):
        img = Image.new("RGB", (240, 360), (250, 250, 245))
        draw = ImageDraw.Draw(img)
        for i, line in enumerate(["TANKSTATION", "Euro 95", "32,10 L", "TOTAAL EUR 61,20", "PIN"]):
            draw.text((20, 30 + i * 40), line, fill=(20, 20, 20))
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        default_storage.save(RECEIPT_PHOTO, ContentFile(buf.getvalue()))
    return RECEIPT_PHOTO


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone())


def _battery(vehicle: Vehicle, km: int, distance: int) -> tuple[int, int] | None:
    """(start %, end %) of an electric car's trip: full-ish at pick-up, some 0.4 % a km used,
    charged on the way on long trips. None for other cars."""
    if vehicle.fuel != Fuel.ELECTRIC:
        return None
    start = 78 + km % 22
    used = distance * 2 // 5
    end = start - used if used < start - 10 else 45 + km % 40
    return start, max(end, 12)


def _next_booking(rng, cursor: dt.datetime) -> tuple[dt.datetime, dt.datetime, int, str]:
    """The next booking of a car starting at or after `cursor`: (start, end, km, what)."""
    day = timezone.localtime(cursor).date() + dt.timedelta(days=rng.choice((0, 1, 1, 1, 2, 3)))
    while True:
        booking = _booking_on(rng, day)
        if booking[0] >= cursor:
            return booking
        day += dt.timedelta(days=1)


def _booking_on(rng, day: dt.date) -> tuple[dt.datetime, dt.datetime, int, str]:
    summer = (day.month == 7 and day.day >= 10) or (day.month == 8 and day.day <= 20)
    if day.weekday() == 5 and summer and rng.random() < 0.3:
        start = _at(day, rng.choice((8, 9, 10)))
        return start, _at(day + dt.timedelta(days=rng.choice((7, 8, 13))), 17), rng.randint(700, 1900), "holiday"
    if day.weekday() == 5 and rng.random() < 0.45:
        start = _at(day, rng.choice((8, 9, 10, 13)))
        return start, _at(day + dt.timedelta(days=1), rng.choice((17, 18, 19))), rng.randint(120, 420), "weekend"
    if day.weekday() < 5 and rng.random() < 0.2:
        start = _at(day, rng.choice((18, 19)), rng.choice((0, 30)))
        return start, start + dt.timedelta(hours=rng.choice((2, 3, 4))), rng.randint(15, 70), "evening"
    start = _at(day, rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
    return start, start + dt.timedelta(hours=rng.choice((1, 2, 2, 3, 4, 5))), rng.randint(6, 90), "errand"


def _seed_car(ctx: DemoContext, vehicle: Vehicle, drivers: list, start: dt.datetime, stats: dict) -> None:
    rng = ctx.rng
    now = timezone.now()
    horizon = now + dt.timedelta(days=AHEAD_DAYS)
    photo = _receipt_photo()
    km = odometer_last_km(vehicle=vehicle) or rng.randint(20_000, 80_000)
    caretaker = vehicle.caretaker or ctx.board[0]
    cursor = start
    next_service = start + dt.timedelta(days=rng.randint(60, 120))
    while True:
        begin, end, distance, what = _next_booking(rng, cursor)
        if begin >= horizon:
            break
        if begin >= next_service and begin < now:
            # A day in the garage (the day after `cursor`), blocked by the caretaker.
            block_start = _at(timezone.localtime(cursor).date() + dt.timedelta(days=1), 8)
            maintenance_block_create(
                vehicle=vehicle,
                by=caretaker,
                starts_at=block_start,
                ends_at=block_start + dt.timedelta(hours=9),
                note="Onderhoudsbeurt",
            )
            stats["maintenance"] += 1
            next_service = begin + dt.timedelta(days=rng.randint(90, 150))
            cursor = block_start + dt.timedelta(hours=10)
            continue
        cursor = end + dt.timedelta(hours=rng.randint(1, 30))
        member = rng.choice(drivers)
        booked_on = begin - dt.timedelta(hours=rng.randint(3, 24 * 10))
        reservation = reservation_create(
            member=member, vehicle=vehicle, starts_at=begin, ends_at=end, now=min(booked_on, now)
        )
        stats["bookings"] += 1
        roll = rng.random()
        if roll < 0.05:
            reservation_cancel(
                reservation=reservation, by=member, now=min(begin - dt.timedelta(hours=rng.randint(2, 72)), now)
            )
            stats["cancelled"] += 1
            continue
        if end >= now - dt.timedelta(hours=20):
            continue  # still to come, or the member has not filled in the odometer yet
        if roll < 0.08:
            reservation_mark_no_show(reservation=reservation, by=caretaker)
            stats["no_show"] += 1
            continue
        # Electric cars: the battery at pick-up and return, from the trip itself (no extra
        # draws from rng, so the rest of the demo stays as it was).
        battery = _battery(vehicle, km, distance)
        trip = trip_start(
            reservation=reservation,
            odometer_km=km,
            by=member,
            now=begin,
            battery_percent=battery[0] if battery else None,
        )
        returned_at = None
        if roll > 0.96 and what == "errand":
            returned_at = end + dt.timedelta(minutes=rng.choice((20, 35, 50)))
            stats["late"] += 1
        km += distance
        trip_end(
            trip=trip,
            odometer_km=km,
            by=member,
            returned_at=returned_at,
            now=returned_at or end,
            battery_percent=battery[1] if battery else None,
        )
        stats["trips"] += 1
        if distance > 150 or rng.random() < 0.08:
            electric = vehicle.fuel == Fuel.ELECTRIC
            litres = Decimal(distance * 100 // rng.randint(14, 20)) / 100
            kwh = Decimal(distance * 17) / 100
            price = rng.randint(185, 205) if not electric else 55  # cents per litre / kWh
            amount = int((kwh if electric else litres) * price)
            receipt_add(
                trip=trip,
                by=member,
                kind=ReceiptKind.CHARGING if electric else ReceiptKind.FUEL,
                amount_cents=max(amount, 500),
                paid_on=timezone.localtime(end).date(),
                photo=photo,
                litres=None if electric else litres,
                kwh=kwh if electric else None,
            )
            stats["receipts"] += 1


def _upcoming_for_demo_member(member, vehicles: list[Vehicle]) -> None:
    """The printed member log-in finds two bookings of its own ahead: an errand in two
    days and a Saturday outing, each in the first car free then."""
    today = timezone.localdate()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    wanted = [(today + dt.timedelta(days=2), 9, 3), (saturday + dt.timedelta(days=7), 10, 8)]
    for day, hour, hours in wanted:
        begin = _at(day, hour)
        for vehicle in vehicles:
            try:  # the members' own path: rules, free car, a savepoint of its own
                reservation_create(
                    member=member, vehicle=vehicle, starts_at=begin, ends_at=begin + dt.timedelta(hours=hours)
                )
            except ReservationError:
                continue
            break


def seed(ctx: DemoContext) -> None:
    for coop, vehicles, members, history in (
        (ctx.coop, ctx.vehicles, ctx.members, HISTORY_DAYS),
        (ctx.second, ctx.second_vehicles, ctx.second_members, 30),
    ):
        if coop is None or Reservation.objects.filter(cooperative=coop).exists():
            continue
        vehicles = [v for v in vehicles if v.status == VehicleStatus.ACTIVE] or list(
            Vehicle.objects.filter(cooperative=coop, status=VehicleStatus.ACTIVE).order_by("pk")
        )
        drivers = [m for m in members if m.is_active and m.may_drive and m.licence_expires_on]
        if not vehicles or not drivers:
            continue
        stats = dict.fromkeys(("bookings", "trips", "cancelled", "no_show", "late", "receipts", "maintenance"), 0)
        start = timezone.now() - dt.timedelta(days=history)
        for vehicle in vehicles:
            _seed_car(ctx, vehicle, drivers, start, stats)
        ctx.extra.setdefault("reservations", {})[coop.slug] = stats
        if coop == ctx.coop and drivers[0] == ctx.members[0]:
            _upcoming_for_demo_member(drivers[0], vehicles)
    if ctx.coop is not None and ctx.board:
        BookingRules.objects.get_or_create(
            cooperative=ctx.coop,
            defaults={
                "max_hours_30d": 120,
                "max_weekend_bookings_30d": 3,
                "late_cancellation_hours": 24,
                "late_cancellation_fee_cents": 500,
                "updated_by": ctx.board[0],
            },
        )
