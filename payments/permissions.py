"""Who may do what with payments. Roles are data; the matrix is tested in tests/payments/test_views.py."""

from members.models import Member, Role
from members.permissions import has_any_role, is_member, is_treasurer


def can_pay(member: Member) -> bool:
    """Every member (a suspended one too: paying is how the suspension ends)."""
    return is_member(member)


def can_manage_payments(member: Member) -> bool:
    """Stripe keys, SEPA batches, bank import, assigning bank lines: the treasurer."""
    return is_treasurer(member)


def can_read_payments(member: Member) -> bool:
    """Batches, bank imports and the queue: the treasurer, and the audit committee reads."""
    return is_treasurer(member) or has_any_role(member, {Role.AUDIT})


def can_see_arrears(member: Member) -> bool:
    """The arrears list: the board, the treasurer and the audit committee."""
    return is_treasurer(member) or has_any_role(member, {Role.BOARD, Role.AUDIT})
