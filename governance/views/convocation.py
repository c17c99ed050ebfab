"""Convocations (what was sent, and to whom), supplementary convocations, documents behind
proposals and the ALV the requesters convene themselves."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from deel.files import file_response
from members.permissions import CoopRequest, coop_view

from .. import convocation as rules
from .. import permissions as perms
from ..forms import ProposalDocumentForm, RequestedMeetingForm
from ..models import MeetingRequest, ProposalDocument
from ..services.convocation import convocation_supplement_send, pending_items, pending_proposals
from ..services.documents import proposal_document_add
from ..services.requests import meeting_request_convene
from .common import meeting_or_404, proposal_or_404, show_error, visible_or_404
from .meetings import _form_page


@coop_view(perms.can_view)
def convocations(request: CoopRequest, pk: int) -> HttpResponse:
    """The convocations of a meeting as they were sent; for the board with the delivery log."""
    meeting = meeting_or_404(request, pk)
    records = list(meeting.convocations.select_related("sent_by__user").order_by("number"))
    sent = [{"convocation": c, **rules.convocation_content(meeting=meeting, convocation=c)} for c in records] or [
        {"convocation": None, **rules.convocation_content(meeting=meeting, convocation=None)}
    ]
    can_manage = perms.can_manage_meetings(request.member)
    pending = (pending_items(meeting), pending_proposals(meeting)) if meeting.is_convened and can_manage else ([], [])
    return render(
        request,
        "governance/convocations.html",
        {
            "meeting": meeting,
            "sent": sent,
            "log": rules.convocation_log(meeting=meeting) if perms.can_see_convocation_log(request.member) else None,
            "pending_items": pending[0],
            "pending_proposals": pending[1],
            "can_supplement": can_manage and meeting.is_convened and bool(pending[0] or pending[1]),
        },
    )


@coop_view(perms.can_manage_meetings)
@require_POST
def supplement(request: CoopRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    try:
        convocation_supplement_send(meeting=meeting, by=request.member)
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(request, _("De aanvullende oproeping is verstuurd naar alle leden met stemrecht."))
    return redirect("governance:convocations", coop=request.coop.slug, pk=meeting.pk)


@coop_view(perms.can_manage_meetings)
def proposal_document_create(request: CoopRequest, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, pk)
    form = ProposalDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_document_add(proposal=proposal, by=request.member, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("Het stuk is toegevoegd."))
            return redirect("governance:meeting", coop=request.coop.slug, pk=proposal.item.meeting_id)
    return _form_page(
        request,
        form,
        title=_("Stuk bij “%(title)s”") % {"title": proposal.title},
        back=("governance:meeting", {"pk": proposal.item.meeting_id}),
        submit=_("Stuk toevoegen"),
        intro=_("Bijvoorbeeld de tarieventabel of de begroting achter het voorstel. Alleen PDF of een afbeelding."),
        multipart=True,
    )


@coop_view(perms.can_view)
def proposal_document(request: CoopRequest, pk: int):  # a FileResponse (streaming)
    document = get_object_or_404(
        ProposalDocument.objects.select_related("proposal__item__meeting"),
        pk=pk,
        proposal__item__meeting__cooperative=request.coop,
    )
    visible_or_404(request, document.proposal.item.meeting)
    return file_response(document.file, download_name=document.title)


@coop_view(perms.can_request_meeting)
def request_convene(request: CoopRequest, pk: int) -> HttpResponse:
    """A supporter of an unanswered request convenes the ALV (2:41 lid 3)."""
    req = get_object_or_404(MeetingRequest.objects.select_related("meeting"), pk=pk, cooperative=request.coop)
    form = RequestedMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_request_convene(request=req, by=request.member, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("De vergadering is bijeengeroepen; de oproeping gaat naar alle leden."))
            return redirect("governance:meeting", coop=request.coop.slug, pk=meeting.pk)
    deadline_days = request.coop.notice_days
    return _form_page(
        request,
        form,
        title=_("Zelf de ALV bijeenroepen: %(subject)s") % {"subject": req.subject},
        back=("governance:request", {"pk": req.pk}),
        submit=_("Vergadering bijeenroepen en oproeping versturen"),
        intro=_(
            "Het bestuur heeft het verzoek niet op tijd beantwoord; de verzoekers mogen de ALV nu zelf bijeenroepen "
            "(art. 2:41 BW). Kies een datum ten minste %(days)s dagen na vandaag (%(today)s): de oproeping gaat "
            "meteen naar alle leden, met het onderwerp van het verzoek op de agenda."
        )
        % {"days": deadline_days, "today": date_format(timezone.localdate(), "j F Y")},
    )
