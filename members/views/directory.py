"""What members see of each other: the member list, and one member's page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from .. import permissions as perms
from .. import selectors, services
from ..filters import MemberFilter
from ..forms import SuspendForm
from ..models import AccessAction, Member, Role
from ..permissions import CoopRequest, coop_view

# What each page shows of a member's personal data (for the access log).
LIST_FIELDS = _("adres, e-mail, telefoon")
DETAIL_FIELDS = _("adres, e-mail, telefoon, IBAN, rijbewijs")


@coop_view(perms.can_see_member_list)
def member_list(request: CoopRequest) -> HttpResponse:
    sees_details = perms.can_see_member_details(request.member)
    filterset = MemberFilter(
        request.GET or None, queryset=selectors.member_list(cooperative=request.coop), sees_details=sees_details
    )
    members = list(filterset.qs.distinct()) if filterset.is_bound and filterset.is_valid() else list(filterset.queryset)
    if sees_details:
        services.personal_data_access_record(
            members=members, user=request.user, action=AccessAction.VIEWED, fields=LIST_FIELDS, place=_("ledenlijst")
        )
    return render(
        request,
        "members/member_list.html",
        {
            "members": members,
            "filter": filterset,
            "show_details": sees_details,
            "can_see_board": perms.can_admit_members(request.member),
            "can_read_access_log": perms.can_read_access_log(request.member),
        },
    )


@coop_view(perms.can_see_member_details)
def member_detail(request: CoopRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(Member.objects.select_related("user"), pk=pk, cooperative=request.coop)
    actor = request.member
    services.personal_data_access_record(
        members=[subject], user=request.user, action=AccessAction.VIEWED, fields=DETAIL_FIELDS, place=_("ledenpagina")
    )
    return render(
        request,
        "members/member_detail.html",
        {
            "subject": subject,
            "subject_roles": {r.role for r in subject.roles.all()},
            "events": selectors.member_history(member=subject),
            "can_manage": perms.can_admit_members(actor),
            "can_manage_roles": perms.can_assign_roles_to(actor, subject),
            "can_admit": perms.can_admit(actor, subject),
            "can_refuse": perms.can_refuse(actor, subject),
            "can_suspend": perms.can_suspend(actor, subject),
            "can_reinstate": perms.can_reinstate(actor, subject),
            "can_suspend_rights": perms.can_suspend_rights(actor, subject),
            "can_restore_rights": perms.can_restore_rights(actor, subject),
            "can_remove": perms.can_remove(actor, subject),
            "can_erase": perms.can_erase_personal_data(actor, subject) and subject.erased_at is None,
            "all_roles": Role.choices,
            "licence_state": perms.licence_state(subject),
            "suspend_form": SuspendForm(),
        },
    )


@coop_view(perms.can_read_access_log)
def access_log(request: CoopRequest) -> HttpResponse:
    """The audit committee reads who viewed or changed members' personal data."""
    return render(
        request, "members/access_log.html", {"accesses": selectors.personal_data_accesses(cooperative=request.coop)}
    )
