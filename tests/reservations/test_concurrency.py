"""No double booking, ever: many threads, each with its own database connection, book
overlapping slots at once. Exactly one wins each slot; the others get BookingConflict;
nothing else goes wrong. Runs on SQLite (IMMEDIATE transactions) and on PostgreSQL
(vehicle lock + exclusion constraint)."""

import contextlib
import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reservations.errors import BookingConflict
from reservations.models import ACTIVE_STATUSES, Reservation
from reservations.services import booking as booking_services
from reservations.services import reservation_create

from .factories import coop_with_cars, soon

THREADS = 12
SLOTS = 3


def _overlaps(rows) -> bool:
    rows = sorted(rows)
    return any(nxt[0] < prev[1] for prev, nxt in zip(rows, rows[1:], strict=False))


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_one_winner_per_slot():
    coop, (car, _), members = coop_with_cars(n_members=THREADS)
    base = soon(3, 8)
    barrier = threading.Barrier(THREADS)
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        slot = i % SLOTS
        # Slot k: starts between 8:00+4k and 9:00+4k, two hours: overlapping within a slot,
        # never across slots (buffer included).
        start = base + dt.timedelta(hours=4 * slot, minutes=(i // SLOTS) * 15)
        outcome = "ok"
        try:
            barrier.wait(timeout=30)
            reservation_create(member=members[i], vehicle=car, starts_at=start, ends_at=start + dt.timedelta(hours=2))
        except BookingConflict:
            outcome = "conflict"
        except Exception as exc:  # noqa: BLE001 - any other error fails the test below
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            results.append((slot, outcome))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == THREADS
    assert [r for r in results if r[1].startswith("error")] == []
    for slot in range(SLOTS):
        assert sum(1 for s, o in results if s == slot and o == "ok") == 1, results
    rows = list(Reservation.objects.filter(vehicle=car).values_list("starts_at", "blocked_until"))
    assert len(rows) == SLOTS and not _overlaps(rows)


@pytest.mark.django_db
def test_postgres_exclusion_constraint_is_the_last_line(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    coop, (car, _), (ann, bob) = coop_with_cars()
    first = reservation_create(member=ann, vehicle=car, starts_at=soon(2, 10), ends_at=soon(2, 12))
    # A raw overlapping row is refused by the database itself ...
    with pytest.raises(IntegrityError), transaction.atomic():
        Reservation.objects.create(
            cooperative=coop,
            vehicle=car,
            member=bob,
            starts_at=soon(2, 12),
            ends_at=soon(2, 13),
            blocked_until=soon(2, 13),
        )
    # ... and when the friendly pre-check is skipped, the service maps it to BookingConflict.
    monkeypatch.setattr(booking_services, "_assert_free", lambda **kwargs: None)
    with pytest.raises(BookingConflict, match="bezet tot"):
        reservation_create(member=bob, vehicle=car, starts_at=soon(2, 11), ends_at=soon(2, 14))
    assert list(Reservation.objects.filter(vehicle=car)) == [first]


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=7 * 24 * 4), st.integers(min_value=2, max_value=6 * 4)),
        min_size=1,
        max_size=12,
    )
)
def test_bookings_never_overlap_whatever_is_asked(requests):
    """Property: whatever sequence of (start, length) in quarter hours members ask for,
    the active reservations of a car never overlap, buffer included."""
    with transaction.atomic():
        coop, (car, _), members = coop_with_cars(n_members=3)
        base = soon(2, 0)
        for n, (offset, length) in enumerate(requests):
            start = base + dt.timedelta(minutes=15 * offset)
            with contextlib.suppress(BookingConflict):
                reservation_create(
                    member=members[n % 3],
                    vehicle=car,
                    starts_at=start,
                    ends_at=start + dt.timedelta(minutes=15 * length),
                )
        rows = list(
            Reservation.objects.filter(vehicle=car, status__in=ACTIVE_STATUSES).values_list(
                "starts_at", "blocked_until"
            )
        )
        assert rows and not _overlaps(rows)
        transaction.set_rollback(True)
