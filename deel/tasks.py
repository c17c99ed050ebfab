"""The project's own periodic job: anonymising former members after the retention period."""

from __future__ import annotations

from celery import shared_task

from . import privacy


@shared_task
def anonymise_due_task() -> int:
    return privacy.anonymise_due()
