"""Celery tasks of the payments app: thin, take ids, call one service (deel/periodic.py plans the periodic ones)."""

from __future__ import annotations

from celery import shared_task

from .services import notify


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_payment_problem_mail(payment_id: int, kind: str) -> int:
    return notify.mail_payment_problem(payment_id, kind)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_prenotification_mail(collection_id: int) -> int:
    return notify.mail_prenotification(collection_id)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_collection_cancelled_mail(collection_id: int) -> int:
    return notify.mail_collection_cancelled(collection_id)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_return_mail(collection_id: int) -> int:
    return notify.mail_return(collection_id)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_arrears_mail(reminder_id: int) -> int:
    return notify.mail_arrears(reminder_id)


@shared_task
def run_arrears() -> int:
    """Daily: reminders at 14 and 28 days overdue, and suspension above the statutes' limit."""
    from members.models import Cooperative

    from .services import arrears_run

    return sum(arrears_run(cooperative=coop) for coop in Cooperative.objects.all())


@shared_task
def lapse_mandates() -> int:
    """Daily: mandates unused for 36 months lapse."""
    from .services import mandates_lapse

    return mandates_lapse()
