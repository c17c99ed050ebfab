"""Shared bits of the governance views."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.permissions import CoopRequest

from ..models import AgendaItem, Ballot, Meeting, Proposal
from ..selectors import ballot_detail


def meeting_or_404(request: CoopRequest, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("cooperative"), pk=pk, cooperative=request.coop)


def item_or_404(request: CoopRequest, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk, meeting__cooperative=request.coop)


def proposal_or_404(request: CoopRequest, pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("item__meeting__cooperative"), pk=pk, item__meeting__cooperative=request.coop
    )


def ballot_or_404(request: CoopRequest, pk: int) -> Ballot:
    try:
        return ballot_detail(cooperative=request.coop, pk=pk)
    except Ballot.DoesNotExist:
        raise Http404 from None


def show_error(request: CoopRequest, error: Exception | str) -> None:
    messages.error(request, str(error))


def show_form_errors(request: CoopRequest, form: forms.BaseForm) -> None:
    """A rejected form posted from a detail page: its messages go with the redirect back."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
