"""Benchmark: settle a quarter of a large cooperative, and print its statements.

Targets (bench/README.md), on PostgreSQL:
- a quarter with 2,000 members, 200 cars and 150,000 trips settles in under 15 s, and
  within 5x the time of one SQL aggregate of km per member per car in the same run;
- the number of queries of a settlement does not grow with the number of members
  (measured at 200 and at 2,000 members);
- 2,000 statement PDFs in under 60 s.

Run: `.venv/bin/python bench/settlement.py` (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/deel_bench, created if missing and migrated; each run
makes fresh benchmark cooperatives). Setup uses bulk inserts and is not timed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/deel_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deel.settings.local")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "False")  # measured as production runs: no per-query debug logging

QUARTER = "2025-Q3"
Q_START, Q_END = dt.date(2025, 7, 1), dt.date(2025, 9, 30)
TARGET_SETTLE_S = 15.0
TARGET_RATIO = 5.0
TARGET_PDF_S = 60.0


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        raise SystemExit("bench/settlement.py runs on PostgreSQL: set DATABASE_URL=postgres://...")
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build(n_members: int, n_cars: int, n_trips: int, seed: int):  # type: ignore[no-untyped-def]
    """A cooperative with members, cars, car costs and a quarter of charged trips (bulk)."""
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from ledger.models import AccountPurpose, CarCost, CostCategory, Posting, Tariff, Transaction, TripCharge
    from ledger.services import account_for, period_for_date, receivable_accounts, trip_price_cents
    from members.models import Cooperative, Member, MemberStatus, User
    from reservations.models import Reservation, ReservationStatus, Trip
    from vehicles.models import Fuel, Vehicle

    rng = random.Random(seed)
    stamp = f"{time.strftime('%Y%m%d%H%M%S')}-{n_members}"
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        coop = Cooperative.objects.create(
            name=f"Bench {stamp}", slug=f"bench-settle-{stamp}", city="Den Haag", iban="NL91ABNA0417164300"
        )
        users = User.objects.bulk_create(
            [
                User(email=f"settle-{stamp}-{i}@example.nl", first_name="Lid", last_name=f"{i:05d}")
                for i in range(n_members)
            ]
        )
        now = timezone.now()
        members = Member.objects.bulk_create(
            [
                Member(
                    cooperative=coop,
                    user=u,
                    number=i + 1,
                    status=MemberStatus.ACTIVE,
                    street=f"Lindelaan {i}",
                    postal_code="2564 AB",
                    city="Den Haag",
                    admitted_at=now,
                )
                for i, u in enumerate(users)
            ]
        )
        members = list(Member.objects.filter(cooperative=coop).select_related("user").order_by("pk"))
        cars = Vehicle.objects.bulk_create(
            [
                Vehicle(
                    cooperative=coop,
                    plate=f"B{i:03d}-XX",
                    make="Toyota",
                    model="Yaris",
                    fuel=Fuel.HYBRID,
                    address="Lindelaan 1",
                    buffer_minutes=0,
                )
                for i in range(n_cars)
            ]
        )
        cars = list(Vehicle.objects.filter(cooperative=coop).order_by("pk"))
        tariff = Tariff.objects.create(
            cooperative=coop,
            valid_from=dt.date(2025, 1, 1),
            per_km=Decimal("0.2350"),
            per_hour=Decimal("1.2500"),
            day_cap=Decimal("25"),
            monthly_fee=Decimal("0"),
            decision_reference="bench",
        )
        period = period_for_date(cooperative=coop, date=Q_START)
        receivables = receivable_accounts(cooperative=coop, member_ids=[m.pk for m in members])
        income = account_for(cooperative=coop, purpose=AccountPurpose.USAGE_INCOME)
        bank = account_for(cooperative=coop, purpose=AccountPurpose.BANK)
        # Car costs: insurance, road tax and maintenance per car.
        cost_accounts = {}
        txns, lines = [], []
        for car in cars:
            for cat in (CostCategory.INSURANCE, CostCategory.ROAD_TAX, CostCategory.MAINTENANCE):
                cost_accounts[(car.pk, cat)] = account_for(
                    cooperative=coop, purpose=AccountPurpose.CAR_COST, vehicle=car, category=cat
                )
        costs = []
        for car in cars:
            for cat in (CostCategory.INSURANCE, CostCategory.ROAD_TAX, CostCategory.MAINTENANCE):
                costs.append(
                    CarCost(
                        cooperative=coop,
                        vehicle=car,
                        category=cat,
                        description=str(cat),
                        amount_cents=rng.randint(10_000, 60_000),
                        incurred_on=Q_START,
                    )
                )
        costs = CarCost.objects.bulk_create(costs)
        txns = Transaction.objects.bulk_create(
            [
                Transaction(
                    cooperative=coop,
                    period=period,
                    date=Q_START,
                    description=c.description,
                    source_key=f"carcost:{c.pk}",
                )
                for c in costs
            ]
        )
        for c, t in zip(costs, txns, strict=True):
            lines += [
                Posting(
                    transaction=t,
                    account=cost_accounts[(c.vehicle_id, c.category)],
                    amount_cents=c.amount_cents,
                    vehicle_id=c.vehicle_id,
                ),
                Posting(transaction=t, account=bank, amount_cents=-c.amount_cents),
            ]
        Posting.objects.bulk_create(lines, batch_size=10_000)

    # Trips: members drive mostly the two cars of their own street, sometimes another one.
    home = {m.pk: [cars[(i * 7) % n_cars], cars[(i * 7 + 1) % n_cars]] for i, m in enumerate(members)}
    per_car = n_trips // n_cars
    slot = dt.timedelta(seconds=(Q_END - Q_START).days * 86400 // per_car)
    start0 = dt.datetime(Q_START.year, Q_START.month, Q_START.day, tzinfo=tz)
    odo = dict.fromkeys((c.pk for c in cars), 10_000)
    drivers_of: dict[int, list] = {c.pk: [] for c in cars}
    for m in members:
        for c in home[m.pk]:
            drivers_of[c.pk].append(m)
    plan = []
    for k in range(per_car):
        for ci, car in enumerate(cars):
            pool = drivers_of[car.pk] if drivers_of[car.pk] and rng.random() < 0.9 else members
            member = rng.choice(pool)
            start = start0 + slot * k + dt.timedelta(minutes=ci % 30)
            minutes = rng.randint(30, int(slot.total_seconds() // 60) - 40)
            km = rng.randint(3, 120)
            plan.append((member, car, start, start + dt.timedelta(minutes=minutes), km))
    batch = 10_000
    for b in range(0, len(plan), batch):
        chunk = plan[b : b + batch]
        with transaction.atomic():
            res = Reservation.objects.bulk_create(
                [
                    Reservation(
                        cooperative=coop,
                        vehicle=car,
                        member=m,
                        starts_at=s,
                        ends_at=e,
                        blocked_until=e,
                        status=ReservationStatus.COMPLETED,
                    )
                    for m, car, s, e, _km in chunk
                ]
            )
            trips = []
            for r, (m, car, s, e, km) in zip(res, chunk, strict=True):
                trips.append(
                    Trip(
                        reservation=r,
                        cooperative=coop,
                        vehicle=car,
                        member=m,
                        started_at=s,
                        ended_at=e,
                        odometer_start_km=odo[car.pk],
                        odometer_end_km=odo[car.pk] + km,
                    )
                )
                odo[car.pk] += km
            trips = Trip.objects.bulk_create(trips)
            amounts = [
                trip_price_cents(tariff, km=km, seconds=int((e - s).total_seconds())) for _m, _c, s, e, km in chunk
            ]
            txns = Transaction.objects.bulk_create(
                [
                    Transaction(
                        cooperative=coop,
                        period=period,
                        date=timezone.localdate(e),
                        description="Rit",
                        source_key=f"trip:{t.pk}",
                    )
                    for t, (_m, _c, _s, e, _km) in zip(trips, chunk, strict=True)
                ]
            )
            lines = []
            for t, (m, car, _s, _e, _km), amount in zip(txns, chunk, amounts, strict=True):
                lines += [
                    Posting(transaction=t, account=receivables[m.pk], amount_cents=amount, member=m, vehicle=car),
                    Posting(transaction=t, account=income, amount_cents=-amount, member=m, vehicle=car),
                ]
            Posting.objects.bulk_create(lines, batch_size=20_000)
            TripCharge.objects.bulk_create(
                [
                    TripCharge(
                        cooperative=coop,
                        trip=trip,
                        member=m,
                        vehicle=car,
                        tariff=tariff,
                        transaction=t,
                        date=t.date,
                        km=km,
                        minutes=int((e - s).total_seconds() // 60),
                        amount_cents=amount,
                    )
                    for trip, t, (m, car, s, e, km), amount in zip(trips, txns, chunk, amounts, strict=True)
                ]
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load
    return coop, period


def reference_aggregate(coop) -> list[float]:  # type: ignore[no-untyped-def]
    """One SQL aggregate: km per member per car of the quarter, straight from the trips
    (the times of three runs)."""
    from django.db import connection

    sql = """SELECT member_id, vehicle_id, SUM(odometer_end_km - odometer_start_km)
             FROM reservations_trip WHERE cooperative_id = %s AND started_at >= %s AND started_at < %s
             AND odometer_end_km IS NOT NULL GROUP BY member_id, vehicle_id"""
    times = []
    for _ in range(3):
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [coop.pk, dt.datetime(2025, 7, 1, tzinfo=dt.UTC), dt.datetime(2025, 10, 1, tzinfo=dt.UTC)]
            )
            cursor.fetchall()
        times.append(time.perf_counter() - t)
    return times


class _RolledBack(Exception):
    """Raised to roll a rehearsal's transaction back."""


