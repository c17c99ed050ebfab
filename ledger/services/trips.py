"""Charging finished trips to their members (DESIGN "Cost model")."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Cooperative
from reservations.models import Reservation, Trip

from ..models import AccountPurpose, Period, TripCharge
from ..permissions import is_settled
from ..selectors import trips_uncharged
from .accounts import account_for
from .posting import Line, late_note, period_for_date, transaction_post
from .tariffs import elapsed_seconds, tariff_in_force, trip_amount_cents


def booking_date(*, cooperative: Cooperative, date: dt.date) -> dt.date:
    """`date`, or today when `date` lies in a closed or already settled period (a late
    charge never reopens a settled period)."""
    period = Period.objects.filter(cooperative=cooperative, starts_on__lte=date, ends_on__gte=date).first()
    if period is not None and (not period.is_open or is_settled(period)):
        return max(timezone.localdate(), period.ends_on + dt.timedelta(days=1))
    return date


@transaction.atomic
def trip_charge(*, trip: Trip) -> TripCharge | None:
    """Charge a finished trip once at the tariff in force at its start.

    Guarantees: at most one charge per trip (source "trip:<id>"); km from the odometer,
    hours as real elapsed time; the posted amount rounded once, half-up. Returns None
    (and charges nothing) when the trip is unfinished or no tariff is in force: the
    treasurer sees it under "ritten zonder tarief" and charges it later.
    """
    existing = TripCharge.objects.filter(trip=trip).first()
    if existing is not None:
        return existing
    if trip.odometer_end_km is None or trip.ended_at is None:
        return None
    cooperative = trip.cooperative
    vehicle = trip.vehicle
    started_on = timezone.localdate(trip.started_at)
    tariff = tariff_in_force(cooperative=cooperative, date=started_on, vehicle_class=vehicle.vehicle_class)
    if tariff is None:
        return None
    km = trip.odometer_end_km - trip.odometer_start_km
    seconds = elapsed_seconds(trip.started_at, trip.ended_at)
    amount = trip_amount_cents(tariff, starts_at=trip.started_at, ends_at=trip.ended_at, km=km)
    ended_on = timezone.localdate(trip.ended_at)
    date = booking_date(cooperative=cooperative, date=ended_on)
    local_start = timezone.localtime(trip.started_at)
    description = _("Rit %(plate)s %(date)s, %(km)s km") % {
        "plate": vehicle.plate,
        "date": local_start.strftime("%d-%m-%Y %H:%M"),
        "km": km,
    }
    if date != ended_on:
        # Charged after its period was settled: booked (and settled) in an open period, said so.
        description += f" ({late_note(period_for_date(cooperative=cooperative, date=date), ended_on)})"
    txn = None
    if amount:
        receivable = account_for(cooperative=cooperative, purpose=AccountPurpose.RECEIVABLE, member=trip.member)
        income = account_for(cooperative=cooperative, purpose=AccountPurpose.USAGE_INCOME)
        txn, _created = transaction_post(
            cooperative=cooperative,
            date=date,
            description=description,
            source_key=f"trip:{trip.pk}",
            lines=[
                Line(account=receivable, amount_cents=amount, member=trip.member, vehicle=vehicle),
                Line(account=income, amount_cents=-amount, member=trip.member, vehicle=vehicle),
            ],
        )
    charge = TripCharge(
        cooperative=cooperative,
        trip=trip,
        member=trip.member,
        vehicle=vehicle,
        tariff=tariff,
        transaction=txn,
        date=date,
        km=km,
        minutes=seconds // 60,
        amount_cents=amount,
    )
    charge.save()
    return charge


def trips_charge_pending(*, cooperative: Cooperative) -> int:
    """Charge every finished, uncharged trip that now has a tariff. Idempotent; returns
    the number of trips charged."""
    charged = 0
    for trip in trips_uncharged(cooperative=cooperative).select_related("cooperative"):
        if trip_charge(trip=trip) is not None:
            charged += 1
    return charged


@transaction.atomic
def late_cancellation_charge(*, reservation: Reservation, fee_cents: int) -> None:
    """Charge the booking rules' late-cancellation fee once (source "late-cancel:<id>"),
    dated the day of the cancellation (or the next open period's when that one is settled)."""
    if fee_cents <= 0:
        return
    cooperative = reservation.cooperative
    cancelled_on = timezone.localdate(reservation.cancelled_at or timezone.now())
    date = booking_date(cooperative=cooperative, date=cancelled_on)
    local_start = timezone.localtime(reservation.starts_at)
    description = _("Late annulering %(plate)s %(date)s") % {
        "plate": reservation.vehicle.plate,
        "date": local_start.strftime("%d-%m-%Y %H:%M"),
    }
    receivable = account_for(cooperative=cooperative, purpose=AccountPurpose.RECEIVABLE, member=reservation.member)
    income = account_for(cooperative=cooperative, purpose=AccountPurpose.USAGE_INCOME)
    transaction_post(
        cooperative=cooperative,
        date=date,
        description=description,
        source_key=f"late-cancel:{reservation.pk}",
        lines=[
            Line(account=receivable, amount_cents=fee_cents, member=reservation.member, vehicle=reservation.vehicle),
            Line(account=income, amount_cents=-fee_cents, member=reservation.member, vehicle=reservation.vehicle),
        ],
    )
