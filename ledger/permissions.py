"""Who may do what in the books. Roles are data; the matrix is tested in tests/ledger/test_views.py."""

from __future__ import annotations

from members.models import Member, Role
from members.permissions import can_read_books, has_any_role, is_board, is_member, is_treasurer

__all__ = [
    "can_decide_expense",
    "can_decide_expenses",
    "can_enter_car_costs",
    "can_manage_books",
    "can_read_books",
    "is_member",
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


def can_decide_expense(member: Member, *, claimant_is_treasurer: bool, claimant_id: int) -> bool:
    """The treasurer decides claims, never their own. A treasurer's own claim is decided
    by another treasurer or by a board member (four eyes), so it never stays stuck."""
    if member.pk == claimant_id:
        return False
    if is_treasurer(member):
        return True
    return claimant_is_treasurer and is_board(member)
