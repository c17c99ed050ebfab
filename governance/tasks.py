"""Celery tasks of governance: thin, take ids, call one service."""

from celery import shared_task

from .services.mail import convocation_mail_send


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_convocation(meeting_id: int) -> int:
    return convocation_mail_send(meeting_id=meeting_id)
