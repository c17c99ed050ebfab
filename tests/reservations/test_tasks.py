"""Reminder, odometer request and late-return notice: the services (eager) and the same
tasks through a real Celery worker against Redis."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from reservations.models import Reservation
from reservations.services import reservation_create, reservation_set_return, trip_start
from reservations.tasks import scan_due_notifications_task as scan_due_notifications
from tests.fixtures.celery_worker import wait_for

from .factories import coop_with_cars


@transaction.atomic
def _book_at(member, car, start, hours=2):
    # A booking made in the past (`now`), as the demo makes them.
    return reservation_create(
        member=member,
        vehicle=car,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        now=start - dt.timedelta(days=1),
    )


def _setup():
    coop, (car, _), (ann, bob) = coop_with_cars()
    now = timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic():
        soon = _book_at(ann, car, now + dt.timedelta(minutes=30))
        ended = _book_at(bob, car, now - dt.timedelta(hours=5))
        later = _book_at(bob, car, now + dt.timedelta(days=3))
    return ann, bob, soon, ended, later


@pytest.mark.django_db
def test_scan_sends_reminder_and_odometer_request_once(django_capture_on_commit_callbacks):
    ann, bob, soon, ended, later = _setup()
    with django_capture_on_commit_callbacks(execute=True):
        counts = scan_due_notifications()
    assert counts == {"reminders": 1, "odometer_requests": 1}
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "Herinnering" in by_recipient[ann.user.email].subject
    assert "kilometerstand" in by_recipient[bob.user.email].subject.lower()
    assert f"/reservations/{soon.pk}/" in by_recipient[ann.user.email].body
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_due_notifications() == {"reminders": 0, "odometer_requests": 0}
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_no_odometer_request_when_the_trip_is_recorded(django_capture_on_commit_callbacks):
    ann, bob, soon, ended, later = _setup()
    trip = trip_start(reservation=ended, odometer_km=100, by=bob, now=ended.starts_at)
    from reservations.services import trip_end

    trip_end(trip=trip, odometer_km=150, by=bob)
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_due_notifications()["odometer_requests"] == 0


@pytest.mark.services
def test_tasks_run_on_a_real_worker(celery_worker):
    ann, bob, soon, ended, later = _setup()
    with transaction.atomic():
        scan_due_notifications()  # queued on commit, sent through Redis
    wait_for(lambda: len(mail.outbox) == 2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ann.user.email, bob.user.email])
    wait_for(lambda: Reservation.objects.filter(pk=soon.pk, reminder_sent_at__isnull=False).exists())


@pytest.mark.services
def test_late_return_notice_through_the_worker(celery_worker):
    coop, (car, _), (ann, bob) = coop_with_cars()
    now = timezone.now().replace(second=0, microsecond=0)
    first = _book_at(ann, car, now - dt.timedelta(hours=3))  # ended an hour ago
    nxt = _book_at(bob, car, now - dt.timedelta(minutes=30))  # began half an hour ago
    reservation_set_return(reservation=first, returned_at=now - dt.timedelta(minutes=5), by=ann)
    wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == [bob.user.email]
    assert "te laat" in mail.outbox[0].subject
    wait_for(lambda: Reservation.objects.filter(pk=nxt.pk, late_notice_sent_at__isnull=False).exists())
