"""Benchmark: booking under contention, the booking form over HTTP, and the week grid.

Targets (bench/README.md, section "Booking"):
  1. 64 concurrent clients hammer overlapping slots of one car (PostgreSQL): exactly one
     success per slot, zero errors other than BookingConflict.
  2. The POST of the booking form, median and p95 under 150 ms on PostgreSQL while 20
     members book at the same time, through gunicorn and a real HTTP client
     (bench/booking_http.py, which also runs on its own).
  3. The week grid of 30 cars with a year of bookings renders in at most 12 queries and
     its median server time is under 100 ms.

Run: `.venv/bin/python bench/booking.py` (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/deel_bench, created if missing; migrated, and fresh
benchmark cooperatives are made on each run).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import threading
import time

from booking_http import bench_http_post
from common import at, django_migrated, local_day, setup_coop, verdict

CLIENTS = 64
SLOTS = 10
GRID_CARS = 30
GRID_MAX_QUERIES = 12
GRID_MAX_MEDIAN_MS = 100.0
GRID_RUNS = 30


def bench_concurrency(tag: str) -> bool:
    from django.db import connections

    from reservations.errors import BookingConflict
    from reservations.models import Reservation
    from reservations.services import reservation_create

    coop, members, (car,) = setup_coop(f"{tag}-c", cars=1, members=CLIENTS)
    barrier = threading.Barrier(CLIENTS)
    lock = threading.Lock()
    wins = [0] * SLOTS
    conflicts = 0
    errors: list[str] = []

    def client(i: int) -> None:
        nonlocal conflicts
        try:
            for slot in range(SLOTS):
                # Every client asks for a slightly different, overlapping 2-hour window.
                start = at(local_day(2 + slot), 9, (i % 8) * 7)
                barrier.wait(timeout=60)
                try:
                    reservation_create(
                        member=members[i], vehicle=car, starts_at=start, ends_at=start + dt.timedelta(hours=2)
                    )
                except BookingConflict:
                    with lock:
                        conflicts += 1
                except Exception as exc:  # noqa: BLE001 - counted as a failure
                    with lock:
                        errors.append(repr(exc))
                else:
                    with lock:
                        wins[slot] += 1
        finally:
            connections.close_all()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    stored = Reservation.objects.filter(vehicle=car).count()
    ok = wins == [1] * SLOTS and not errors and conflicts == (CLIENTS - 1) * SLOTS and stored == SLOTS
    print(f"1. {CLIENTS} clients x {SLOTS} overlapping slots: wins per slot {wins}, conflicts {conflicts}, ")
    print(f"   other errors {len(errors)}, rows stored {stored}, {elapsed:.1f} s  -> {verdict(ok)}")
    for e in errors[:5]:
        print("   ", e)
    return ok


def bench_week_grid(tag: str) -> bool:
    import random

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from reservations.models import Reservation

    coop, members, cars = setup_coop(f"{tag}-g", cars=GRID_CARS, members=40)
    rng = random.Random(3)
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
    client = Client()
    client.force_login(members[0].user)
    url = reverse("reservations:week", kwargs={"coop": coop.slug})
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    client.get(url, {"start": monday.isoformat()})  # warm up (templates, caches)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"start": monday.isoformat()})
    assert response.status_code == 200, response.status_code
    queries = len(ctx.captured_queries)
    times = []
    for i in range(GRID_RUNS):
        week = monday - dt.timedelta(weeks=i % 20)
        started = time.perf_counter()
        client.get(url, {"start": week.isoformat()})
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    ok = queries <= GRID_MAX_QUERIES and median < GRID_MAX_MEDIAN_MS
    print(
        f"3. week grid, {GRID_CARS} cars, {len(rows)} bookings in the year: {queries} queries "
        f"(max {GRID_MAX_QUERIES}), median {median:.1f} ms, p90 {sorted(times)[int(0.9 * len(times))]:.1f} ms "
        f"(target < {GRID_MAX_MEDIAN_MS:.0f} ms) -> {verdict(ok)}"
    )
    return ok


def main() -> int:
    django_migrated()
    from django.db import connection

    tag = time.strftime("%Y%m%d%H%M%S")
    print(f"Booking benchmark on {connection.vendor} ({connection.settings_dict['NAME']})")
    results = []
    if connection.vendor == "postgresql":
        results.append(bench_concurrency(tag))
    else:
        print("1. concurrency: skipped (the target is for PostgreSQL)")
    results.append(bench_http_post(tag))
    results.append(bench_week_grid(tag))
    print("PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
