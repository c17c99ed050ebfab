"""Celery tasks of reservations: thin, taking ids, each sending one e-mail (emails.py).

The services queue them with deel.mail.after_commit. The periodic scan (declared in
deel/periodic.py) reads what is due through the selectors and queues the same tasks; it
calls no service, so services and tasks never import each other both ways.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from deel.mail import after_commit

from . import emails, selectors, waitlist

RETRY = {"autoretry_for": (ConnectionError, TimeoutError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_reminder_task(*, reservation_id: int) -> bool:
    return emails.send_reminder(reservation_id=reservation_id)


@shared_task(**RETRY)
def send_odometer_request_task(*, reservation_id: int) -> bool:
    return emails.send_odometer_request(reservation_id=reservation_id)


@shared_task(**RETRY)
def notify_late_return_task(*, reservation_id: int, late_reservation_id: int) -> bool:
    return emails.send_late_return_notice(reservation_id=reservation_id, late_reservation_id=late_reservation_id)


@shared_task
def scan_due_notifications_task(now: dt.datetime | None = None) -> dict[str, int]:
    """Queue the reminders and odometer requests that are due (each is sent once: see emails)."""
    now = now or timezone.now()
    reminders = selectors.due_reminders(now=now)
    odometer = selectors.due_odometer_requests(now=now)
    for pk in reminders:
        after_commit(send_reminder_task, reservation_id=pk)
    for pk in odometer:
        after_commit(send_odometer_request_task, reservation_id=pk)
    return {"reminders": len(reminders), "odometer_requests": len(odometer)}


@shared_task(**RETRY)
def send_battery_reminder_task(*, reservation_id: int) -> bool:
    return emails.send_battery_reminder(reservation_id=reservation_id)


@shared_task
def scan_battery_reminders_task(now: dt.datetime | None = None) -> dict[str, int]:
    """Queue the charging reminders of electric cars whose booking ends soon (each once)."""
    now = now or timezone.now()
    due = selectors.due_battery_reminders(now=now)
    for pk in due:
        after_commit(send_battery_reminder_task, reservation_id=pk)
    return {"battery_reminders": len(due)}


@shared_task(**RETRY)
def waitlist_scan_task(*, cooperative_id: int) -> int:
    """Tell who waits for a car that one is free (each once): after a cancellation, a
    shortened booking or an early return."""
    return waitlist.waitlist_notify(cooperative_id=cooperative_id)
