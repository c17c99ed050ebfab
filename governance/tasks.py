"""Celery tasks of governance: thin, take ids, call one function of governance.emails or services."""

from celery import shared_task

from . import emails


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_convocation(meeting_id: int, convocation_id: int | None = None) -> int:
    return emails.convocation(meeting_id=meeting_id, convocation_id=convocation_id)


@shared_task
def lapse_written_resolutions() -> int:
    from .services.decisions import written_resolutions_lapse

    return written_resolutions_lapse()
