"""Celery tasks of the books: thin, each calls one service per cooperative."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from members.models import Cooperative

from .costs import depreciation_post_month, fees_charge_month, month_start
from .statements import statements_issue_month
from .trips import trips_charge_pending


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def monthly_books() -> dict[str, int]:
    """On the first of the month: this month's fees, last month's depreciation, any trip
    still waiting for a tariff, then last month's statements. Every step is idempotent
    (source keys; one statement per member and month)."""
    today = timezone.localdate()
    last_month = month_start(today, -1)
    totals = {"fees": 0, "depreciation": 0, "trips": 0, "statements": 0}
    for coop_id in Cooperative.objects.values_list("pk", flat=True):
        coop = Cooperative.objects.get(pk=coop_id)
        totals["fees"] += fees_charge_month(cooperative=coop, month=today)
        totals["depreciation"] += depreciation_post_month(cooperative=coop, month=last_month)
        totals["trips"] += trips_charge_pending(cooperative=coop)
        totals["statements"] += len(statements_issue_month(cooperative=coop, month=last_month))
    return totals


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def charge_pending_trips(cooperative_id: int | None = None) -> int:
    """Charge finished trips that have a tariff by now (nightly safety net)."""
    coops = Cooperative.objects.all() if cooperative_id is None else Cooperative.objects.filter(pk=cooperative_id)
    return sum(trips_charge_pending(cooperative=coop) for coop in coops)
