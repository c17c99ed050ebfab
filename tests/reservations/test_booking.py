"""Booking rules a member notices: no double booking (buffer included), clear messages,
changing, cancelling, maintenance blocks, late returns."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from schedule.models import Event

from members.errors import DomainError, NotAllowedToBook
from members.models import MemberStatus, Role
from reservations.errors import BookingConflict, BookingRuleViolation, ReservationError
from reservations.models import Reservation, ReservationEventKind, ReservationKind, ReservationStatus
from reservations.services import (
    maintenance_block_create,
    reservation_cancel,
    reservation_change,
    reservation_extend,
    reservation_mark_no_show,
    reservation_set_return,
    reservation_shorten,
)
from tests.factories import MemberFactory
from vehicles.models import VehicleStatus

from .factories import book, coop_with_cars, local, soon

pytestmark = pytest.mark.django_db


def test_booking_stores_blocked_until_and_mirrors_an_event():
    coop, (car, _), (ann, _) = coop_with_cars()
    r = book(ann, car, soon(2), hours=3)
    assert r.blocked_until == r.ends_at + dt.timedelta(minutes=car.buffer_minutes)
    event = Event.objects.get(pk=r.calendar_event_id)
    assert (event.start, event.end) == (r.starts_at, r.ends_at)
    assert event.calendar.slug == f"vehicle-{car.pk}"


def test_overlap_is_refused_with_until_when_and_free_cars():
    coop, (car, other), (ann, bob) = coop_with_cars()
    other.nickname = "Groene Yaris"
    other.save()
    book(ann, car, soon(2, 10), hours=2)
    with pytest.raises(BookingConflict) as err:
        book(bob, car, soon(2, 11), hours=2)
    assert isinstance(err.value, DomainError)
    msg = err.value.message
    assert "bezet tot" in msg and "12:15" in msg  # 12:00 + 15 minutes buffer
    assert "Groene Yaris" in msg
    assert err.value.free_vehicles == [other]


def test_conflict_says_until_the_end_of_back_to_back_bookings():
    coop, (car, _), (ann, bob) = coop_with_cars()
    quarter = dt.timedelta(minutes=15)
    book(ann, car, soon(2, 10), hours=2)  # blocked until 12:15
    book(ann, car, soon(2, 12) + quarter, hours=2)  # 12:15-14:15, blocked until 14:30
    book(ann, car, soon(2, 14) + 2 * quarter, hours=2)  # 14:30-16:30, blocked until 16:45
    with pytest.raises(BookingConflict) as err:
        book(bob, car, soon(2, 11), hours=1)
    assert err.value.taken_until == soon(2, 16) + 3 * quarter
    assert "16:45" in err.value.message


def test_buffer_counts_and_back_to_back_after_buffer_is_fine():
    coop, (car, _), (ann, bob) = coop_with_cars()
    book(ann, car, soon(2, 10), hours=2)  # blocked until 12:15
    with pytest.raises(BookingConflict):
        book(bob, car, soon(2, 12) + dt.timedelta(minutes=10), hours=1)
    r = book(bob, car, soon(2, 12) + dt.timedelta(minutes=15), hours=1)
    assert r.status == ReservationStatus.BOOKED


def test_no_free_car_message():
    coop, (car,), (ann, bob) = coop_with_cars(n_cars=1)
    book(ann, car, soon(2, 10))
    with pytest.raises(BookingConflict, match="geen andere auto vrij"):
        book(bob, car, soon(2, 10))


def test_cancelled_booking_frees_the_slot():
    coop, (car, _), (ann, bob) = coop_with_cars()
    r = book(ann, car, soon(3, 9))
    reservation_cancel(reservation=r, by=ann)
    r.refresh_from_db()
    assert r.status == ReservationStatus.CANCELLED and r.sequence == 1 and r.cancelled_at
    # Who cancelled is recorded (the `reservation_cancelled` signal had no receiver and is gone).
    assert [(e.kind, e.by) for e in r.events.all()] == [(ReservationEventKind.CANCELLED, ann)]
    assert r.calendar_event_id is None
    assert book(bob, car, soon(3, 9)).status == ReservationStatus.BOOKED


def test_late_cancellation_is_marked():
    coop, (car, _), (ann, _) = coop_with_cars()
    from django.utils import timezone

    start = (timezone.now() + dt.timedelta(hours=5)).replace(minute=0, second=0, microsecond=0)
    r = book(ann, car, start)
    r = reservation_cancel(reservation=r, by=ann)
    assert r.late_cancellation
    r2 = reservation_cancel(reservation=book(ann, car, soon(5)), by=ann)
    assert not r2.late_cancellation


def test_only_the_booker_or_board_may_cancel():
    coop, (car, _), (ann, bob) = coop_with_cars()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    r = book(ann, car, soon(3))
    with pytest.raises(PermissionDenied):
        reservation_cancel(reservation=r, by=bob)
    assert reservation_cancel(reservation=r, by=board).status == ReservationStatus.CANCELLED


def test_suspended_or_expired_licence_cannot_book():
    coop, (car, _), (ann, bob) = coop_with_cars()
    ann.status = MemberStatus.SUSPENDED
    ann.suspension_reason = "betalingsachterstand"
    ann.save()
    with pytest.raises(NotAllowedToBook, match="betalingsachterstand"):
        book(ann, car, soon(2))
    bob.licence_expires_on = soon(1).date()
    bob.save()
    with pytest.raises(NotAllowedToBook, match="verlopen"):
        book(bob, car, soon(3))
    assert not Reservation.objects.exists()


def test_other_cooperatives_car_cannot_be_booked():
    coop, (car, _), (ann, _) = coop_with_cars()
    _, (foreign, _), _ = coop_with_cars()
    with pytest.raises(ReservationError):
        book(ann, foreign, soon(2))


def test_retired_car_cannot_be_booked():
    coop, (car, _), (ann, _) = coop_with_cars()
    car.status = VehicleStatus.RETIRED
    car.save()
    with pytest.raises(BookingRuleViolation):
        book(ann, car, soon(2))


def test_car_put_in_maintenance_meanwhile_cannot_be_booked_from_a_stale_page():
    """The booking reads the car's status again under the lock it writes with."""
    coop, (car, _), (ann, _) = coop_with_cars()
    stale = type(car).objects.get(pk=car.pk)  # the instance a page loaded earlier
    type(car).objects.filter(pk=car.pk).update(status=VehicleStatus.MAINTENANCE)
    with pytest.raises(BookingRuleViolation) as err:
        book(ann, stale, soon(2))
    assert "in onderhoud" in err.value.message
    assert not Reservation.objects.filter(vehicle=car).exists()
    assert not Event.objects.filter(calendar__slug=f"vehicle-{car.pk}").exists()


