"""Celery tasks of the books: thin, each calls one service per cooperative."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from members.models import Cooperative

from .services import monthly_books_run, trips_charge_pending


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def monthly_books() -> dict[str, int]:
    """On the first of the month: `monthly_books_run` for every cooperative."""
    today = timezone.localdate()
    totals = {"fees": 0, "depreciation": 0, "trips": 0, "statements": 0}
    for coop in Cooperative.objects.all():
        for key, count in monthly_books_run(cooperative=coop, today=today).items():
            totals[key] += count
    return totals


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def charge_pending_trips(cooperative_id: int | None = None) -> int:
    """Charge finished trips that have a tariff by now (nightly safety net)."""
    coops = Cooperative.objects.all() if cooperative_id is None else Cooperative.objects.filter(pk=cooperative_id)
    return sum(trips_charge_pending(cooperative=coop) for coop in coops)


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def penalty_notice_task(*, penalty_id: int) -> int:
    from .penalty_emails import send_penalty_notice

    return send_penalty_notice(penalty_id=penalty_id)


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def dispute_decided_task(*, dispute_id: int) -> int:
    from .penalty_emails import send_dispute_decided

    return send_dispute_decided(dispute_id=dispute_id)
