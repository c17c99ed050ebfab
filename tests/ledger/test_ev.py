"""Electric cars in the books: the battery rule at return and its penalty (ledger.ev through
ledger.penalties), and
home charging claimed per kWh at the rate the ALV decided, credited like any claim."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from ledger.errors import ExpenseError
from ledger.ev import charging_claim_submit, ev_low_battery_fee_post
from ledger.models import Penalty, PenaltyKind, Posting, Transaction
from ledger.penalties import can_dispute, penalty_rate_set
from ledger.selectors import member_balance_cents
from ledger.services import expense_approve
from reservations.models import BookingRules
from reservations.signals import trip_finished
from vehicles.models import Fuel

from .factories import aware, make_tariff, make_trip


@pytest.fixture
def ev(car):
    car.fuel = Fuel.ELECTRIC
    car.save()
    return car


def ev_trip(member, car, battery_end, start=None):
    trip = make_trip(member, car, start=start or aware(2026, 5, 4, 9), km=40, hours=3)
    trip.battery_start_percent, trip.battery_end_percent = 95, battery_end
    trip.save()
    return trip


def tariff(coop, battery_penalty_cents=None, **kw):
    """A tariff (and, when given, the ALV's penalty for too little battery on it)."""
    t = make_tariff(coop, per_km="0", per_hour="0", monthly_fee="0")
    for name, value in kw.items():
        setattr(t, name, Decimal(value))
    t.save()
    if battery_penalty_cents:
        penalty_rate_set(tariff=t, kind=PenaltyKind.LOW_ENERGY, amount_cents=battery_penalty_cents, by=None)
    return t


def test_fee_when_returned_below_the_minimum(coop, member, ev, mailoutbox, django_capture_on_commit_callbacks):
    tariff(coop, battery_penalty_cents=1250)
    trip = ev_trip(member, ev, battery_end=60)  # default minimum 70 %
    with django_capture_on_commit_callbacks(execute=True):
        txn = ev_low_battery_fee_post(trip=trip)
    assert txn is not None and txn.source_key == f"evfee:{trip.pk}"
    assert member_balance_cents(member=member) == 1250
    # A penalty like every other: with its reason, announced, disputable once.
    penalty = Penalty.objects.get(transaction=txn)
    assert penalty.kind == PenaltyKind.LOW_ENERGY and "60%" in penalty.reason and "70%" in penalty.reason
    assert [m.to for m in mailoutbox] == [[member.user.email]]
    assert can_dispute(member, penalty)
    assert sum(p.amount_cents for p in Posting.objects.filter(transaction=txn)) == 0
    assert ev_low_battery_fee_post(trip=trip) == txn  # once
    assert Transaction.objects.filter(source_key__startswith="evfee:").count() == 1


def test_no_fee_at_or_above_the_minimum(coop, member, ev):
    tariff(coop, battery_penalty_cents=1250)
    assert ev_low_battery_fee_post(trip=ev_trip(member, ev, battery_end=70)) is None
    assert member_balance_cents(member=member) == 0


def test_minimum_comes_from_the_rules(coop, member, ev):
    tariff(coop, battery_penalty_cents=1000)
    BookingRules.objects.create(cooperative=coop, ev_min_battery_percent=50)
    assert ev_low_battery_fee_post(trip=ev_trip(member, ev, battery_end=55)) is None
    BookingRules.objects.filter(cooperative=coop).update(ev_min_battery_percent=None)
    coop.refresh_from_db()
    assert ev_low_battery_fee_post(trip=ev_trip(member, ev, battery_end=5)) is None


def test_no_fee_without_one_in_the_tariff_or_for_other_cars(coop, member, car):
    tariff_row = tariff(coop)  # no battery penalty decided
    car.fuel = Fuel.ELECTRIC
    car.save()
    assert ev_low_battery_fee_post(trip=ev_trip(member, car, battery_end=10)) is None
    car.fuel = Fuel.HYBRID
    car.save()
    penalty_rate_set(tariff=tariff_row, kind=PenaltyKind.LOW_ENERGY, amount_cents=500, by=None)
    assert ev_low_battery_fee_post(trip=ev_trip(member, car, battery_end=10, start=aware(2026, 5, 9))) is None


def test_finished_trip_signal_charges_trip_and_fee(coop, member, ev):
    tariff(coop, battery_penalty_cents=700, per_km="0.20")
    trip = ev_trip(member, ev, battery_end=30)
    trip_finished.send(sender=type(trip), trip=trip)
    assert member_balance_cents(member=member) == 40 * 20 + 700


def test_home_charging_from_meter_readings_is_credited_once_approved(coop, member, ev, treasurer):
    tariff(coop, per_kwh="0.2900")
    claim = charging_claim_submit(
        member=member,
        vehicle=ev,
        charged_on=dt.date(2026, 5, 4),
        meter_start=Decimal("1200.5"),
        meter_end=Decimal("1232.5"),
    )
    assert claim.kwh == Decimal("32.000") and claim.per_kwh == Decimal("0.2900")
    assert claim.amount_cents == 928  # 32 * 0.29
    expense_approve(expense=claim, by=treasurer)
    assert member_balance_cents(member=member) == -928


def test_home_charging_from_a_charger_export(coop, member, ev):
    tariff(coop, per_kwh="0.25")
    export = io.BytesIO(b"Datum;Start;Energie (kWh)\n2026-05-01;18:00;10,5\n2026-05-02;19:00;7,25\n")
    claim = charging_claim_submit(member=member, vehicle=ev, charged_on=dt.date(2026, 5, 2), export_file=export)
    assert claim.kwh == Decimal("17.750") and claim.amount_cents == 444  # 4.4375 half-up


def test_home_charging_needs_the_decided_rate_and_one_source(coop, member, ev):
    tariff(coop)  # no per_kwh
    with pytest.raises(ExpenseError):
        charging_claim_submit(
            member=member, vehicle=ev, charged_on=dt.date(2026, 5, 2), meter_start=Decimal(1), meter_end=Decimal(9)
        )
    coop.tariffs.update(per_kwh=Decimal("0.30"))
    with pytest.raises(ExpenseError):
        charging_claim_submit(member=member, vehicle=ev, charged_on=dt.date(2026, 5, 2))
    with pytest.raises(ExpenseError):  # a figure without proof
        charging_claim_submit(member=member, vehicle=ev, charged_on=dt.date(2026, 5, 2), kwh=Decimal(10))
    with pytest.raises(ExpenseError):  # end below start
        charging_claim_submit(
            member=member, vehicle=ev, charged_on=dt.date(2026, 5, 2), meter_start=Decimal(9), meter_end=Decimal(1)
        )


def test_charger_export_without_kwh_column_is_refused(coop, member, ev):
    tariff(coop, per_kwh="0.25")
    with pytest.raises(ExpenseError):
        charging_claim_submit(
            member=member, vehicle=ev, charged_on=dt.date(2026, 5, 2), export_file=io.BytesIO(b"a;b\n1;2\n")
        )


def test_class_tariff_without_kwh_rate_falls_back_to_the_general_rate(coop, member, ev):
    from vehicles.models import VehicleClass

    ev.vehicle_class = VehicleClass.LARGE
    ev.save()
    tariff(coop, per_kwh="0.25")
    make_tariff(coop, valid_from=dt.date(2021, 1, 1), vehicle_class=VehicleClass.LARGE)
    claim = charging_claim_submit(
        member=member, vehicle=ev, charged_on=dt.date(2026, 5, 2), meter_start=Decimal(0), meter_end=Decimal(10)
    )
    assert claim.per_kwh == Decimal("0.2500") and claim.amount_cents == 250


def test_a_car_back_with_too_little_fuel_gets_the_penalty_once(coop, member, car):
    """The rules ask at least half a tank; back at a quarter: the ALV's penalty, with the reason."""
    from ledger.ev import fuel_penalty_post

    tariff(coop, battery_penalty_cents=900)
    BookingRules.objects.create(cooperative=coop, min_fuel_at_return="half")
    low = make_trip(member, car, start=aware(2026, 5, 4, 9), km=40, hours=3)
    low.fuel_end = "quarter"
    low.save()
    txn = fuel_penalty_post(trip=low)
    assert txn is not None and txn.source_key == f"fuelfee:{low.pk}"
    assert fuel_penalty_post(trip=low) == txn  # once
    assert "1/4" in Penalty.objects.get(transaction=txn).reason
    enough = make_trip(member, car, start=aware(2026, 5, 6, 9), km=40, hours=3)
    enough.fuel_end = "half"
    enough.save()
    assert fuel_penalty_post(trip=enough) is None
    assert member_balance_cents(member=member) == 900


def test_no_fuel_penalty_without_a_rule(coop, member, car):
    from ledger.ev import fuel_penalty_post

    tariff(coop, battery_penalty_cents=900)
    trip = make_trip(member, car, start=aware(2026, 5, 4, 9), km=40, hours=3)
    trip.fuel_end = "reserve"
    trip.save()
    assert fuel_penalty_post(trip=trip) is None
