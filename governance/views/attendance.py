"""At the meeting: the live page (follow and vote online), online attendance with one's own
log-in, the chair, paper proxies at the door, the item under discussion and the presence list."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from members.permissions import CoopRequest, coop_view

from .. import permissions as perms
from .. import presence, services
from ..attendance_forms import ChairForm, CurrentItemForm, PaperProxyForm
from ..models import AgendaItem
from .common import meeting_or_404, show_error, show_form_errors
from .voting import vote_forms_for

LIVE_REFRESH_SECONDS = 15


@coop_view(perms.can_view)
def live(request: CoopRequest, pk: int) -> HttpResponse:
    """Follow the meeting: the item under discussion and the open ballots, with a vote form
    for each vote the member may still cast. Refreshes itself (meta refresh, no JavaScript)
    unless a vote form is waiting to be filled in."""
    meeting = meeting_or_404(request, pk)
    if meeting.is_draft:
        raise Http404
    now = timezone.now()
    member = request.member
    data = presence.live_state(meeting=meeting, member=member)
    state = data["state"]
    ballots = [{"ballot": b, "vote_forms": vote_forms_for(b, member, state)} for b in data["open_ballots"]]
    waiting = any(b["vote_forms"] for b in ballots) and state["present"]
    can_manage = perms.can_manage_meetings(member)
    return render(
        request,
        "governance/live.html",
        {
            "meeting": meeting,
            "state": state,
            "current_item": data["current_item"],
            "items": data["items"] if can_manage else [],
            "ballots": ballots,
            "counts": data["counts"],
            "can_attend_online": perms.can_attend_online(meeting, member, now) and not state["present"],
            "attendance": data["attendance"],
            "remote_allowed": request.coop.remote_participation_allowed,
            "in_progress": perms.meeting_in_progress(meeting, now),
            "can_manage": can_manage,
            "rights_suspended": member.rights_suspended,
            "refresh": None if waiting or meeting.is_closed else LIVE_REFRESH_SECONDS,
            "now": now,
        },
    )


@coop_view(perms.can_view)
@require_POST
def attend_online(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    try:
        services.attendance_register_online(meeting=meeting, member=request.member)
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(request, _("Je bent online aanwezig gemeld. Je kunt nu meestemmen."))
    return redirect("governance:live", coop=request.coop.slug, pk=meeting.pk)


@coop_view(perms.can_manage_meetings)
@require_POST
def chair_designate(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    form = ChairForm(request.POST, cooperative=request.coop)
    if form.is_valid():
        try:
            services.meeting_chair_designate(meeting=meeting, chair=form.cleaned_data["chair"], by=request.member)
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(
                request, _("%(name)s is de voorzitter van deze vergadering.") % {"name": form.cleaned_data["chair"]}
            )
    else:
        show_form_errors(request, form)
    return redirect("governance:attendance", coop=request.coop.slug, pk=meeting.pk)


@coop_view(perms.can_manage_meetings)
def paper_proxy(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    form = PaperProxyForm(request.POST or None, cooperative=request.coop)
    if request.method == "POST" and form.is_valid():
        try:
            services.proxy_register_paper(meeting=meeting, by=request.member, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("De schriftelijke volmacht is geregistreerd."))
            return redirect("governance:attendance", coop=request.coop.slug, pk=meeting.pk)
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "title": _("Schriftelijke volmacht registreren"),
            "back_url": reverse("governance:attendance", kwargs={"coop": request.coop.slug, "pk": meeting.pk}),
            "submit": _("Volmacht registreren"),
            "intro": _(
                "Een lid geeft aan de deur een ondertekende volmacht af. Volgens de statuten neemt een lid ten "
                "hoogste %(cap)s volmacht(en) aan. Je naam wordt vastgelegd als wie de volmacht registreerde."
            )
            % {"cap": request.coop.proxy_cap},
        },
    )


@coop_view(perms.can_manage_meetings)
@require_POST
def current_item(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    form = CurrentItemForm(request.POST)
    item = None
    if form.is_valid() and form.cleaned_data["item"]:
        item = get_object_or_404(AgendaItem, pk=form.cleaned_data["item"], meeting=meeting)
    try:
        services.meeting_item_current(meeting=meeting, item=item, by=request.member)
    except DomainError as e:
        show_error(request, e)
    return redirect("governance:live", coop=request.coop.slug, pk=meeting.pk)


@coop_view(perms.can_manage_meetings)
def presence_pdf(request: CoopRequest, pk: int) -> HttpResponse:
    from reports.presence_list import presence_list_pdf

    meeting = meeting_or_404(request, pk)
    response = HttpResponse(
        presence_list_pdf(data=presence.presence_list(meeting=meeting)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="presentielijst-{meeting.starts_at:%Y-%m-%d}.pdf"'
    return response
