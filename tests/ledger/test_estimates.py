"""The estimate before booking is what the finished trip is charged: the same functions
(tariff in force at the start, real elapsed hours across DST, the day cap)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.models import Posting, Transaction
from ledger.selectors import member_balance_cents, price_list
from ledger.services import trip_charge
from reservations import estimates
from reservations.models import BookingRules
from reservations.services import reservation_cancel, reservation_create
from tests.reservations.factories import soon
from vehicles.models import VehicleClass

from .factories import aware, make_tariff, make_trip


def _estimate(coop, car, start, end, km):
    return estimates.estimates(cooperative=coop, vehicles=[car], starts_at=start, ends_at=end, km=km)[car.pk]


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    # From the night before the spring DST change to after the autumn one, any quarter hour.
    offset=st.integers(min_value=0, max_value=240 * 96),
    quarters=st.integers(min_value=1, max_value=4 * 80),
    km=st.integers(min_value=1, max_value=600),
)
def test_estimate_equals_the_charge_of_the_same_trip(coop, member, car, offset, quarters, km):
    if not coop.tariffs.exists():  # the examples share the test's database
        make_tariff(coop, valid_from=dt.date(2026, 1, 1), per_km="0.2350", per_hour="1.75", day_cap="27.50")
        make_tariff(coop, valid_from=dt.date(2026, 6, 1), per_km="0.31", per_hour="2.10", day_cap=None)
    start = aware(2026, 3, 28, 0) + dt.timedelta(minutes=15 * offset)
    # Real time: aware arithmetic in one zone adds wall-clock time (a DST night has 23 or 25 hours).
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=15 * quarters)).astimezone(start.tzinfo)
    estimate = _estimate(coop, car, start, end, km)
    trip = make_trip(member, car, start=start, hours=quarters / 4, km=km)
    if trip.started_at != start:  # moved a day by the factory (clash): compare that trip
        estimate = _estimate(coop, car, trip.started_at, trip.ended_at, km)
    assert trip_charge(trip=trip).amount_cents == estimate.amount_cents


def test_estimate_counts_real_hours_over_the_dst_night(coop, car):
    make_tariff(coop, per_km="0", per_hour="2.00")
    # 25 October 2026: clocks go back; 00:00 -> 06:00 local is 7 real hours.
    assert _estimate(coop, car, aware(2026, 10, 25, 0), aware(2026, 10, 25, 6), 0).amount_cents == 1400


def test_estimate_uses_the_tariff_of_the_start_day_and_the_class(coop, car):
    car.vehicle_class = VehicleClass.VAN
    car.save()
    make_tariff(coop, valid_from=dt.date(2026, 1, 1), per_km="0.20", per_hour="0")
    make_tariff(coop, valid_from=dt.date(2026, 1, 1), per_km="0.40", per_hour="0", vehicle_class=VehicleClass.VAN)
    make_tariff(coop, valid_from=dt.date(2026, 3, 2), per_km="0.60", per_hour="0", vehicle_class=VehicleClass.VAN)
    start = aware(2026, 3, 1, 22)
    assert _estimate(coop, car, start, start + dt.timedelta(hours=3), 10).amount_cents == 400


def test_no_tariff_no_estimate(coop, car):
    start = aware(2026, 5, 1)
    assert (
        estimates.estimates(
            cooperative=coop, vehicles=[car], starts_at=start, ends_at=start + dt.timedelta(hours=1), km=5
        )
        == {}
    )


def test_trip_cost_is_what_was_charged(coop, member, car):
    make_tariff(coop, per_km="0.25", per_hour="2.00")
    trip = make_trip(member, car, start=aware(2026, 5, 1), hours=2, km=40)
    assert estimates.trip_cost(trip=trip) is None  # not charged yet
    trip_charge(trip=trip)
    cost = estimates.trip_cost(trip=trip)
    assert (cost.amount_cents, cost.km) == (1400, 40)


def test_price_list_in_force_and_others(coop):
    old = make_tariff(coop, valid_from=dt.date(2025, 1, 1))
    now = make_tariff(coop, valid_from=dt.date(2026, 1, 1))
    van = make_tariff(coop, valid_from=dt.date(2026, 1, 1), vehicle_class=VehicleClass.VAN)
    later = make_tariff(coop, valid_from=dt.date(2027, 1, 1))
    prices = price_list(cooperative=coop, today=dt.date(2026, 6, 1))
    assert prices.in_force == [now, van]
    assert set(prices.others) == {old, later}


def test_late_cancellation_fee_is_charged_once(coop, member, car):
    BookingRules.objects.create(cooperative=coop, late_cancellation_hours=24, late_cancellation_fee_cents=750)
    r = reservation_create(member=member, vehicle=car, starts_at=soon(0, 23), ends_at=soon(1, 1))
    reservation_cancel(reservation=r, by=member)
    assert member_balance_cents(member=member) == 750
    assert Transaction.objects.filter(source_key=f"late-cancel:{r.pk}").count() == 1
    assert Posting.objects.filter(transaction__source_key=f"late-cancel:{r.pk}").count() == 2


def test_timely_cancellation_costs_nothing(coop, member, car):
    BookingRules.objects.create(cooperative=coop, late_cancellation_hours=24, late_cancellation_fee_cents=750)
    r = reservation_create(member=member, vehicle=car, starts_at=soon(3, 10), ends_at=soon(3, 12))
    reservation_cancel(reservation=r, by=member)
    assert member_balance_cents(member=member) == 0
