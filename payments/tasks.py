"""Celery tasks of the payments app: thin, each takes ids and sends one e-mail of emails.py,
retrying when the mail server cannot be reached. Services queue them after commit
(`deel.mail.after_commit`); the periodic jobs are in jobs.py."""

from __future__ import annotations

from celery import shared_task

from . import emails

RETRY = {"autoretry_for": (ConnectionError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_payment_problem_mail(payment_id: int, kind: str) -> int:
    return emails.payment_problem(payment_id, kind)


@shared_task(**RETRY)
def send_prenotification_mail(collection_id: int) -> int:
    return emails.prenotification(collection_id)


@shared_task(**RETRY)
def send_collection_cancelled_mail(collection_id: int) -> int:
    return emails.collection_cancelled(collection_id)


@shared_task(**RETRY)
def send_return_mail(collection_id: int) -> int:
    return emails.collection_returned(collection_id)


@shared_task(**RETRY)
def send_arrears_mail(reminder_id: int) -> int:
    return emails.arrears_reminder(reminder_id)
