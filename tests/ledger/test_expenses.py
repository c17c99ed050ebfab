"""Expense claims: submitted by a member, decided by the treasurer, credited on approval."""

import datetime as dt

import pytest

from ledger.errors import ExpenseError
from ledger.models import ExpenseStatus, Posting
from ledger.selectors import member_balance_cents
from ledger.services import expense_approve, expense_from_receipt, expense_refuse, expense_submit
from members.models import Role
from reservations.models import Receipt
from reservations.signals import receipt_added
from tests.factories import MemberFactory

from .factories import aware, make_trip


def test_treasurer_approves_and_member_is_credited(coop, member, treasurer, car):
    expense = expense_submit(
        member=member,
        description="Ruitenwisser",
        amount_cents=1999,
        spent_on=dt.date(2026, 1, 5),
        vehicle=car,
        category="repair",
    )
    assert member_balance_cents(member=member) == 0
    expense_approve(expense=expense, by=treasurer)
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.APPROVED
    assert member_balance_cents(member=member) == -1999


def test_claimant_cannot_approve_own_claim(coop, car):
    treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    expense = expense_submit(member=treasurer, description="Tanken", amount_cents=5000, spent_on=dt.date(2026, 1, 5))
    with pytest.raises(ExpenseError):
        expense_approve(expense=expense, by=treasurer)
    assert not Posting.objects.exists()


def test_board_decides_the_treasurers_own_claim(coop, car):
    treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    auditor = MemberFactory(cooperative=coop, roles=[Role.AUDIT])
    expense = expense_submit(member=treasurer, description="Tanken", amount_cents=5000, spent_on=dt.date(2026, 1, 5))
    with pytest.raises(ExpenseError):
        expense_approve(expense=expense, by=auditor)
    expense_approve(expense=expense, by=board)
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.APPROVED and expense.decided_by == board
    assert member_balance_cents(member=treasurer) == -5000


def test_only_treasurer_decides(coop, member, car):
    other = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    expense = expense_submit(member=member, description="Tanken", amount_cents=5000, spent_on=dt.date(2026, 1, 5))
    with pytest.raises(ExpenseError):
        expense_approve(expense=expense, by=other)


def test_refusal_needs_reason_and_posts_nothing(coop, member, treasurer):
    expense = expense_submit(member=member, description="Tanken", amount_cents=5000, spent_on=dt.date(2026, 1, 5))
    with pytest.raises(ExpenseError):
        expense_refuse(expense=expense, by=treasurer, reason=" ")
    expense_refuse(expense=expense, by=treasurer, reason="Geen bon")
    with pytest.raises(ExpenseError):
        expense_approve(expense=expense, by=treasurer)
    assert not Posting.objects.exists()


def test_receipt_becomes_a_submitted_claim_once(coop, member, car):
    trip = make_trip(member, car, start=aware(2026, 2, 1))
    receipt = Receipt.objects.create(
        trip=trip, member=member, amount_cents=4250, photo="receipts/x.jpg", paid_on=dt.date(2026, 2, 1)
    )
    receipt_added.send(sender=None, receipt=receipt)
    receipt_added.send(sender=None, receipt=receipt)
    expense = expense_from_receipt(receipt=receipt)
    assert expense.status == ExpenseStatus.SUBMITTED
    assert expense.amount_cents == 4250 and expense.vehicle == car
    assert member.expenses.count() == 1
