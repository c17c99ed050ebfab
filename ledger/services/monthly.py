"""The books' first-of-the-month job for one cooperative (queued by ledger.tasks.monthly_books)."""

from __future__ import annotations

import datetime as dt

from members.models import Cooperative

from .costs import depreciation_post_month, fees_charge_month, month_start
from .statements import statements_issue_month
from .trips import trips_charge_pending


def monthly_books_run(*, cooperative: Cooperative, today: dt.date) -> dict[str, int]:
    """This month's fees, last month's depreciation, any trip still waiting for a tariff,
    then last month's statements. Every step is idempotent (source keys; one statement per
    member and month), so a retried or repeated run changes nothing. Returns the counts."""
    last_month = month_start(today, -1)
    return {
        "fees": fees_charge_month(cooperative=cooperative, month=today),
        "depreciation": depreciation_post_month(cooperative=cooperative, month=last_month),
        "trips": trips_charge_pending(cooperative=cooperative),
        "statements": len(statements_issue_month(cooperative=cooperative, month=last_month)),
    }
