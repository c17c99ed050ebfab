"""Benchmark: booking under load, booking throughput, and the week grid.

Targets (bench/README.md, section "Booking"):
  1. 64 concurrent clients hammer overlapping slots of one car (PostgreSQL): exactly one
     success per slot, zero errors other than BookingConflict.
  2. Non-overlapping bookings through reservation_create are at most 3x slower than plain
     SQL INSERTs into the same table, measured in the same run.
  3. The week grid of 30 cars with a year of bookings renders in at most 12 queries and
     its median server time is under 100 ms.

Run: `.venv/bin/python bench/booking.py` (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/deel_bench, created if missing; migrated, and a fresh
benchmark cooperative is made on each run).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/deel_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deel.settings.local")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "False")  # measured as production runs: no per-query debug logging
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

CLIENTS = 64
SLOTS = 10
THROUGHPUT_N = 400
MAX_SLOWDOWN = 3.0
GRID_CARS = 30
GRID_MAX_QUERIES = 12
GRID_MAX_MEDIAN_MS = 100.0
GRID_RUNS = 30


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def setup_coop(tag: str, cars: int, members: int):
    from django.utils import timezone

    from members.models import Cooperative, Member, MemberStatus, User
    from vehicles.models import Fuel, Vehicle

    coop = Cooperative.objects.create(name=f"Bench {tag}", slug=f"bench-{tag}", city="Den Haag")
    users = User.objects.bulk_create(
        [User(email=f"bench-{tag}-{i}@example.nl", first_name=f"Lid{i}", last_name="Bench") for i in range(members)]
    )
    today = timezone.localdate()
    Member.objects.bulk_create(
        [
            Member(
                cooperative=coop,
                user=u,
                number=i + 1,
                status=MemberStatus.ACTIVE,
                street="Bankastraat 1",
                postal_code="2585 EA",
                city="Den Haag",
                licence_expires_on=today + dt.timedelta(days=2000),
                admitted_at=timezone.now(),
            )
            for i, u in enumerate(users)
        ]
    )
    Vehicle.objects.bulk_create(
        [
            Vehicle(
                cooperative=coop,
                plate=f"BN-{i:03d}-X",
                make="Toyota",
                model="Yaris",
                fuel=Fuel.HYBRID,
                address="Bankastraat 1",
            )
            for i in range(cars)
        ]
    )
    member_list = list(Member.objects.filter(cooperative=coop).select_related("user", "cooperative").order_by("pk"))
    vehicle_list = list(Vehicle.objects.filter(cooperative=coop).order_by("pk"))
    return coop, member_list, vehicle_list


def local_day(days: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() + dt.timedelta(days=days)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone())


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


ROUNDS = 8  # the three ways of booking take turns, THROUGHPUT_N / ROUNDS bookings at a time


def bench_throughput(tag: str) -> bool:
    """reservation_create against plain INSERTs (and, for reference, the same writes as
    hand-written SQL). The three take turns in rounds, so that a moment of load on a
    shared machine falls on all of them alike; the times are summed per way."""
    from django.db import connection

    coop, members, cars = setup_coop(f"{tag}-t", cars=3, members=20)
    slots = [at(local_day(1 + (i // 8)), 6 + (i % 8) * 2) for i in range(THROUGHPUT_N)]
    per_round = THROUGHPUT_N // ROUNDS
    ways = [_service, _plain_insert] + ([_floor] if connection.vendor == "postgresql" else [])
    totals = [0.0] * len(ways)
    for r in range(ROUNDS):
        chunk = list(enumerate(slots[r * per_round : (r + 1) * per_round], start=r * per_round))
        for w, way in enumerate(ways):
            started = time.perf_counter()
            way(coop, members, cars[w], chunk)
            totals[w] += time.perf_counter() - started
    service_s, sql_s = totals[0], totals[1]
    ratio = service_s / sql_s
    ok = ratio <= MAX_SLOWDOWN
    print(
        f"2. {THROUGHPUT_N} bookings: reservation_create {THROUGHPUT_N / service_s:.0f}/s "
        f"({service_s * 1000 / THROUGHPUT_N:.2f} ms each), plain INSERT {THROUGHPUT_N / sql_s:.0f}/s "
        f"({sql_s * 1000 / THROUGHPUT_N:.2f} ms each): {ratio:.2f}x slower (target <= {MAX_SLOWDOWN:.0f}x) "
        f"-> {verdict(ok)}"
    )
    if len(totals) > 2:
        print(
            f"   for reference, the same writes as five separate statements (BEGIN, lock the car, INSERT the "
            f"calendar event, INSERT the reservation, COMMIT): {totals[2] * 1000 / THROUGHPUT_N:.2f} ms each, "
            f"{totals[2] / sql_s:.2f}x the plain INSERT"
        )
    return ok


def _service(coop, members, car, chunk) -> None:  # type: ignore[no-untyped-def]
    from reservations.services import reservation_create

    for i, start in chunk:
        reservation_create(member=members[i % 20], vehicle=car, starts_at=start, ends_at=start + dt.timedelta(hours=1))


def _plain_insert(coop, members, car, chunk) -> None:  # type: ignore[no-untyped-def]
    """One INSERT per booking into the reservations table (autocommit)."""
    from django.db import connection

    from reservations.models import Reservation

    sql = (
        f"INSERT INTO {Reservation._meta.db_table} (cooperative_id, vehicle_id, member_id, kind, starts_at, "
        "ends_at, blocked_until, status, note, returned_late, late_cancellation, uid, sequence, created_at, "
        "updated_at) VALUES (%s, %s, %s, 'member', %s, %s, %s, 'booked', '', false, false, %s, 0, %s, %s)"
    )
    with connection.cursor() as cursor:
        for i, start in chunk:
            now = dt.datetime.now(dt.UTC)
            end = start + dt.timedelta(hours=1)
            uid = uuid.uuid4().hex if connection.vendor == "sqlite" else uuid.uuid4()
            cursor.execute(
                sql, [coop.pk, car.pk, members[i % 20].pk, start, end, end + dt.timedelta(minutes=15), uid, now, now]
            )


def _floor(coop, members, car, chunk) -> None:  # type: ignore[no-untyped-def]
    """The same writes as reservation_create as five separate hand-written statements in
    one transaction per booking (what the ORM path did before the single statement)."""
    from django.db import connection, transaction

    from reservations.calendar_sync import vehicle_calendar_id

    calendar_id = vehicle_calendar_id(car)
    with connection.cursor() as cursor:
        for i, start in chunk:
            end = start + dt.timedelta(hours=1)
            now = dt.datetime.now(dt.UTC)
            member = members[i % 20]
            with transaction.atomic():
                cursor.execute("SELECT id, status FROM vehicles_vehicle WHERE id = %s FOR UPDATE", [car.pk])
                cursor.fetchone()
                cursor.execute(
                    'INSERT INTO schedule_event (start, "end", title, description, creator_id, created_on, '
                    "updated_on, calendar_id, color_event) VALUES (%s, %s, 'bench', '', %s, %s, %s, %s, '') "
                    "RETURNING id",
                    [start, end, member.user_id, now, now, calendar_id],
                )
                (event_id,) = cursor.fetchone()
                cursor.execute(
                    "INSERT INTO reservations_reservation (cooperative_id, vehicle_id, member_id, kind, starts_at, "
                    "ends_at, blocked_until, status, note, returned_late, late_cancellation, uid, sequence, "
                    "created_at, updated_at, calendar_event_id) VALUES (%s, %s, %s, 'member', %s, %s, %s, "
                    "'booked', '', false, false, %s, 0, %s, %s, %s) RETURNING id",
                    [coop.pk, car.pk, member.pk, start, end, end + dt.timedelta(minutes=15), uuid.uuid4(), now, now]
                    + [event_id],
                )
                cursor.fetchone()


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
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    tag = time.strftime("%Y%m%d%H%M%S")
    print(f"Booking benchmark on {connection.vendor} ({connection.settings_dict['NAME']})")
    results = []
    if connection.vendor == "postgresql":
        results.append(bench_concurrency(tag))
    else:
        print("1. concurrency: skipped (the target is for PostgreSQL)")
    results.append(bench_throughput(tag))
    results.append(bench_week_grid(tag))
    print("PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
