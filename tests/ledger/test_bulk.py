"""The settlement's fast paths (ledger/bulk.py) give exactly what the plain paths give:
the integer twin of `allocate`, the cursor read of usage, and COPY (PostgreSQL) instead of
the ORM's bulk_create. Runs on both databases; on SQLite the COPY path is not taken."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger import bulk
from ledger.allocation import allocate
from ledger.models import Period, Posting, SettlementLine, TripCharge
from ledger.services import car_cost_create, fees_charge_month, period_resolve, settlement_run, trip_charge
from members.models import SettlementKey
from tests.factories import MemberFactory, VehicleFactory

from .factories import aware, make_tariff, make_trip


@settings(max_examples=300)
@given(
    total=st.integers(min_value=-(10**9), max_value=10**9),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30),
)
def test_integer_twin_equals_allocate(total, weights):
    keys = [1000 - i for i in range(len(weights))]
    if sum(weights) == 0:
        for split in (bulk.allocate_int, allocate):
            if total:
                with pytest.raises(ValueError):
                    split(total, weights, keys=keys)
            else:
                assert split(total, weights, keys=keys) == [0] * len(weights)
        return
    fast = bulk.allocate_int(total, weights, keys=keys)
    general = allocate(total, [Fraction(w) for w in weights], keys=keys)
    assert fast == general == allocate(total, weights, keys=keys)
    assert sum(fast) == total


def test_integer_twin_refuses_what_it_is_not_for():
    with pytest.raises(TypeError):
        bulk.allocate_int(10, [Fraction(1, 2), 1])
    with pytest.raises(ValueError):
        bulk.allocate_int(10, [1, -1])
    with pytest.raises(ValueError):
        bulk.allocate_int(10, [1, 1], keys=[1])


def plain_usage_rows(cooperative, period):
    """The same figures through the ORM's own aggregate and converters."""
    rows = (
        TripCharge.objects.filter(cooperative=cooperative, date__gte=period.starts_on, date__lte=period.ends_on)
        .values("vehicle_id", "member_id")
        .annotate(km=Sum("km"), minutes=Sum("minutes"), paid=Sum("amount_cents"))
        .order_by("vehicle_id", "member_id")
    )
    return [(r["vehicle_id"], r["member_id"], int(r["km"]), int(r["minutes"]), int(r["paid"])) for r in rows]


@pytest.fixture
def quarter(coop, treasurer, car):
    """2026-Q1: two cars, eight drivers with uneven km and hours, costs, fees, a reserve."""
    make_tariff(coop, per_km="0.21", per_hour="1.10", monthly_fee="2.50")
    coop.settlement_key = SettlementKey.KM_HOURS
    coop.settlement_hour_weight = 3
    coop.save()
    car2 = VehicleFactory(cooperative=coop)
    drivers = [MemberFactory(cooperative=coop) for _ in range(8)]
    for i, member in enumerate(drivers):
        for k, vehicle in enumerate((car, car2)[: 1 + i % 2]):
            start = aware(2026, 1 + (i + k) % 3, 3 + 3 * i)
            trip_charge(trip=make_trip(member, vehicle, start=start, hours=1 + (i * 7) % 5, km=7 + 13 * i + k))
    for vehicle, cents in ((car, 90_001), (car2, 25_033)):
        car_cost_create(
            vehicle=vehicle,
            category="insurance",
            description="Premie",
            amount_cents=cents,
            incurred_on=dt.date(2026, 1, 3),
        )
    fees_charge_month(cooperative=coop, month=dt.date(2026, 1, 1))
    period = period_resolve(cooperative=coop, period="2026-Q1")
    Period.objects.filter(pk=period.pk).update(reserve_cents=10_007)
    period.refresh_from_db()
    return period


def test_usage_rows_equal_the_orm_aggregate(coop, quarter):
    fast = bulk.usage_rows(coop, quarter)
    assert all(type(value) is int for row in fast for value in row)
    assert sorted(fast) == plain_usage_rows(coop, quarter)
    assert len(fast) > 8


class _RolledBack(Exception):
    """Raised to roll the plain-path settlement back."""


def _snapshot(result):
    """Everything the settlement decided and wrote, by stable names (accounts by code)."""
    figures = (
        [dataclasses.astuple(c) for c in result.cars],
        [dataclasses.astuple(m) for m in result.members],
        result.cost_cents,
        result.income_cents,
        result.reserve_cents,
        result.pool_cents,
        result.from_reserve_cents,
    )
    lines = sorted(
        SettlementLine.objects.filter(settlement=result.settlement).values_list(
            "member_id", "km", "minutes", "paid_cents", "share_cents", "difference_cents"
        )
    )
    postings = sorted(
        Posting.objects.filter(transaction=result.settlement.transaction).values_list(
            "account__code", "amount_cents", "member_id", "vehicle_id"
        )
    )
    return figures, lines, postings


def test_fast_settlement_equals_the_plain_one(coop, quarter, monkeypatch):
    """Post the same settlement twice: first by the plain paths (ORM aggregate, Fractions,
    bulk_create), rolled back; then by the fast paths (cursor read, integer twin and, on
    PostgreSQL, COPY from the first row). Figures, lines and postings are identical."""
    with monkeypatch.context() as plain:
        plain.setattr(bulk, "usage_rows", plain_usage_rows)
        plain.setattr(bulk, "allocate_int", allocate)
        plain.setattr(bulk, "COPY_THRESHOLD", 10**9)
        with pytest.raises(_RolledBack), transaction.atomic():
            expected = _snapshot(settlement_run(cooperative=coop, period=quarter))
            raise _RolledBack
    assert not SettlementLine.objects.exists()
    monkeypatch.setattr(bulk, "COPY_THRESHOLD", 0)
    copied = bulk.use_copy(1)
    assert copied == (connection.vendor == "postgresql")
    result = settlement_run(cooperative=coop, period=quarter)
    assert result.created
    assert _snapshot(result) == expected
    assert len(expected[1]) == 8 and len(expected[2]) > 8
    assert result.total_difference_cents == result.cost_cents - result.income_cents + result.reserve_cents


def test_copy_is_postgresql_only(db):
    """PostgreSQL copies large writes; SQLite never does, and refuses a COPY outright."""
    on_postgresql = connection.vendor == "postgresql"
    assert bulk.use_copy(10**6) is on_postgresql
    assert not bulk.use_copy(bulk.COPY_THRESHOLD)
    if not on_postgresql:
        with pytest.raises(RuntimeError):
            bulk.copy_rows("ledger_posting", ["amount_cents"], [(1,)])
