"""Benchmark: the week grid and "Alle reserveringen" with a year of bookings.

Targets (bench/README.md, section "Lists"):
  1. The week grid (`reservations:week`) of 30 cars with a year of bookings: median server
     time under 150 ms, at most 12 queries (pinned in tests/reservations/test_views.py).
  2. "Alle reserveringen" (`reservations:overview`, the board's list, 200 rows a page) of
     the same cooperative: median under 150 ms, at most 10 queries (pinned likewise).

What runs: a fresh cooperative of 30 cars and 40 members, a booking every one to three
days per car over the past year and the coming month (~6,800, a third with a finished
trip), made with bulk inserts (not timed). A board member's test client GETs each page
30 times (after one warm-up); the week grid walks back over 20 weeks, the list pages
through its first 3 pages. Times are the server's (the test client, DEBUG off).

Run: `.venv/bin/python bench/lists.py` (DATABASE_URL as bench/booking.py; default
postgres://postgres@127.0.0.1:5432/deel_bench; SQLite works too).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time

from common import at, django_migrated, setup_coop, verdict

CARS = 30
MEMBERS = 40
RUNS = 30
MAX_MEDIAN_MS = 150.0
GRID_MAX_QUERIES = 12
LIST_MAX_QUERIES = 10


def build_year(tag: str):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from members.models import MemberRole, Role
    from reservations.models import Reservation, Trip

    coop, members, cars = setup_coop(f"{tag}-l", cars=CARS, members=MEMBERS)
    MemberRole.objects.create(member=members[0], role=Role.BOARD)
    rng = random.Random(5)
    rows = []
    first = timezone.localdate() - dt.timedelta(days=365)
    for car in cars:
        day = first
        while day < timezone.localdate() + dt.timedelta(days=30):
            start = at(day, rng.randint(8, 16))
            end = start + dt.timedelta(hours=rng.choice((1, 2, 3, 4)))
            rows.append(
                Reservation(
                    cooperative=coop,
                    vehicle=car,
                    member=rng.choice(members),
                    starts_at=start,
                    ends_at=end,
                    blocked_until=end + dt.timedelta(minutes=car.buffer_minutes),
                    status="completed" if end < timezone.now() else "booked",
                )
            )
            day += dt.timedelta(days=rng.choice((1, 1, 2, 3)))
    Reservation.objects.bulk_create(rows, batch_size=2000)
    done = Reservation.objects.filter(cooperative=coop, status="completed").order_by("pk")
    trips = []
    for i, r in enumerate(done.iterator()):
        if i % 3:
            continue
        trips.append(
            Trip(
                reservation=r,
                cooperative=coop,
                vehicle_id=r.vehicle_id,
                member_id=r.member_id,
                started_at=r.starts_at,
                ended_at=r.ends_at,
                odometer_start_km=1000 + i * 10,
                odometer_end_km=1000 + i * 10 + rng.randint(3, 80),
            )
        )
    Trip.objects.bulk_create(trips, batch_size=2000)
    from django.db import connection

    if connection.vendor == "postgresql":  # as autovacuum would after a year of inserts
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reservations_reservation, reservations_trip")
    return coop, members[0], len(rows)


def timed(client, url: str, params: list[dict]) -> tuple[int, list[float]]:  # type: ignore[no-untyped-def]
    from django.db import connection

    client.get(url, params[0])  # warm up (templates, caches)
    sent: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url, params[0])
    assert response.status_code == 200, response.status_code
    times = []
    for i in range(RUNS):
        started = time.perf_counter()
        client.get(url, params[i % len(params)])
        times.append((time.perf_counter() - started) * 1000)
    return len(sent), times


def report(n: int, what: str, queries: int, max_queries: int, times: list[float]) -> bool:
    median = statistics.median(times)
    ok = queries <= max_queries and median < MAX_MEDIAN_MS
    print(
        f"{n}. {what}: {queries} queries (max {max_queries}), median {median:.1f} ms, "
        f"p90 {sorted(times)[int(0.9 * len(times))]:.1f} ms (target < {MAX_MEDIAN_MS:.0f} ms) -> {verdict(ok)}"
    )
    return ok


def main() -> int:
    django_migrated()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    tag = time.strftime("%Y%m%d%H%M%S")
    print(f"Lists benchmark on {connection.vendor} ({connection.settings_dict['NAME']})")
    coop, viewer, count = build_year(tag)
    client = Client()
    client.force_login(viewer.user)
    today = timezone.localdate()
    weeks = [{"start": (today - dt.timedelta(weeks=i)).isoformat()} for i in range(20)]
    queries, times = timed(client, reverse("reservations:week", kwargs={"coop": coop.slug}), weeks)
    results = [report(1, f"week grid, {CARS} cars, {count} bookings in the year", queries, GRID_MAX_QUERIES, times)]
    pages = [{}, {"page": "2"}, {"page": "3"}]
    queries, times = timed(client, reverse("reservations:overview", kwargs={"coop": coop.slug}), pages)
    results.append(report(2, f"Alle reserveringen, {count} bookings", queries, LIST_MAX_QUERIES, times))
    print("PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
