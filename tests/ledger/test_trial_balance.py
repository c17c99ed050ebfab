"""Hypothesis: whatever sequence of bookings happens, the trial balance stays zero and
every transaction balances; closed periods take nothing."""

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.errors import LedgerError
from ledger.models import Period, PeriodStatus, Posting, Transaction
from ledger.services import (
    car_cost_create,
    depreciation_post_month,
    expense_approve,
    expense_submit,
    fees_charge_month,
    period_close,
    settlement_run,
    transaction_reverse,
    trip_charge,
)
from members.models import Role
from tests.factories import CooperativeFactory, MemberFactory, VehicleFactory
from vehicles.models import VehicleContribution

from .factories import aware, make_tariff, make_trip

month = st.integers(min_value=1, max_value=9)
op = st.one_of(
    st.tuples(st.just("trip"), st.integers(0, 2), st.integers(0, 1), month, st.integers(1, 400), st.integers(1, 50)),
    st.tuples(st.just("fee"), month),
    st.tuples(st.just("expense"), st.integers(0, 2), st.integers(1, 99999)),
    st.tuples(st.just("cost"), st.integers(0, 1), month, st.integers(-5000, 300000), st.integers(1, 12)),
    st.tuples(st.just("depreciation"), month),
    st.tuples(st.just("reverse"), st.integers(0, 10_000)),
    st.tuples(st.just("settle"), st.integers(1, 2)),
    st.tuples(st.just("close"), st.integers(1, 2)),
)


def assert_books_balance():
    assert (Posting.objects.aggregate(t=Sum("amount_cents"))["t"] or 0) == 0
    unbalanced = Posting.objects.values("transaction_id").annotate(t=Sum("amount_cents")).exclude(t=0)
    assert not unbalanced.exists()


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=14))
def test_trial_balance_is_always_zero(ops):
    with transaction.atomic():
        coop = CooperativeFactory()
        treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
        members = [MemberFactory(cooperative=coop) for _ in range(3)]
        cars = [VehicleFactory(cooperative=coop) for _ in range(2)]
        VehicleContribution.objects.create(
            vehicle=cars[0],
            member=members[0],
            contributed_on=dt.date(2025, 6, 1),
            agreed_value_cents=900_001,
            depreciation_months=37,
        )
        make_tariff(coop, per_km="0.2350", per_hour="1.25", day_cap="20", monthly_fee="4.99")
        for item in ops:
            kind = item[0]
            try:
                with transaction.atomic():
                    if kind == "trip":
                        _k, m, c, mon, km, hours = item
                        trip_charge(trip=make_trip(members[m], cars[c], start=aware(2026, mon, 3), hours=hours, km=km))
                    elif kind == "fee":
                        fees_charge_month(cooperative=coop, month=dt.date(2026, item[1], 1))
                    elif kind == "expense":
                        e = expense_submit(
                            member=members[item[1]], description="x", amount_cents=item[2], spent_on=dt.date(2026, 1, 2)
                        )
                        expense_approve(expense=e, by=treasurer)
                    elif kind == "cost":
                        _k, c, mon, amount, spread = item
                        if amount:
                            car_cost_create(
                                vehicle=cars[c],
                                category="maintenance",
                                description="x",
                                amount_cents=amount,
                                incurred_on=dt.date(2026, mon, 5),
                                spread_months=spread,
                            )
                    elif kind == "depreciation":
                        depreciation_post_month(cooperative=coop, month=dt.date(2026, item[1], 1))
                    elif kind == "reverse":
                        txns = list(
                            Transaction.objects.filter(
                                cooperative=coop, reverses__isnull=True, reversed_by__isnull=True
                            )
                        )
                        if txns:
                            original = txns[item[1] % len(txns)]
                            transaction_reverse(
                                original=original,
                                date=dt.date(2026, 9, 30),
                                description="correctie",
                                source_key=f"rev:{original.pk}",
                            )
                    elif kind == "settle":
                        settlement_run(cooperative=coop, period=f"2026-Q{item[1]}")
                    elif kind == "close":
                        period = Period.objects.filter(cooperative=coop, label=f"2026-Q{item[1]}").first()
                        if period:
                            period_close(period=period, by=treasurer)
            except LedgerError:
                pass
            assert_books_balance()
        for period in Period.objects.filter(cooperative=coop, status=PeriodStatus.CLOSED):
            assert not Posting.objects.filter(
                transaction__period=period, transaction__created_at__gt=period.closed_at
            ).exists()
        transaction.set_rollback(True)
