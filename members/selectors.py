"""Reads of the members app, each scoped to a cooperative with a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Cooperative, Member, MemberStatus


def memberships_of(user) -> QuerySet[Member]:
    return (
        Member.objects.filter(user=user, status__in=(MemberStatus.ACTIVE, MemberStatus.SUSPENDED))
        .select_related("cooperative")
        .order_by("cooperative__name")
    )


def member_list(*, cooperative: Cooperative) -> QuerySet[Member]:
    return (
        Member.objects.filter(cooperative=cooperative, status__in=(MemberStatus.ACTIVE, MemberStatus.SUSPENDED))
        .select_related("user")
        .prefetch_related("roles")
    )
