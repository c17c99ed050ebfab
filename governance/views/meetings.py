"""Meetings: list, create/edit, agenda, convocation, attendance, check-in and proxies."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from deel.files import file_response
from members.permissions import coop_view

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
from .common import item_or_404, meeting_or_404, proposal_or_404, show_error, show_form_errors


def _form_page(request, form, *, title, back, submit=None, intro="", multipart=False):
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
def meeting_list(request):
    can_manage = perms.can_manage_meetings(request.member)
    data = selectors.meeting_list(cooperative=request.coop, include_drafts=can_manage)
    return render(request, "governance/meeting_list.html", {**data, "can_manage": can_manage})


@coop_view(perms.can_manage_meetings)
def meeting_create(request):
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
def meeting_detail(request, pk):
    try:
        meeting = selectors.meeting_detail(cooperative=request.coop, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    now = timezone.now()
    state = selectors.meeting_member_state(meeting=meeting, member=request.member)
    can_manage = perms.can_manage_meetings(request.member)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "state": state,
            "can_manage": can_manage,
            "started": now >= meeting.starts_at,
            "checkin_open": meeting.status == "convened"
            and now >= meeting.starts_at - services.meetings.CHECKIN_OPENS_BEFORE,
            "checkin_form": CheckinForm(),
            "proxy_cap": request.coop.proxy_cap,
            "deadline": services.convocation_deadline(meeting=meeting),
        },
    )


@coop_view(perms.can_manage_meetings)
def meeting_edit(request, pk):
    meeting = meeting_or_404(request, pk)
    initial = {
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "location": meeting.location,
        "online_url": meeting.online_url,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            return redirect("governance:meeting", coop=request.coop.slug, pk=meeting.pk)
    return _form_page(request, form, title=_("Vergadering wijzigen"), back=("governance:meeting", {"pk": meeting.pk}))


@coop_view(perms.can_manage_meetings)
@require_POST
def meeting_close(request, pk):
    meeting = meeting_or_404(request, pk)
    try:
        services.meeting_close(meeting=meeting)
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(request, _("De vergadering is gesloten."))
    return redirect("governance:meeting", coop=request.coop.slug, pk=meeting.pk)


# Agenda -----------------------------------------------------------------------------------


@coop_view(perms.can_manage_meetings)
def agenda(request, pk):
    meeting = meeting_or_404(request, pk)
    form = AgendaItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("Agendapunt toegevoegd."))
            return redirect("governance:agenda", coop=request.coop.slug, pk=meeting.pk)
    items = meeting.items.order_by("position").prefetch_related("proposals")
    return render(request, "governance/agenda.html", {"meeting": meeting, "items": items, "form": form})


@coop_view(perms.can_manage_meetings)
def item_edit(request, pk):
    item = item_or_404(request, pk)
    form = AgendaItemForm(
        request.POST or None, request.FILES or None, initial={"title": item.title, "description": item.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, **form.cleaned_data)
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
def item_move(request, pk):
    item = item_or_404(request, pk)
    try:
        services.agenda_item_move(item=item, up=request.POST.get("direction") == "up")
    except DomainError as e:
        show_error(request, e)
    return redirect("governance:agenda", coop=request.coop.slug, pk=item.meeting_id)


@coop_view(perms.can_manage_meetings)
@require_POST
def item_delete(request, pk):
    item = item_or_404(request, pk)
    meeting_id = item.meeting_id
    try:
        services.agenda_item_delete(item=item)
    except DomainError as e:
        show_error(request, e)
    return redirect("governance:agenda", coop=request.coop.slug, pk=meeting_id)


@coop_view(perms.can_view)
def item_document(request, pk):
    item = item_or_404(request, pk)
    return file_response(item.document)


@coop_view(perms.can_manage_meetings)
def proposal_create(request, pk):
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
def amendment_create(request, pk):
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
def candidate_add(request, pk):
    proposal = proposal_or_404(request, pk)
    form = CandidateForm(request.POST or None, cooperative=request.coop)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_add(proposal=proposal, **form.cleaned_data)
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
def convene(request, pk):
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
            "deadline": services.convocation_deadline(meeting=meeting),
            "too_late": timezone.now() > services.convocation_deadline(meeting=meeting),
            "warnings": services.convocation_warnings(meeting=meeting),
            "recipients": selectors.entitled_members(cooperative=request.coop).count(),
        },
    )


@coop_view(perms.can_manage_meetings)
def attendance(request, pk):
    meeting = meeting_or_404(request, pk)
    if request.method == "POST":
        member = get_object_or_404(selectors.entitled_members(cooperative=request.coop), pk=request.POST.get("member"))
        try:
            if request.POST.get("action") == "remove":
                services.attendance_remove(meeting=meeting, member=member)
            else:
                services.attendance_register(meeting=meeting, member=member)
        except DomainError as e:
            show_error(request, e)
        return redirect("governance:attendance", coop=request.coop.slug, pk=meeting.pk)
    return render(
        request, "governance/attendance.html", {"meeting": meeting, **selectors.meeting_attendance(meeting=meeting)}
    )


@coop_view(perms.can_vote)
@require_POST
def checkin(request, pk):
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
def proxy_give(request, pk):
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
def proxy_revoke(request, pk):
    proxy = get_object_or_404(Proxy.objects.select_related("meeting"), pk=pk, meeting__cooperative=request.coop)
    if proxy.grantor_id != request.member.pk and not perms.can_manage_meetings(request.member):
        raise Http404
    try:
        services.proxy_revoke(proxy=proxy)
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(request, _("De volmacht is ingetrokken; je stemt nu zelf."))
    return redirect("governance:meeting", coop=request.coop.slug, pk=proxy.meeting_id)
