"""The not-for-profit settlement: every cent accounted, posted once, result == reserve."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from ledger.errors import SettlementError
from ledger.models import Period, Posting, Settlement, SettlementLine, Transaction
from ledger.selectors import balances_by_member, period_result_cents
from ledger.services import (
    car_cost_create,
    fees_charge_month,
    period_close,
    period_resolve,
    settlement_run,
    trip_charge,
)
from members.models import SettlementKey, SettlementScope
from tests.factories import MemberFactory, VehicleFactory

from .factories import aware, make_tariff, make_trip


@pytest.fixture
def quarter(coop, treasurer, car):
    """2026-Q1 with two cars, three drivers, costs, fees and a reserve of 100.00."""
    make_tariff(coop, per_km="0.20", per_hour="1.00", monthly_fee="2.50")
    car2 = VehicleFactory(cooperative=coop)
    a, b, c = (MemberFactory(cooperative=coop) for _ in range(3))
    for member, vehicle, km, hours in [(a, car, 120, 3), (b, car, 37, 2), (c, car2, 333, 5), (a, car2, 10, 1)]:
        trip_charge(trip=make_trip(member, vehicle, start=aware(2026, 2, 10), hours=hours, km=km))
    car_cost_create(
        vehicle=car,
        category="insurance",
        description="Premie",
        amount_cents=90001,
        incurred_on=dt.date(2026, 1, 3),
        spread_months=1,
    )
    car_cost_create(
        vehicle=car2, category="maintenance", description="Beurt", amount_cents=25033, incurred_on=dt.date(2026, 2, 3)
    )
    car_cost_create(
        vehicle=car2,
        category="road_tax",
        description="MRB",
        amount_cents=12000,
        incurred_on=dt.date(2026, 1, 1),
        spread_months=6,
    )
    fees_charge_month(cooperative=coop, month=dt.date(2026, 1, 1))
    period = period_resolve(cooperative=coop, period="2026-Q1")
    Period.objects.filter(pk=period.pk).update(reserve_cents=10000)
    period.refresh_from_db()
    return period


def test_simulation_writes_nothing_and_accounts_for_every_cent(coop, quarter):
    before = Transaction.objects.count()
    result = settlement_run(cooperative=coop, period="2026-Q1", simulate=True)
    assert Transaction.objects.count() == before
    assert result.total_difference_cents == result.cost_cents - result.income_cents + result.reserve_cents
    assert result.cost_cents == 90001 + 25033 + 6000  # road tax spread over 6 months: 3 in Q1
    assert len(result.members) == 3


def test_posting_makes_the_result_equal_the_reserve(coop, quarter, treasurer):
    balances_before = balances_by_member(cooperative=coop)
    result = settlement_run(cooperative=coop, period=quarter, posted_by=treasurer)
    assert result.created
    assert period_result_cents(period=quarter) == 10000
    after = balances_by_member(cooperative=coop)
    diffs = {s.member_id: s.difference_cents for s in result.members}
    for member_id, diff in diffs.items():
        assert after.get(member_id, 0) - balances_before.get(member_id, 0) == diff
    assert sum(diffs.values()) == result.cost_cents - result.income_cents + 10000
    line_sum = sum(SettlementLine.objects.values_list("difference_cents", flat=True))
    assert line_sum == sum(diffs.values())


def test_settling_twice_posts_once(coop, quarter):
    settlement_run(cooperative=coop, period="2026-Q1")
    count = Posting.objects.count()
    again = settlement_run(cooperative=coop, period="2026-Q1")
    assert not again.created
    assert Posting.objects.count() == count
    assert Settlement.objects.count() == 1


def test_crash_half_way_posts_nothing(coop, quarter, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SettlementLine.objects, "bulk_create", boom)
    postings = Posting.objects.count()
    with pytest.raises(RuntimeError):
        settlement_run(cooperative=coop, period="2026-Q1")
    assert Posting.objects.count() == postings
    assert not Settlement.objects.exists()
    assert not Transaction.objects.filter(source_key="settlement:2026-Q1").exists()


def test_pool_and_km_hours_keys_also_add_up(coop, quarter):
    coop.settlement_scope = SettlementScope.POOL
    coop.settlement_key = SettlementKey.KM_HOURS
    coop.settlement_hour_weight = 5
    coop.save()
    result = settlement_run(cooperative=coop, period="2026-Q1")
    assert result.total_difference_cents == result.cost_cents - result.income_cents + 10000
    assert period_result_cents(period=quarter) == 10000


def test_running_period_cannot_be_posted(coop, treasurer, car):
    make_tariff(coop)
    with pytest.raises(SettlementError):
        settlement_run(cooperative=coop, period=f"{timezone.localdate().year + 1}-Q1")


def test_nobody_drove_the_reserve_carries_the_costs_and_the_period_can_close(coop, treasurer, car):
    car_cost_create(
        vehicle=car, category="insurance", description="x", amount_cents=500, incurred_on=dt.date(2026, 1, 3)
    )
    period = period_resolve(cooperative=coop, period="2026-Q1")
    Period.objects.filter(pk=period.pk).update(reserve_cents=10000)  # decided, but nobody to pay it
    period.refresh_from_db()
    result = settlement_run(cooperative=coop, period=period)
    assert result.members == [] and result.from_reserve_cents == 500 and result.reserve_cents == 0
    reserve = Posting.objects.get(transaction=result.settlement.transaction, account__purpose="reserve")
    assert reserve.amount_cents == 500  # the reserve (equity) goes down by the shortfall
    assert period_result_cents(period=period) == 0
    assert not SettlementLine.objects.filter(settlement=result.settlement).exists()
    closed = period_close(period=period, by=treasurer)
    assert closed.status == "closed"


def test_settle_command(coop, quarter, capsys):
    call_command("settle", "--coop", coop.slug, "--period", "2026-Q1", "--simulate")
    out = capsys.readouterr().out
    assert "simulatie" in out.lower()
    assert not Settlement.objects.exists()
    call_command("settle", "--coop", coop.slug, "--period", "2026-Q1")
    assert Settlement.objects.count() == 1
