"""Celery tasks of governance: thin, take ids, call one function of governance.emails."""

from celery import shared_task

from . import emails


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_convocation(meeting_id: int) -> int:
    return emails.convocation(meeting_id=meeting_id)