def test_booking_returns_a_saved_reservation_with_its_event():
    coop, (car, _), (ann, _) = coop_with_cars()
    r = book(ann, car, soon(3), hours=2)
    fresh = Reservation.objects.get(pk=r.pk)
    assert (fresh.member_id, fresh.vehicle_id, fresh.status, fresh.uid) == (ann.pk, car.pk, r.status, r.uid)
    assert r.calendar_event.pk == fresh.calendar_event_id and fresh.created_at is not None
    assert r._state.adding is False


def test_extend_when_free_and_refused_when_taken():
    coop, (car, _), (ann, bob) = coop_with_cars()
    r = book(ann, car, soon(2, 10), hours=2)
    r = reservation_extend(reservation=r, ends_at=soon(2, 14), by=ann)
    assert r.ends_at == soon(2, 14) and r.sequence == 1
    book(bob, car, soon(2, 15), hours=2)
    with pytest.raises(BookingConflict):
        reservation_extend(reservation=r, ends_at=soon(2, 16), by=ann)
    r.refresh_from_db()
    assert r.ends_at == soon(2, 14)
    assert Event.objects.get(pk=r.calendar_event_id).end == soon(2, 14)


def test_shortening_is_always_allowed_even_below_minimum():
    coop, (car, _), (ann, _) = coop_with_cars()
    r = book(ann, car, soon(2, 10), hours=2)
    r = reservation_shorten(reservation=r, ends_at=soon(2, 10) + dt.timedelta(minutes=10), by=ann)
    assert r.blocked_until == soon(2, 10) + dt.timedelta(minutes=25)


def test_move_checks_like_a_new_booking():
    coop, (car, _), (ann, bob) = coop_with_cars()
    r = book(ann, car, soon(2, 10))
    book(bob, car, soon(3, 10))
    with pytest.raises(BookingConflict):
        reservation_change(reservation=r, starts_at=soon(3, 11), ends_at=soon(3, 12), by=ann)
    r = reservation_change(reservation=r, starts_at=soon(4, 11), ends_at=soon(4, 12), by=ann)
    assert r.starts_at == soon(4, 11)


