"""Row locks of the members app, always taken in primary-key order (so two transactions
that lock several rows cannot deadlock each other). A service that changes what the
cooperative as a whole must keep (member numbers, at least one board member) locks the
cooperative row first, then the membership."""

from __future__ import annotations

from .models import Cooperative, Member, RoleGrant, User


def cooperative_lock(*, cooperative_id: int) -> Cooperative:
    """Lock the cooperative row: one admission, suspension or role change at a time."""
    return Cooperative.objects.filter(pk=cooperative_id).order_by("pk").select_for_update().get()


def member_lock(*, member: Member) -> Member:
    """Re-read the membership under a row lock (with its user), so two board members
    acting at once cannot both apply a step to the same stale status."""
    return (
        Member.objects.filter(pk=member.pk).select_related("user").order_by("pk").select_for_update(of=("self",)).get()
    )


def membership_lock(*, cooperative: Cooperative, user: User) -> Member | None:
    """Lock a person's membership row of a cooperative, if there is one."""
    return Member.objects.filter(cooperative=cooperative, user=user).order_by("pk").select_for_update().first()


def grant_lock(*, grant: RoleGrant) -> RoleGrant:
    """Re-read a role grant under a row lock, so two board members cannot both decide it."""
    return (
        RoleGrant.objects.filter(pk=grant.pk)
        .select_related("member__user", "requested_by__user")
        .order_by("pk")
        .select_for_update(of=("self",))
        .get()
    )
