"""Reads of the members app, each scoped to a cooperative with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    Cooperative,
    Member,
    MemberEvent,
    MemberEventKind,
    MemberRole,
    MemberStatus,
    PersonalDataAccess,
    Role,
    RoleGrant,
    RoleGrantStatus,
    User,
)
from .permissions import SEEING_STATUSES


def memberships_of(user: User) -> QuerySet[Member]:
    return (
        Member.objects.filter(user=user, status__in=(MemberStatus.ACTIVE, MemberStatus.SUSPENDED))
        .select_related("cooperative")
        .order_by("cooperative__name")
    )


def applications_of(user: User) -> QuerySet[Member]:
    """A person's pending (or refused) applications, to show them where they stand."""
    return (
        Member.objects.filter(user=user, status__in=(MemberStatus.APPLIED, MemberStatus.REFUSED))
        .select_related("cooperative")
        .order_by("-applied_at")
    )


def member_list(*, cooperative: Cooperative) -> QuerySet[Member]:
    """Members who see the cooperative (active and suspended), with their roles."""
    return (
        Member.objects.filter(cooperative=cooperative, status__in=(MemberStatus.ACTIVE, MemberStatus.SUSPENDED))
        .select_related("user")
        .prefetch_related("roles")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def admission_queue(*, cooperative: Cooperative) -> QuerySet[Member]:
    return (
        Member.objects.filter(cooperative=cooperative, status=MemberStatus.APPLIED)
        .select_related("user")
        .order_by("applied_at", "pk")
    )


def recent_decisions(*, cooperative: Cooperative, limit: int = 10) -> list[MemberEvent]:
    """The board's latest admissions and refusals, with who decided and when."""
    return list(
        MemberEvent.objects.filter(
            member__cooperative=cooperative,
            kind__in=(
                MemberEventKind.ADMITTED,
                MemberEventKind.REFUSED,
                MemberEventKind.SUSPENDED,
                MemberEventKind.REINSTATED,
                MemberEventKind.LEFT,
            ),
        )
        .select_related("member__user", "by__user")
        .order_by("-at", "-pk")[:limit]
    )


def role_holders(*, cooperative: Cooperative) -> dict[str, list[MemberRole]]:
    """Per role (in Role order), who holds it."""
    holders: dict[str, list[MemberRole]] = {value: [] for value in Role.values}
    for member_role in (
        MemberRole.objects.filter(member__cooperative=cooperative)
        .select_related("member__user", "assigned_by__user")
        .order_by("member__user__first_name", "member__user__last_name")
    ):
        holders[member_role.role].append(member_role)
    return holders


def suspended_members(*, cooperative: Cooperative) -> QuerySet[Member]:
    return (
        Member.objects.filter(cooperative=cooperative, status=MemberStatus.SUSPENDED)
        .select_related("user")
        .order_by("suspended_at")
    )


def board_members(*, cooperative: Cooperative) -> QuerySet[Member]:
    return (
        Member.objects.filter(cooperative=cooperative, status=MemberStatus.ACTIVE, roles__role=Role.BOARD)
        .select_related("user")
        .prefetch_related(Prefetch("roles"))
    )


def active_members(*, cooperative: Cooperative) -> QuerySet[Member]:
    return (
        Member.objects.filter(cooperative=cooperative, status=MemberStatus.ACTIVE)
        .select_related("user")
        .prefetch_related("roles")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def member_history(*, member: Member, limit: int = 30) -> list[MemberEvent]:
    """What happened to a membership, newest first, with who did it (one query)."""
    return list(member.events.select_related("by__user").order_by("-at", "-pk")[:limit])


def members_due_for_anonymising(*, today: dt.date) -> QuerySet[Member]:
    """Former members whose cooperative's retention period (statutes, in years after
    leaving or refusal) is over, not yet anonymised."""
    due = []
    for coop in Cooperative.objects.only("pk", "retention_years"):
        cutoff = timezone.make_aware(dt.datetime.combine(_years_before(today, coop.retention_years), dt.time.min))
        due.append(
            Q(cooperative_id=coop.pk)
            & (Q(status=MemberStatus.LEFT, left_at__lt=cutoff) | Q(status=MemberStatus.REFUSED, refused_at__lt=cutoff))
        )
    if not due:
        return Member.objects.none()
    query = due[0]
    for q in due[1:]:
        query |= q
    return Member.objects.filter(query, anonymised_at__isnull=True).order_by("pk")


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def personal_data_accesses(*, cooperative: Cooperative, limit: int = 500) -> list[PersonalDataAccess]:
    """The latest looks at and changes of members' personal data, newest first."""
    return list(
        PersonalDataAccess.objects.filter(member__cooperative=cooperative)
        .select_related("member__user", "user")
        .order_by("-at", "-pk")[:limit]
    )


def pending_role_grants(*, cooperative: Cooperative) -> list[RoleGrant]:
    """Grants of treasurer or board waiting for a second board member, oldest first."""
    return list(
        RoleGrant.objects.filter(member__cooperative=cooperative, status=RoleGrantStatus.PENDING)
        .select_related("member__user", "requested_by__user")
        .order_by("requested_at", "pk")
    )


def households_driven_by(user: User) -> list[Member]:
    """The household memberships (still seeing their cooperative) `user` drives in as an
    extra driver (one query)."""
    return list(
        Member.objects.filter(
            household_drivers__user=user, household_drivers__removed_at__isnull=True, status__in=SEEING_STATUSES
        )
        .select_related("cooperative")
        .order_by("pk")
    )
