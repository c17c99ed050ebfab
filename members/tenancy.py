"""Resolving the current cooperative and membership for a request.

Every cooperative page lives under `/c/<coop-slug>/`. `coop_view` resolves the
cooperative from the URL and the user's membership there; a person who is not a member
(or whose membership is still an application, refused or ended) gets 404, as if the
cooperative did not exist for them, and a member without the required role gets 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Cooperative, Member, MemberStatus

# Statuses whose holders can still see the cooperative's pages (a suspended member can
# read and pay, but not book).
SEEING_STATUSES = (MemberStatus.ACTIVE, MemberStatus.SUSPENDED)


def membership_for(user, cooperative: Cooperative) -> Member | None:
    if not user.is_authenticated:
        return None
    return (
        Member.objects.select_related("user", "cooperative")
        .prefetch_related("roles")
        .filter(cooperative=cooperative, user=user, status__in=SEEING_STATUSES)
        .first()
    )


def member_roles(member: Member | None) -> frozenset[str]:
    """The roles a member holds (from the prefetched `roles`), empty for no member."""
    if member is None:
        return frozenset()
    return frozenset(r.role for r in member.roles.all())


def coop_view(
    permission: Callable[[Member], bool] | None = None,
) -> Callable:
    """Decorate a view taking `coop` from the URL.

    Sets `request.coop` and `request.member`, then checks `permission(member)` (403 when
    it says no). The view itself is called without the `coop` keyword.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, coop: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            cooperative = Cooperative.objects.filter(slug=coop).first()
            if cooperative is None:
                raise Http404
            member = membership_for(request.user, cooperative)
            if member is None:
                raise Http404
            # Set before the check, so that a 403 page still shows the cooperative's menu.
            request.coop = cooperative
            request.member = member
            if permission is not None and not permission(member):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def has_any_role(member: Member, roles: Iterable[str]) -> bool:
    return bool(member_roles(member) & set(roles))