def test_started_booking_can_extend_but_not_move(time_machine):
    coop, (car, _), (ann, _) = coop_with_cars()
    ten = soon(1, 10)
    r = book(ann, car, ten, hours=2)
    time_machine.move_to(ten + dt.timedelta(hours=1))
    with pytest.raises(ReservationError, match="al begonnen"):
        reservation_change(
            reservation=r, starts_at=ten + dt.timedelta(hours=1), ends_at=ten + dt.timedelta(hours=3), by=ann
        )
    later = ten + dt.timedelta(hours=5)
    assert reservation_extend(reservation=r, ends_at=later, by=ann).ends_at == later
    with pytest.raises(ReservationError):
        reservation_cancel(reservation=r, by=ann)


def test_maintenance_block_by_caretaker_blocks_members():
    coop, (car, _), (ann, caretaker) = coop_with_cars()
    car.caretaker = caretaker
    car.save()
    with pytest.raises(PermissionDenied):
        maintenance_block_create(vehicle=car, by=ann, starts_at=soon(2, 8), ends_at=soon(2, 17))
    block = maintenance_block_create(vehicle=car, by=caretaker, starts_at=soon(2, 8), ends_at=soon(2, 17), note="APK")
    assert block.kind == ReservationKind.MAINTENANCE
    with pytest.raises(BookingConflict):
        book(ann, car, soon(2, 12))


def test_late_return_overlapping_next_booking_is_recorded_and_next_member_notified(
    time_machine, django_capture_on_commit_callbacks
):
    coop, (car, _), (ann, bob) = coop_with_cars()
    ten, one = soon(1, 10), soon(1, 13)
    first = book(ann, car, ten, hours=2)
    nxt = book(bob, car, one, hours=2)
    time_machine.move_to(one + dt.timedelta(minutes=40))
    with django_capture_on_commit_callbacks(execute=True):
        r = reservation_set_return(reservation=first, returned_at=one + dt.timedelta(minutes=30), by=ann)
    assert r.returned_late and r.ends_at == ten + dt.timedelta(hours=2)
    assert r.returned_at == one + dt.timedelta(minutes=30)
    # Eager Celery in tests: the notice is sent on commit.
    assert [m.to for m in mail.outbox] == [[bob.user.email]]
    assert "te laat" in mail.outbox[0].subject
    nxt.refresh_from_db()
    assert nxt.late_notice_sent_at is not None


def test_late_return_without_next_booking_extends(time_machine):
    coop, (car, _), (ann, _) = coop_with_cars()
    ten = soon(1, 10)
    r = book(ann, car, ten, hours=2)
    time_machine.move_to(ten + dt.timedelta(hours=4))
    r = reservation_set_return(reservation=r, returned_at=ten + dt.timedelta(hours=3), by=ann)
    assert not r.returned_late and r.ends_at == ten + dt.timedelta(hours=3)


def test_no_show_by_caretaker_only_after_start(time_machine):
    coop, (car, _), (ann, caretaker) = coop_with_cars()
    car.caretaker = caretaker
    car.save()
    ten = soon(1, 10)
    r = book(ann, car, ten)
    with pytest.raises(ReservationError):
        reservation_mark_no_show(reservation=r, by=caretaker)
    time_machine.move_to(ten + dt.timedelta(hours=3))
    with pytest.raises(PermissionDenied):
        reservation_mark_no_show(reservation=r, by=ann)
    assert reservation_mark_no_show(reservation=r, by=caretaker).status == ReservationStatus.NO_SHOW


def test_dst_booking_is_four_real_hours(time_machine):
    time_machine.move_to(local(2026, 10, 20, 12))
    coop, (car, _), (ann, _) = coop_with_cars()
    r = book(ann, car, local(2026, 10, 25, 1), hours=0.5)
    r = reservation_change(reservation=r, starts_at=local(2026, 10, 25, 1), ends_at=local(2026, 10, 25, 4), by=ann)
    assert r.duration_hours == 4.0
    assert r.ends_at - r.starts_at == dt.timedelta(hours=4)


def test_late_return_into_ones_own_next_booking_sends_no_notice(time_machine, django_capture_on_commit_callbacks):
    coop, (car, _), (ann, _) = coop_with_cars()
    ten, one = soon(1, 10), soon(1, 13)
    first = book(ann, car, ten, hours=2)
    book(ann, car, one, hours=2)
    time_machine.move_to(one + dt.timedelta(minutes=40))
    with django_capture_on_commit_callbacks(execute=True):
        r = reservation_set_return(reservation=first, returned_at=one + dt.timedelta(minutes=30), by=ann)
    assert r.returned_late
    assert mail.outbox == []
