"""Meetings: list, create/edit, agenda, convocation, attendance, check-in and proxies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from deel.files import file_response
from members.permissions import CoopRequest, coop_view

from .. import convocation as convocation_rules
from .. import permissions as perms
from .. import selectors, services
from ..forms import (
    AgendaItemForm,
    AmendmentForm,
    CandidateForm,
    CheckinForm,
    MeetingForm,
    ProposalForm,
    ProxyForm,
)
from ..models import Meeting, MeetingRequest, Proxy
from .common import item_or_404, meeting_or_404, proposal_or_404, show_error, show_form_errors, visible_or_404
from .followups import CloseLateForm, amended_texts


def _form_page(
    request: CoopRequest,
    form: forms.BaseForm,
    *,
    title: str,
    back: tuple[str, dict[str, Any]],
    submit: str | None = None,
    intro: str = "",
    multipart: bool = False,
) -> HttpResponse:
    """A simple form page; `back` is (url name, kwargs) of the page to return to."""
    name, kwargs = back
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "title": title,
            "back_url": reverse(name, kwargs={"coop": request.coop.slug, **kwargs}),
            "submit": submit or _("Opslaan"),
            "intro": intro,
            "multipart": multipart,
        },
    )


@coop_view(perms.can_view)
def meeting_list(request: CoopRequest) -> HttpResponse:
    can_manage = perms.can_manage_meetings(request.member)
    data = selectors.meeting_list(cooperative=request.coop, include_drafts=can_manage)
    return render(request, "governance/meeting_list.html", {**data, "can_manage": can_manage})


@coop_view(perms.can_manage_meetings)
def meeting_create(request: CoopRequest) -> HttpResponse:
    answering = None
    if request.GET.get("request") or request.POST.get("request"):
        answering = get_object_or_404(
            MeetingRequest, pk=request.GET.get("request") or request.POST.get("request"), cooperative=request.coop
        )
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                cooperative=request.coop, by=request.member, request=answering, **form.cleaned_data
            )
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("De vergadering is aangemaakt. Stel nu de agenda op."))
            return redirect("governance:agenda", coop=request.coop.slug, pk=meeting.pk)
    return _form_page(request, form, title=_("Nieuwe ledenvergadering"), back=("governance:meetings", {}))


@coop_view(perms.can_view)
def meeting_detail(request: CoopRequest, pk: int) -> HttpResponse:
    try:
        meeting = selectors.meeting_detail(cooperative=request.coop, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    visible_or_404(request, meeting)
    now = timezone.now()
    member = request.member
    state = selectors.meeting_member_state(meeting=meeting, member=member)
    can_manage = perms.can_manage_meetings(member)
    proposals = [p for item in meeting.items.all() for p in item.proposals.all()]
    proxy_given = state["proxy_given"]
    amended_texts(proposals)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "state": state,
            "can_manage": can_manage,
            "started": now >= meeting.starts_at,
            "can_edit": can_manage and perms.meeting_is_open(meeting),
            "can_edit_agenda": can_manage and perms.can_edit_agenda(meeting),
            "can_convene": can_manage and perms.can_convene(meeting),
            "can_take_attendance": can_manage and perms.can_take_attendance(meeting),
            "can_open_ballots": can_manage and perms.can_open_ballots(meeting),
            "can_close": can_manage and meeting.is_convened and perms.can_close_meeting(meeting, now),
            "close_needs_reason": perms.needs_close_reason(meeting, now),
            "close_late_form": CloseLateForm(),
            "checkin_open": perms.can_check_in(meeting, member, now),
            "can_attend_online": perms.can_attend_online(meeting, member, now),
            "show_live": meeting.is_convened and perms.meeting_in_progress(meeting, now),
            "rights_suspended": member.rights_suspended,
            "can_give_proxy": perms.can_give_proxy_for(meeting, member, now),
            "can_revoke_proxy": proxy_given is not None and perms.can_revoke_proxy(proxy_given, member),
            "amendable": {p.pk for p in proposals if perms.can_amend(p, meeting)},
            "not_convened": {
                p.pk for p in proposals if meeting.is_convened and not p.amends_id and not p.convocation_id
            },
            "checkin_form": CheckinForm(),
            "proxy_cap": request.coop.proxy_cap,
            "deadline_day": convocation_rules.last_day_before(services.convocation_deadline(meeting=meeting)),
            "early_voting_opens_at": convocation_rules.early_voting_opens_at(meeting),
            "events": selectors.meeting_events(meeting=meeting) if can_manage else None,
        },
    )


@coop_view(perms.can_manage_meetings)
def meeting_edit(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    initial = {name: getattr(meeting, name) for name in services.MEETING_EDITABLE_FIELDS}
    initial["starts_at"] = timezone.localtime(meeting.starts_at)
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.member, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            return redirect("governance:meeting", coop=request.coop.slug, pk=meeting.pk)
    return _form_page(request, form, title=_("Vergadering wijzigen"), back=("governance:meeting", {"pk": meeting.pk}))


@coop_view(perms.can_manage_meetings)
@require_POST
def meeting_close(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    try:
        services.meeting_close(meeting=meeting, by=request.member, reason=request.POST.get("reason", "")[:200])
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(request, _("De vergadering is gesloten."))
    return redirect("governance:meeting", coop=request.coop.slug, pk=meeting.pk)


# Agenda -----------------------------------------------------------------------------------


@coop_view(perms.can_manage_meetings)
def agenda(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    form = AgendaItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, by=request.member, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("Agendapunt toegevoegd."))
            if meeting.is_convened:
                messages.warning(
                    request,
                    _(
                        "De oproeping is al verstuurd: verstuur een aanvullende oproeping "
                        "(onder Oproeping en bezorging)."
                    ),
                )
            return redirect("governance:agenda", coop=request.coop.slug, pk=meeting.pk)
    items = meeting.items.order_by("position").prefetch_related("proposals")
    return render(request, "governance/agenda.html", {"meeting": meeting, "items": items, "form": form})


@coop_view(perms.can_manage_meetings)
def item_edit(request: CoopRequest, pk: int) -> HttpResponse:
    item = item_or_404(request, pk)
    form = AgendaItemForm(
        request.POST or None, request.FILES or None, initial={"title": item.title, "description": item.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, by=request.member, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            return redirect("governance:agenda", coop=request.coop.slug, pk=item.meeting_id)
    return _form_page(
        request,
        form,
        title=_("Agendapunt wijzigen"),
        back=("governance:agenda", {"pk": item.meeting_id}),
        multipart=True,
    )


@coop_view(perms.can_manage_meetings)
@require_POST
def item_move(request: CoopRequest, pk: int) -> HttpResponse:
    item = item_or_404(request, pk)
    try:
        services.agenda_item_move(item=item, up=request.POST.get("direction") == "up", by=request.member)
    except DomainError as e:
        show_error(request, e)
    return redirect("governance:agenda", coop=request.coop.slug, pk=item.meeting_id)


@coop_view(perms.can_manage_meetings)
@require_POST
def item_delete(request: CoopRequest, pk: int) -> HttpResponse:
    item = item_or_404(request, pk)
    meeting_id = item.meeting_id
    try:
        services.agenda_item_delete(item=item, by=request.member)
    except DomainError as e:
        show_error(request, e)
    return redirect("governance:agenda", coop=request.coop.slug, pk=meeting_id)


@coop_view(perms.can_view)
def item_document(request: CoopRequest, pk: int):  # a FileResponse (streaming)
    item = item_or_404(request, pk)
    return file_response(item.document)


@coop_view(perms.can_manage_meetings)
def proposal_create(request: CoopRequest, pk: int) -> HttpResponse:
    item = item_or_404(request, pk)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(item=item, by=request.member, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            if proposal.is_election:
                return redirect("governance:candidate_add", coop=request.coop.slug, pk=proposal.pk)
            return redirect("governance:meeting", coop=request.coop.slug, pk=item.meeting_id)
    return _form_page(
        request,
        form,
        title=_("Voorstel bij agendapunt %(n)s. %(title)s") % {"n": item.position, "title": item.title},
        back=("governance:meeting", {"pk": item.meeting_id}),
    )


@coop_view(perms.can_propose_amendment)
def amendment_create(request: CoopRequest, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, pk)
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_create(
                item=proposal.item, by=request.member, kind=proposal.kind, amends=proposal, **form.cleaned_data
            )
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("Je amendement is toegevoegd; er wordt vóór het voorstel over gestemd."))
            return redirect("governance:meeting", coop=request.coop.slug, pk=proposal.item.meeting_id)
    return _form_page(
        request,
        form,
        title=_("Amendement op “%(title)s”") % {"title": proposal.title},
        back=("governance:meeting", {"pk": proposal.item.meeting_id}),
        intro=_("Een amendement wijzigt de tekst van een voorstel. De vergadering stemt eerst over het amendement."),
    )


@coop_view(perms.can_manage_meetings)
def candidate_add(request: CoopRequest, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, pk)
    form = CandidateForm(request.POST or None, cooperative=request.coop)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_add(proposal=proposal, by=request.member, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("Kandidaat toegevoegd."))
            return redirect("governance:candidate_add", coop=request.coop.slug, pk=proposal.pk)
    names = ", ".join(c.member.name for c in proposal.candidates.select_related("member__user"))
    return _form_page(
        request,
        form,
        title=_("Kandidaten voor “%(title)s”") % {"title": proposal.title},
        back=("governance:meeting", {"pk": proposal.item.meeting_id}),
        submit=_("Kandidaat toevoegen"),
        intro=(_("Kandidaten tot nu toe: %(names)s") % {"names": names}) if names else "",
    )


# Convocation, attendance, proxies ------------------------------------------------------------


@coop_view(perms.can_manage_meetings)
def convene(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    if request.method == "POST":
        try:
            warnings = services.meeting_convene(meeting=meeting, by=request.member)
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("De oproeping is verstuurd naar alle leden met stemrecht."))
            for w in warnings:
                messages.warning(request, w)
            return redirect("governance:meeting", coop=request.coop.slug, pk=meeting.pk)
    return render(
        request,
        "governance/convene.html",
        {
            "meeting": meeting,
            "items": meeting.items.order_by("position"),
            "deadline_day": convocation_rules.last_day_before(services.convocation_deadline(meeting=meeting)),
            "too_late": timezone.now() >= services.convocation_deadline(meeting=meeting),
            "content": convocation_rules.convocation_content(meeting=meeting, convocation=None),
            "warnings": services.convocation_warnings(meeting=meeting),
            "recipients": selectors.entitled_members(cooperative=request.coop).count(),
        },
    )


@coop_view(perms.can_manage_meetings)
def attendance(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    if request.method == "POST":
        member = get_object_or_404(selectors.entitled_members(cooperative=request.coop), pk=request.POST.get("member"))
        try:
            if request.POST.get("action") == "remove":
                services.attendance_remove(meeting=meeting, member=member, by=request.member)
            else:
                services.attendance_register(meeting=meeting, member=member, by=request.member)
        except DomainError as e:
            show_error(request, e)
        return redirect("governance:attendance", coop=request.coop.slug, pk=meeting.pk)
    return render(
        request, "governance/attendance.html", {"meeting": meeting, **selectors.meeting_attendance(meeting=meeting)}
    )


@coop_view(perms.can_vote)
@require_POST
def checkin(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    form = CheckinForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_checkin(meeting=meeting, member=request.member, code=form.cleaned_data["code"])
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("Je bent aangemeld als aanwezig."))
    else:
        show_form_errors(request, form)
    return redirect("governance:meeting", coop=request.coop.slug, pk=meeting.pk)


@coop_view(perms.can_give_proxy)
def proxy_give(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    form = ProxyForm(request.POST or None, member=request.member)
    if request.method == "POST" and form.is_valid():
        try:
            services.proxy_grant(meeting=meeting, grantor=request.member, holder=form.cleaned_data["holder"])
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("Je volmacht is vastgelegd."))
            return redirect("governance:meeting", coop=request.coop.slug, pk=meeting.pk)
    return _form_page(
        request,
        form,
        title=_("Volmacht geven voor %(title)s") % {"title": meeting.title},
        back=("governance:meeting", {"pk": meeting.pk}),
        submit=_("Volmacht geven"),
        intro=_(
            "Kun je niet komen? Machtig een ander lid om namens jou te stemmen. Een lid mag volgens de statuten "
            "ten hoogste %(cap)s volmacht(en) aannemen. "
            "Kom je toch, dan kun je de volmacht vóór een stemming intrekken."
        )
        % {"cap": request.coop.proxy_cap},
    )


@coop_view(perms.can_give_proxy)
@require_POST
def proxy_revoke(request: CoopRequest, pk: int) -> HttpResponse:
    proxy = get_object_or_404(Proxy.objects.select_related("meeting"), pk=pk, meeting__cooperative=request.coop)
    visible_or_404(request, proxy.meeting)
    if not perms.may_handle_proxy(proxy, request.member):
        raise Http404
    try:
        services.proxy_revoke(proxy=proxy, by=request.member)
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(request, _("De volmacht is ingetrokken; je stemt nu zelf."))
    return redirect("governance:meeting", coop=request.coop.slug, pk=proxy.meeting_id)
