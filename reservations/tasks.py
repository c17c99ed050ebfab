"""Celery tasks of reservations: thin, taking ids, each calling one service.

Queued with transaction.on_commit by the services; the periodic scan is declared in
deel/periodic.py.
"""

from celery import shared_task

from .services import notifications

RETRY = {"autoretry_for": (ConnectionError, TimeoutError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_reminder_task(*, reservation_id: int) -> bool:
    return notifications.send_reminder(reservation_id=reservation_id)


@shared_task(**RETRY)
def send_odometer_request_task(*, reservation_id: int) -> bool:
    return notifications.send_odometer_request(reservation_id=reservation_id)


@shared_task(**RETRY)
def notify_late_return_task(*, reservation_id: int, late_reservation_id: int) -> bool:
    return notifications.notify_late_return(reservation_id=reservation_id, late_reservation_id=late_reservation_id)


@shared_task
def scan_due_notifications_task() -> dict:
    return notifications.scan_due_notifications()
