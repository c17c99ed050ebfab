"""Who may do what in the books, and when (roles are data; the matrix is tested in
tests/ledger/test_views.py). The state rules here are used by the services (which raise
the domain error) and by the views (which pass the answer to the template as a boolean)."""

from __future__ import annotations

import datetime as dt

from members.models import Member, Role
from members.permissions import can_read_books, has_any_role, is_board, is_member, is_treasurer

from .models import Budget, BudgetStatus, Expense, Period

__all__ = [
    "can_edit_budget",
    "can_propose_budget",
    "can_see_budget",
    "can_see_budgets",
    "can_close_period",
    "can_decide_expense",
    "can_decide_expenses",
    "can_enter_car_costs",
    "can_issue_statements_for",
    "can_manage_books",
    "can_post_settlement",
    "can_read_books",
    "can_see_car_costs",
    "can_set_reserve",
    "involves_treasurer",
    "is_board",
    "is_member",
    "is_settled",
    "may_decide_expense",
]


def can_manage_books(member: Member) -> bool:
    """Tariffs, claims, statements, settlements, closing: the treasurer only."""
    return is_treasurer(member)


def can_enter_car_costs(member: Member) -> bool:
    """Treasurer, or a caretaker (for the cars they look after)."""
    return member.is_active and has_any_role(member, {Role.TREASURER, Role.CARETAKER})


def can_see_car_costs(member: Member) -> bool:
    return can_read_books(member) or can_enter_car_costs(member)


def can_decide_expenses(member: Member) -> bool:
    """Who may decide some claims: the treasurer, and the board for the treasurer's own."""
    return is_treasurer(member) or is_board(member)


def can_decide_expense(
    member: Member, *, claimant_is_treasurer: bool, claimant_id: int, entered_by_id: int | None = None
) -> bool:
    """The treasurer decides claims, never their own, nor one they entered for someone
    else (a car cost paid by a member). A treasurer's own claim, or one a treasurer
    entered, is decided by another treasurer or by a board member (four eyes), so it
    never stays stuck."""
    if member.pk in (claimant_id, entered_by_id):
        return False
    if is_treasurer(member):
        return True
    return claimant_is_treasurer and is_board(member)


def involves_treasurer(expense: Expense, treasurer_ids: set[int]) -> bool:
    """The claim is a treasurer's own, or a treasurer entered it (then the board may decide)."""
    entered_by_id = expense.car_cost.created_by_id if expense.car_cost is not None else None
    return expense.member_id in treasurer_ids or entered_by_id in treasurer_ids


def may_decide_expense(expense: Expense, member: Member, *, claimant_is_treasurer: bool) -> bool:
    """This claim can be decided now, by this member: still submitted, and theirs to decide."""
    entered_by_id = expense.car_cost.created_by_id if expense.car_cost is not None else None
    return expense.is_submitted and can_decide_expense(
        member, claimant_is_treasurer=claimant_is_treasurer, claimant_id=expense.member_id, entered_by_id=entered_by_id
    )


def is_settled(period: Period) -> bool:
    """The period has its settlement (a reverse one-to-one: read it once, it is cached)."""
    return hasattr(period, "settlement")


def can_set_reserve(period: Period) -> bool:
    """The reserve of a period is set before its settlement, never after (nor once closed)."""
    return not period.is_closed and not is_settled(period)


def can_post_settlement(period: Period, *, today: dt.date) -> bool:
    """A settlement is posted once, after the period has ended, before it is closed."""
    return not period.is_closed and not is_settled(period) and period.ends_on < today


def can_close_period(period: Period, *, today: dt.date) -> bool:
    """An open period can be closed once it has ended (the service also wants its
    settlement first when it has income or costs)."""
    return not period.is_closed and period.ends_on < today


def can_issue_statements_for(last_day: dt.date, *, today: dt.date) -> bool:
    """Statements of a window are issued once it has ended: a statement's closing balance
    must not change after it is issued."""
    return last_day < today


# --- budget ---------------------------------------------------------------------------


def can_see_budgets(member: Member) -> bool:
    """Every member sees the budgets put to the ALV and adopted (how their tariff came about)."""
    return is_member(member)


def can_see_budget(member: Member, budget: Budget) -> bool:
    """A draft only for the treasurer, the board and the audit committee."""
    if budget.status != BudgetStatus.DRAFT:
        return is_member(member)
    return can_read_books(member) or is_board(member)


def can_edit_budget(member: Member, budget: Budget | None = None) -> bool:
    """The treasurer draws up the budget; once put to the ALV it no longer changes."""
    return is_treasurer(member) and (budget is None or budget.status == BudgetStatus.DRAFT)


def can_propose_budget(member: Member, budget: Budget) -> bool:
    """The board (or the treasurer, who sits on it in most cooperatives) puts a draft on the ALV's agenda."""
    return (is_board(member) or is_treasurer(member)) and budget.status == BudgetStatus.DRAFT