def settle(coop, period, *, rehearsals: int = 0):  # type: ignore[no-untyped-def]
    """Time the settlement; with `rehearsals`, first that many full runs (compute and
    post, triggers included) in a transaction that is rolled back, then the real one.
    Returns the median time, the query count of the real run and its result."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from ledger.selectors import period_result_cents
    from ledger.services import settlement_run

    times = []
    for _ in range(rehearsals):
        with contextlib.suppress(_RolledBack), transaction.atomic():
            t = time.perf_counter()
            settlement_run(cooperative=coop, period=period)
            times.append(time.perf_counter() - t)
            raise _RolledBack
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        result = settlement_run(cooperative=coop, period=period)
        times.append(time.perf_counter() - t)
    assert result.created
    assert result.total_difference_cents == result.cost_cents - result.income_cents + result.reserve_cents
    assert period_result_cents(period=period) == result.reserve_cents
    return statistics.median(times), len(ctx.captured_queries), result


def statements(coop) -> tuple[float, int, float]:  # type: ignore[no-untyped-def]
    from ledger.models import Statement
    from ledger.services import statements_issue
    from reports.statements import statement_pdfs

    t = time.perf_counter()
    statements_issue(cooperative=coop, period_start=Q_START, period_end=Q_END)
    issue_s = time.perf_counter() - t
    t = time.perf_counter()
    items = list(Statement.objects.filter(cooperative=coop).select_related("member__user", "cooperative"))
    total = sum(len(pdf) for _pk, pdf in statement_pdfs(items))
    assert total > 0
    return issue_s, len(items), time.perf_counter() - t


def main() -> int:
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    ok = True

    t = time.perf_counter()
    small, small_period = build(200, 20, 15_000, seed=200)
    big, big_period = build(2_000, 200, 150_000, seed=2000)
    print(f"setup (bulk inserts, not timed): {time.perf_counter() - t:.1f} s")

    small_s, small_q, _ = settle(small, small_period)
    # Both sides as medians (3 settlements, 6 aggregates before and after them), so that
    # a moment of load on the shared machine does not decide the ratio.
    ref_times = reference_aggregate(big)
    big_s, big_q, result = settle(big, big_period, rehearsals=2)
    ref = statistics.median(ref_times + reference_aggregate(big))
    ratio = big_s / ref if ref else float("inf")
    print(f"settlement 200 members / 20 cars / 15,000 trips: {small_s:.2f} s, {small_q} queries")
    print(
        f"settlement 2,000 members / 200 cars / 150,000 trips: {big_s:.2f} s (median of 3), {big_q} queries, "
        f"{len(result.members)} members share {result.total_difference_cents / 100:.2f} EUR"
    )
    print(f"one SQL aggregate of km per member per car: {ref * 1000:.0f} ms (median of 6)")
    print(f"settlement / aggregate = {ratio:.1f}x")
    for label, passed in [
        (f"settlement under {TARGET_SETTLE_S:.0f} s", big_s < TARGET_SETTLE_S),
        (f"within {TARGET_RATIO:.0f}x of the SQL aggregate", ratio <= TARGET_RATIO),
        ("query count equal at 200 and 2,000 members", small_q == big_q),
    ]:
        print(f"{'PASS' if passed else 'FAIL'}: {label}")
        ok &= passed

    issue_s, n, pdf_s = statements(big)
    print(
        f"{n} statements issued in {issue_s:.2f} s; {n} PDFs rendered in {pdf_s:.1f} s "
        f"({pdf_s / max(n, 1) * 1000:.0f} ms each)"
    )
    passed = n >= 2_000 and pdf_s < TARGET_PDF_S
    print(f"{'PASS' if passed else 'FAIL'}: 2,000 statement PDFs under {TARGET_PDF_S:.0f} s")
    ok &= passed
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
