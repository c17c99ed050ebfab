"""Shared bits of the governance views."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.permissions import CoopRequest

from .. import permissions as perms
from ..models import AgendaItem, Ballot, Meeting, Proposal
from ..selectors import ballot_detail


def visible_or_404(request: CoopRequest, meeting: Meeting) -> None:
    """A draft meeting, and all that hangs from it, answers 404 to all but the board."""
    if not perms.can_see_meeting(meeting, request.member):
        raise Http404


def meeting_or_404(request: CoopRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("cooperative"), pk=pk, cooperative=request.coop)
    visible_or_404(request, meeting)
    return meeting


def item_or_404(request: CoopRequest, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk, meeting__cooperative=request.coop)
    visible_or_404(request, item.meeting)
    return item


def proposal_or_404(request: CoopRequest, pk: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("item__meeting__cooperative"), pk=pk, item__meeting__cooperative=request.coop
    )
    visible_or_404(request, proposal.item.meeting)
    return proposal


def ballot_or_404(request: CoopRequest, pk: int) -> Ballot:
    try:
        ballot = ballot_detail(cooperative=request.coop, pk=pk)
    except Ballot.DoesNotExist:
        raise Http404 from None
    visible_or_404(request, ballot.proposal.item.meeting)
    return ballot


def show_error(request: CoopRequest, error: Exception | str) -> None:
    messages.error(request, str(error))


def show_form_errors(request: CoopRequest, form: forms.BaseForm) -> None:
    """A rejected form posted from a detail page: its messages go with the redirect back."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
