"""The board's work: applications, suspensions, removals and roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError

from .. import permissions as perms
from .. import selectors, services
from ..forms import RefuseForm, RoleForm, SuspendForm
from ..models import Member, Role, RoleGrant
from ..permissions import CoopRequest, coop_view


@coop_view(perms.can_admit_members)
def board(request: CoopRequest) -> HttpResponse:
    coop = request.coop
    return render(
        request,
        "members/board.html",
        {
            "queue": list(selectors.admission_queue(cooperative=coop)),
            "decisions": selectors.recent_decisions(cooperative=coop),
            "holders": [(Role(value), holders) for value, holders in selectors.role_holders(cooperative=coop).items()],
            "suspended": list(selectors.suspended_members(cooperative=coop)),
            "active": list(selectors.active_members(cooperative=coop)),
            "all_roles": Role.choices,
            # Each grant waiting for a second board member, with what this member may do.
            "grants": [
                (g, perms.can_approve_role_grant(request.member, g), perms.can_refuse_role_grant(request.member, g))
                for g in selectors.pending_role_grants(cooperative=coop)
            ],
        },
    )


def _subject(request: CoopRequest, pk: int | str) -> Member:
    return get_object_or_404(Member.objects.select_related("user"), pk=pk, cooperative=request.coop)


def _back(request: CoopRequest, pk: int) -> HttpResponse:
    """Back to where the board member acted: the member's page or the board page."""
    if request.POST.get("back") == "detail":
        return redirect("members:detail", coop=request.coop.slug, pk=pk)
    return redirect("members:board", coop=request.coop.slug)


def _act(request: CoopRequest, pk: int, action: Callable[[], Any], success: str) -> HttpResponse:
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if isinstance(result, RoleGrant) and result.is_pending:
            success = _(
                "%(name)s wordt %(role)s zodra een tweede bestuurslid dat goedkeurt; de andere bestuursleden "
                "hebben een e-mail gekregen."
            ) % {"name": result.member.name, "role": result.get_role_display().lower()}
        elif isinstance(result, RoleGrant):
            success = _("%(name)s is nu %(role)s. Omdat het bestuur één lid heeft, krijgen alle leden bericht.") % {
                "name": result.member.name,
                "role": result.get_role_display().lower(),
            }
        messages.success(request, success)
    return _back(request, pk)


@require_POST
@coop_view(perms.can_admit_members)
def admit(request: CoopRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    return _act(
        request,
        pk,
        lambda: services.member_admit(member=subject, by=request.member),
        _("%(name)s is toegelaten als lid.") % {"name": subject.name},
    )


@coop_view(perms.can_admit_members)
def refuse(request: CoopRequest, pk: int) -> HttpResponse:
    """Refusing an application asks for a reason (recorded with the refusal)."""
    subject = _subject(request, pk)
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _act(
            request,
            pk,
            lambda: services.member_refuse(member=subject, by=request.member, reason=form.cleaned_data["reason"]),
            _("De aanmelding van %(name)s is afgewezen.") % {"name": subject.name},
        )
    back = request.POST.get("back") or request.GET.get("back", "")
    return render(request, "members/refuse.html", {"subject": subject, "form": form, "back": back})


@require_POST
@coop_view(perms.can_admit_members)
def suspend(request: CoopRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    form = SuspendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef een reden voor de schorsing op."))
        return _back(request, pk)
    return _act(
        request,
        pk,
        lambda: services.member_suspend(member=subject, reason=form.cleaned_data["reason"], by=request.member),
        _("%(name)s is geschorst.") % {"name": subject.name},
    )


@require_POST
@coop_view(perms.can_admit_members)
def reinstate(request: CoopRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    return _act(
        request,
        pk,
        lambda: services.member_reinstate(member=subject, by=request.member),
        _("De schorsing van %(name)s is opgeheven.") % {"name": subject.name},
    )


@require_POST
@coop_view(perms.can_admit_members)
def remove(request: CoopRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Vink aan dat je %(name)s echt wilt uitschrijven.") % {"name": subject.name})
        return _back(request, pk)
    return _act(
        request,
        pk,
        lambda: services.member_leave(member=subject, by=request.member),
        _("%(name)s is uitgeschreven.") % {"name": subject.name},
    )


@require_POST
@coop_view(perms.can_admit_members)
def erase(request: CoopRequest, pk: int) -> HttpResponse:
    """The board erases a former member's data on their request (AVG art. 17)."""
    subject = _subject(request, pk)
    return _act(
        request,
        pk,
        lambda: services.member_erase_personal_data(
            member=subject, by=request.member, reason=request.POST.get("reason", "")
        ),
        _("De gegevens van %(name)s die we niet hoeven te bewaren zijn gewist.") % {"name": subject.name},
    )


@require_POST
@coop_view(perms.can_manage_roles)
def roles(request: CoopRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een rol."))
        return _back(request, pk)
    role = form.cleaned_data["role"]
    label = Role(role).label
    action: Callable[[], Any]
    if form.cleaned_data["action"] == "assign":
        action = lambda: services.role_assign(member=subject, role=role, by=request.member)  # noqa: E731
        success = _("%(name)s is nu %(role)s.") % {"name": subject.name, "role": label.lower()}
    else:
        action = lambda: services.role_revoke(member=subject, role=role, by=request.member)  # noqa: E731
        success = _("%(name)s is niet langer %(role)s.") % {"name": subject.name, "role": label.lower()}
    return _act(request, pk, action, success)


@require_POST
@coop_view(perms.can_manage_roles)
def roles_assign(request: CoopRequest) -> HttpResponse:
    """Assign a role from the board page (member chosen in a list)."""
    raw = request.POST.get("member") or ""
    subject = _subject(request, raw) if raw.isdigit() else None
    form = RoleForm(request.POST)
    if subject is None or not form.is_valid():
        messages.error(request, _("Kies een lid en een rol."))
        return redirect("members:board", coop=request.coop.slug)
    role = form.cleaned_data["role"]
    return _act(
        request,
        subject.pk,
        lambda: services.role_assign(member=subject, role=role, by=request.member),
        _("%(name)s is nu %(role)s.") % {"name": subject.name, "role": Role(role).label.lower()},
    )


def _grant(request: CoopRequest, pk: int) -> RoleGrant:
    return get_object_or_404(
        RoleGrant.objects.select_related("member__user", "requested_by__user"), pk=pk, member__cooperative=request.coop
    )


@require_POST
@coop_view(perms.can_manage_roles)
def role_grant_approve(request: CoopRequest, pk: int) -> HttpResponse:
    """A second board member approves a proposed treasurer or board role."""
    grant = _grant(request, pk)
    return _act(
        request,
        grant.member_id,
        lambda: services.role_grant_approve(grant=grant, by=request.member),
        _("%(name)s is nu %(role)s.") % {"name": grant.member.name, "role": grant.get_role_display().lower()},
    )


@require_POST
@coop_view(perms.can_manage_roles)
def role_grant_refuse(request: CoopRequest, pk: int) -> HttpResponse:
    """Another board member refuses a proposed role, or its proposer withdraws it."""
    grant = _grant(request, pk)
    return _act(
        request,
        grant.member_id,
        lambda: services.role_grant_refuse(grant=grant, by=request.member),
        _("%(name)s krijgt de rol %(role)s niet.")
        % {"name": grant.member.name, "role": grant.get_role_display().lower()},
    )
