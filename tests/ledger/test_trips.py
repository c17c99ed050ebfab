"""Charging finished trips: tariff in force at the start, real elapsed hours, once."""

import datetime as dt

import pytest

from ledger.models import Posting, TripCharge
from ledger.selectors import member_balance_cents, trips_uncharged
from ledger.services import trip_charge, trips_charge_pending
from reservations.signals import trip_finished
from vehicles.models import VehicleClass

from .factories import aware, make_tariff, make_trip


def test_trip_is_charged_at_the_tariff_in_force_at_its_start(coop, member, car):
    make_tariff(coop, valid_from=dt.date(2026, 1, 1), per_km="0.2350", per_hour="1.50")
    make_tariff(coop, valid_from=dt.date(2026, 3, 2), per_km="0.50", per_hour="3.00")
    # Starts on 1 March late evening, ends on 2 March: the old tariff applies.
    trip = make_trip(member, car, start=aware(2026, 3, 1, 22), hours=3, km=41)
    charge = trip_charge(trip=trip)
    # 41 * 0.235 + 3 * 1.50 = 9.635 + 4.50 = 14.135 -> 1414 cents (half-up, once)
    assert charge.amount_cents == 1414
    assert member_balance_cents(member=member) == 1414
    assert charge.km == 41 and charge.minutes == 180


def test_hours_are_real_elapsed_time_across_daylight_saving(coop, member, car):
    make_tariff(coop, per_km="0", per_hour="2.00", monthly_fee="0")
    # 29 March 2026: clocks go forward at 02:00 in Amsterdam; 00:00 -> 06:00 local is 5 real hours.
    start = aware(2026, 3, 29, 0)
    trip = make_trip(member, car, start=start, hours=5, km=10)
    assert trip_charge(trip=trip).amount_cents == 1000


def test_day_cap_applies_per_24_hours(coop, member, car):
    make_tariff(coop, per_km="0.10", per_hour="3.00", day_cap="25.00", monthly_fee="0")
    trip = make_trip(member, car, start=aware(2026, 5, 1, 9), hours=30, km=100)
    # 100 km * 0.10 = 10; first 24 h capped at 25; last 6 h = 18 -> 53.00
    assert trip_charge(trip=trip).amount_cents == 5300


def test_class_tariff_is_preferred(coop, member, car):
    car.vehicle_class = VehicleClass.VAN
    car.save()
    make_tariff(coop, per_km="0.20", per_hour="0")
    make_tariff(coop, per_km="0.40", per_hour="0", vehicle_class=VehicleClass.VAN)
    trip = make_trip(member, car, start=aware(2026, 5, 1), km=10)
    assert trip_charge(trip=trip).amount_cents == 400


def test_signal_charges_once(coop, member, car):
    make_tariff(coop)
    trip = make_trip(member, car, start=aware(2026, 5, 1), km=10, hours=1)
    trip_finished.send(sender=None, trip=trip)
    trip_finished.send(sender=None, trip=trip)
    assert TripCharge.objects.count() == 1
    assert Posting.objects.count() == 2


def test_trip_without_tariff_waits_and_is_charged_later(coop, member, car):
    trip = make_trip(member, car, start=aware(2026, 5, 1), km=10, hours=1)
    trip_finished.send(sender=None, trip=trip)  # does not fail the member's trip
    assert list(trips_uncharged(cooperative=coop)) == [trip]
    make_tariff(coop, valid_from=dt.date(2026, 1, 1))
    assert trips_charge_pending(cooperative=coop) == 1
    assert trips_charge_pending(cooperative=coop) == 0
    assert not trips_uncharged(cooperative=coop).exists()


def test_unfinished_trip_is_not_charged(coop, member, car):
    make_tariff(coop)
    trip = make_trip(member, car, start=aware(2026, 5, 1), finished=False)
    assert trip_charge(trip=trip) is None
    assert not TripCharge.objects.exists()


@pytest.mark.parametrize("per_km", ["0", "0.00"])
def test_free_trip_counts_without_posting(coop, member, car, per_km):
    make_tariff(coop, per_km=per_km, per_hour="0")
    charge = trip_charge(trip=make_trip(member, car, start=aware(2026, 5, 1), km=12))
    assert charge.amount_cents == 0 and charge.transaction is None and charge.km == 12
