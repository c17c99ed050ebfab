"""The ledger's row locks, in one place (STYLE 18; Saleor's `lock_objects.py`).

Every lock is `order_by("pk").select_for_update()` inside the caller's transaction, so
two transactions that lock the same rows take them in the same order and never deadlock.
What each lock protects:
- a period: posting into it, settling it, closing it, setting its reserve (one at a time);
- an expense claim: deciding it once;
- a cooperative's statement chain (its Cooperative row, FOR NO KEY UPDATE): one statement
  run at a time, so a posting lands on one statement and each opens where the last closed;
- a statement sequence (cooperative, year): gapless statement numbers.
"""

from __future__ import annotations

from members.models import Cooperative

from .models import Expense, Period, StatementSequence


def period_lock(period_id: int) -> Period:
    """The period row, locked."""
    return Period.objects.filter(pk=period_id).order_by("pk").select_for_update().get()


def expense_lock(expense_id: int) -> Expense:
    """The expense claim row, locked."""
    return Expense.objects.filter(pk=expense_id).order_by("pk").select_for_update().get()


def statement_sequence_lock(*, cooperative: Cooperative, year: int) -> StatementSequence:
    """The cooperative's statement counter of `year`, created at 0 when missing, locked."""
    StatementSequence.objects.get_or_create(cooperative=cooperative, year=year)
    return StatementSequence.objects.filter(cooperative=cooperative, year=year).order_by("pk").select_for_update().get()


def statement_chain_lock(*, cooperative: Cooperative) -> None:
    """One statement run per cooperative at a time, taken before anything issued is read.
    The cooperative row is locked FOR NO KEY UPDATE (PostgreSQL), which does not block the
    inserts that merely reference the cooperative (every transaction, posting and
    reservation); on SQLite the IMMEDIATE transaction already holds the write lock."""
    locked = Cooperative.objects.filter(pk=cooperative.pk).order_by("pk").select_for_update(no_key=True)
    list(locked.values_list("pk", flat=True))
