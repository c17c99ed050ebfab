"""Who may do what in the members app, and the door every cooperative page goes through.

Every cooperative page lives under `/c/<coop-slug>/`. `coop_view` resolves the
cooperative from the URL and the user's membership there; a person who is not a member
(or whose membership is still an application, refused or ended) gets 404, as if the
cooperative did not exist for them, and a member without the required role gets 403.
Roles are data: each rule names the roles it allows. The role matrix is tested in
tests/members/test_permissions.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from .models import Cooperative, HouseholdDriver, Member, MemberStatus, Role, RoleGrant

# Statuses whose holders can still see the cooperative's pages (a suspended member can
# read and pay, but not book).
SEEING_STATUSES = (MemberStatus.ACTIVE, MemberStatus.SUSPENDED)


def membership_for(user, cooperative: Cooperative) -> Member | None:
    """The user's membership of `cooperative`; for an extra driver of a household, the
    household's membership with `acting_driver` set (they act on it without its roles or vote)."""
    if not user.is_authenticated:
        return None
    member = (
        Member.objects.select_related("user", "cooperative")
        .prefetch_related("roles")
        .filter(cooperative=cooperative, user=user, status__in=SEEING_STATUSES)
        .first()
    )
    if member is not None:
        return member
    driver = (
        HouseholdDriver.objects.select_related("member__user", "member__cooperative", "user")
        .filter(
            member__cooperative=cooperative,
            user=user,
            removed_at__isnull=True,
            member__status__in=SEEING_STATUSES,
        )
        .first()
    )
    if driver is None:
        return None
    household = driver.member
    household.acting_driver = driver  # type: ignore[attr-defined]  # read through acting_driver()
    return household


def acting_driver(member: Member | None) -> HouseholdDriver | None:
    """The household's extra driver acting on this membership (None: the member themself)."""
    return getattr(member, "acting_driver", None)


def member_roles(member: Member | None) -> frozenset[str]:
    """The roles a member holds (from the prefetched `roles`), empty for no member and for a
    household's extra driver (the roles are the member's, not theirs)."""
    if member is None or acting_driver(member) is not None:
        return frozenset()
    return frozenset(r.role for r in member.roles.all())


class CoopRequest(HttpRequest):
    """A request after `coop_view`: it carries the cooperative and the member (type it so)."""

    coop: Cooperative
    member: Member


def coop_view(
    permission: Callable[[Member], bool] | None = None,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Decorate a view taking `coop` from the URL.

    Sets `request.coop` and `request.member`, then checks `permission(member)` (403 when
    it says no). The view itself is called without the `coop` keyword.
    """

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, coop: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            cooperative = Cooperative.objects.filter(slug=coop).first()
            if cooperative is None:
                raise Http404
            member = membership_for(request.user, cooperative)
            if member is None:
                raise Http404
            # Set before the check, so that a 403 page still shows the cooperative's menu.
            request.coop = cooperative  # type: ignore[attr-defined]  # the one place that makes a CoopRequest
            request.member = member  # type: ignore[attr-defined]
            if permission is not None and not permission(member):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def has_any_role(member: Member, roles: Iterable[str]) -> bool:
    return bool(member_roles(member) & set(roles))


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
    """'none' (does not drive), 'missing', 'expired', 'expiring' (within 60 days) or 'valid'.
    Templates test the Member properties (`licence_is_expired`, ...) instead."""
    if not member.may_drive:
        return "none"
    if member.licence_is_missing:
        return "missing"
    if member.licence_is_expired:
        return "expired"
    if member.licence_expires_soon:
        return "expiring"
    return "valid"


# --- the life cycle's state rules: used by the services (raising InvalidTransition) and,
# with the actor's role, by the pages ------------------------------------------------------


def is_admissible(subject: Member) -> bool:
    """Only an application can be admitted or refused."""
    return subject.status == MemberStatus.APPLIED


def is_suspendable(subject: Member) -> bool:
    """Only an active member can be suspended."""
    return subject.status == MemberStatus.ACTIVE


def is_reinstatable(subject: Member) -> bool:
    """Only a suspended member can be reinstated."""
    return subject.status == MemberStatus.SUSPENDED


def is_removable(subject: Member) -> bool:
    """A member (active or suspended) can end their membership, or be removed by the board."""
    return subject.status in SEEING_STATUSES


def is_rights_suspendable(subject: Member) -> bool:
    """A member (active, or suspended from booking) not yet suspended as a member (2:38 lid 1)."""
    return subject.status in SEEING_STATUSES and not subject.rights_suspended


def is_rights_restorable(subject: Member) -> bool:
    return subject.rights_suspended


def can_suspend_rights(actor: Member, subject: Member) -> bool:
    return can_admit_members(actor) and is_rights_suspendable(subject) and actor.pk != subject.pk


def can_restore_rights(actor: Member, subject: Member) -> bool:
    return can_admit_members(actor) and is_rights_restorable(subject)


def may_hold_role(subject: Member) -> bool:
    """Only an active member is given a role."""
    return subject.status == MemberStatus.ACTIVE


def can_admit(actor: Member, subject: Member) -> bool:
    return can_admit_members(actor) and is_admissible(subject)


def can_refuse(actor: Member, subject: Member) -> bool:
    return can_admit_members(actor) and is_admissible(subject)


def can_suspend(actor: Member, subject: Member) -> bool:
    return can_admit_members(actor) and is_suspendable(subject)


def can_reinstate(actor: Member, subject: Member) -> bool:
    return can_admit_members(actor) and is_reinstatable(subject)


def can_remove(actor: Member, subject: Member) -> bool:
    return can_admit_members(actor) and is_removable(subject)


def can_read_access_log(member: Member) -> bool:
    """The audit committee checks who looked at members' personal data."""
    return member.is_active and has_any_role(member, {Role.AUDIT})


def can_erase_personal_data(actor: Member, subject: Member) -> bool:
    """The board erases a former member's data on their request (AVG art. 17)."""
    return can_admit_members(actor) and subject.status in (MemberStatus.LEFT, MemberStatus.REFUSED)


def can_leave(member: Member) -> bool:
    """A member ends their own membership."""
    return is_removable(member)


def can_assign_roles_to(actor: Member, subject: Member) -> bool:
    return can_manage_roles(actor) and may_hold_role(subject)


def is_own_role_grant(grant: RoleGrant, actor: Member) -> bool:
    """The board member proposed this grant themselves (they may withdraw it, not approve it)."""
    return grant.requested_by_id == actor.pk


def can_approve_role_grant(actor: Member, grant: RoleGrant) -> bool:
    """A pending grant of treasurer or board is approved by another active board member."""
    return can_manage_roles(actor) and grant.is_pending and not is_own_role_grant(grant, actor)


def can_refuse_role_grant(actor: Member, grant: RoleGrant) -> bool:
    """Another board member refuses it; the proposer withdraws it."""
    return can_manage_roles(actor) and grant.is_pending
