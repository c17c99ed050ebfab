"""Who may do what in the members app. Roles are data: each rule names the roles it allows.

The role matrix is tested in tests/members/test_permissions.py.
"""

from .models import Member, MemberStatus, Role
from .tenancy import has_any_role


def is_member(member: Member) -> bool:
    return member.status in (MemberStatus.ACTIVE, MemberStatus.SUSPENDED)


def can_see_member_list(member: Member) -> bool:
    return is_member(member)


def can_admit_members(member: Member) -> bool:
    return member.is_active and has_any_role(member, {Role.BOARD})


def can_manage_roles(member: Member) -> bool:
    return member.is_active and has_any_role(member, {Role.BOARD})


def can_see_member_details(member: Member) -> bool:
    """Addresses, licence data, contributed cars: board, treasurer and audit committee."""
    return has_any_role(member, {Role.BOARD, Role.TREASURER, Role.AUDIT})


def is_treasurer(member: Member) -> bool:
    return member.is_active and has_any_role(member, {Role.TREASURER})


def is_board(member: Member) -> bool:
    return member.is_active and has_any_role(member, {Role.BOARD})


def is_auditor(member: Member) -> bool:
    return has_any_role(member, {Role.AUDIT})


def can_read_books(member: Member) -> bool:
    """Treasurer, board and the audit committee read all books."""
    return has_any_role(member, {Role.TREASURER, Role.BOARD, Role.AUDIT})


def should_use_2fa(member: Member) -> bool:
    """Two-factor log-in is recommended for those who handle money and members."""
    return has_any_role(member, {Role.TREASURER, Role.BOARD})


def has_2fa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def licence_state(member: Member) -> str:
    """'none' (does not drive), 'missing', 'expired', 'expiring' (within 60 days) or 'valid'."""
    import datetime as dt

    from django.utils import timezone

    if not member.may_drive:
        return "none"
    if member.licence_expires_on is None:
        return "missing"
    today = timezone.localdate()
    if member.licence_expires_on < today:
        return "expired"
    if member.licence_expires_on <= today + dt.timedelta(days=60):
        return "expiring"
    return "valid"
