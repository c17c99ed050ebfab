"""Minutes: draft, notes, members' comments, adoption, PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from members.permissions import CoopRequest, coop_view

from .. import permissions as perms
from .. import services
from ..forms import AdoptForm, CommentForm, MinutesForm
from ..models import Meeting, Minutes
from .common import meeting_or_404, show_error, show_form_errors


def _minutes_or_404(meeting: Meeting) -> Minutes:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise Http404
    return minutes


@coop_view(perms.can_view)
def minutes_view(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    minutes = Minutes.objects.filter(meeting=meeting).select_related("adopted_at_meeting").first()
    can_manage = perms.can_manage_meetings(request.member)
    context: dict[str, Any] = {
        "meeting": meeting,
        "minutes": minutes,
        "can_manage": can_manage,
        "can_draft": can_manage and perms.can_edit_minutes(minutes),
    }
    if minutes is not None:
        context["comments"] = minutes.comments.select_related("member__user")
        if perms.can_edit_minutes(minutes):
            if perms.can_comment_minutes(request.member):
                context["comment_form"] = CommentForm()
            if can_manage:
                context["form"] = MinutesForm(minutes=minutes)
                context["adopt_form"] = AdoptForm(meeting=meeting)
    return render(request, "governance/minutes.html", context)


@coop_view(perms.can_manage_meetings)
@require_POST
def minutes_draft(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    try:
        services.minutes_draft(meeting=meeting, by=request.member)
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(request, _("Het concept is bijgewerkt met aanwezigheid, volmachten en stemuitslagen."))
    return redirect("governance:minutes", coop=request.coop.slug, pk=meeting.pk)


@coop_view(perms.can_manage_meetings)
@require_POST
def minutes_edit(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    minutes = _minutes_or_404(meeting)
    form = MinutesForm(request.POST, minutes=minutes)
    if form.is_valid():
        try:
            services.minutes_update(
                minutes=minutes, general=form.cleaned_data["general"], notes=form.notes(), by=request.member
            )
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("De notulen zijn opgeslagen."))
    else:
        show_form_errors(request, form)
    return redirect("governance:minutes", coop=request.coop.slug, pk=meeting.pk)


@coop_view(perms.can_comment_minutes)
@require_POST
def minutes_comment(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    minutes = _minutes_or_404(meeting)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_comment(minutes=minutes, member=request.member, text=form.cleaned_data["text"])
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("Je opmerking is toegevoegd."))
    else:
        show_form_errors(request, form)
    return redirect("governance:minutes", coop=request.coop.slug, pk=meeting.pk)


@coop_view(perms.can_manage_meetings)
@require_POST
def minutes_adopt(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    minutes = _minutes_or_404(meeting)
    form = AdoptForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.minutes_adopt(minutes=minutes, by=request.member, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("De notulen zijn vastgesteld en ondertekend."))
    else:
        show_error(request, _("Kies de vergadering en vul de namen van voorzitter en secretaris in."))
    return redirect("governance:minutes", coop=request.coop.slug, pk=meeting.pk)


@coop_view(perms.can_view)
def minutes_pdf(request: CoopRequest, pk: int) -> HttpResponse:
    from reports.minutes import minutes_pdf as build

    meeting = meeting_or_404(request, pk)
    minutes = _minutes_or_404(meeting)
    response = HttpResponse(build(minutes=minutes), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notulen-{meeting.starts_at:%Y-%m-%d}.pdf"'
    return response
