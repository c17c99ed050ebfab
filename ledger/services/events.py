"""Recording who decided what in the books: one append-only `LedgerEvent` per decision."""

from __future__ import annotations

from members.models import Member

from ..models import CarCost, Expense, LedgerEvent, LedgerEventKind, Period, Tariff


def event_record(
    *,
    cooperative_id: int,
    kind: LedgerEventKind,
    by: Member | None,
    tariff: Tariff | None = None,
    period: Period | None = None,
    expense: Expense | None = None,
    car_cost: CarCost | None = None,
    note: str = "",
) -> LedgerEvent:
    """Append the event (inside the caller's transaction, so it exists exactly when the
    decision does)."""
    return LedgerEvent.objects.create(
        cooperative_id=cooperative_id,
        kind=kind,
        by=by,
        tariff=tariff,
        period=period,
        expense=expense,
        car_cost=car_cost,
        note=note[:200],
    )
