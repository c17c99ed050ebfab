"""Celery tasks of the members app: thin, taking ids, each calling one emails.py function.
Queued by the services with deel.mail.after_commit (nothing is sent for a rolled-back step)."""

from __future__ import annotations

from celery import shared_task

from . import emails

RETRY = {"autoretry_for": (ConnectionError, TimeoutError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def application_received_task(*, member_id: int) -> int:
    return emails.application_received(member_id=member_id)


@shared_task(**RETRY)
def admission_decided_task(*, member_id: int) -> int:
    return emails.admission_decided(member_id=member_id)


@shared_task(**RETRY)
def account_exists_task(*, cooperative_id: int, email: str) -> int:
    return emails.account_exists(cooperative_id=cooperative_id, email=email)


@shared_task(**RETRY)
def role_grant_requested_task(*, grant_id: int) -> int:
    return emails.role_grant_requested(grant_id=grant_id)


@shared_task(**RETRY)
def role_grant_announced_task(*, grant_id: int) -> int:
    return emails.role_grant_announced(grant_id=grant_id)
