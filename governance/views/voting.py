"""Ballots: open, vote (in person, by proxy, electronically beforehand), close, confirm."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from members.models import Member
from members.permissions import CoopRequest, coop_view

from .. import permissions as perms
from .. import selectors, services
from ..forms import BallotOpenForm, ElectionVoteForm, VoteForm
from ..models import Ballot
from .common import ballot_or_404, proposal_or_404, show_error
from .followups import followup_context


@coop_view(perms.can_manage_meetings)
@require_POST
def ballot_open(request: CoopRequest, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, pk)
    form = BallotOpenForm(request.POST)
    form.is_valid()
    try:
        ballot = services.ballot_open(proposal=proposal, by=request.member, secret=form.cleaned_data.get("secret"))
    except DomainError as e:
        show_error(request, e)
        return redirect("governance:meeting", coop=request.coop.slug, pk=proposal.item.meeting_id)
    messages.success(request, _("De stemming is geopend."))
    return redirect("governance:ballot", coop=request.coop.slug, pk=ballot.pk)


def _vote_forms(ballot: Ballot, member: Member, state: dict[str, Any]) -> list[dict[str, Any]]:
    """One form for each vote the member may still cast: their own, and one per proxy held."""
    proposal = ballot.proposal
    vote_forms = []
    if not perms.is_entitled(member):
        return []  # suspended as a member (2:38 lid 1): no vote
    targets = perms.votes_to_cast(
        ballot=ballot,
        member=member,
        proxy_given=state["proxy_given"],
        proxies_held=state["proxies_held"],
        voted=state["voted"],
    )
    for proxy_for in targets:
        whose = proxy_for or member
        initial = {"proxy_for": proxy_for.pk if proxy_for else None}
        form: forms.Form
        if proposal.is_election:
            form = ElectionVoteForm(initial=initial, proposal=proposal, ballot=ballot, prefix=f"v{whose.pk}")
        else:
            form = VoteForm(initial=initial, prefix=f"v{whose.pk}")
        vote_forms.append({"form": form, "proxy_for": proxy_for, "prefix": f"v{whose.pk}"})
    return vote_forms


# The live page (views/attendance.py) shows the same forms.
vote_forms_for = _vote_forms


@coop_view(perms.can_view)
def ballot_detail(request: CoopRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    meeting = ballot.proposal.item.meeting
    state = selectors.meeting_member_state(meeting=meeting, member=request.member)
    is_open = ballot.is_open
    can_manage = perms.can_manage_meetings(request.member)
    return render(
        request,
        "governance/ballot_detail.html",
        {
            "ballot": ballot,
            "started": timezone.now() >= meeting.starts_at,
            "proposal": ballot.proposal,
            "meeting": meeting,
            "state": state,
            "vote_forms": _vote_forms(ballot, request.member, state) if is_open else [],
            "live": selectors.ballot_live_counts(ballot=ballot) if is_open else None,
            "can_manage": can_manage,
            "can_close": can_manage and perms.can_close_ballot(ballot),
            "can_confirm": perms.can_declare_outcome(ballot, request.member),
            "rights_suspended": request.member.rights_suspended,
            "chair": meeting.chair,
            "excluded": [v for v in selectors.ballot_voters(ballot=ballot) if v.get("excluded")],
            "voters": selectors.ballot_voters(ballot=ballot),
            "candidates": list(ballot.proposal.candidates.select_related("member__user")),
            "decision": getattr(ballot, "decision", None) if ballot.is_confirmed else None,
            **followup_context(request, ballot),
            "my_votes": selectors.ballot_my_votes(ballot=ballot, member=request.member),
            "documents": list(ballot.proposal.documents.all()),
            "electronic_until": meeting.starts_at if ballot.early and is_open else None,
        },
    )


@coop_view(perms.can_vote)
@require_POST
def vote(request: CoopRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    prefix = request.POST.get("prefix", "")
    form: VoteForm | ElectionVoteForm
    if ballot.proposal.is_election:
        form = ElectionVoteForm(request.POST, proposal=ballot.proposal, ballot=ballot, prefix=prefix)
    else:
        form = VoteForm(request.POST, prefix=prefix)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("governance:ballot", coop=request.coop.slug, pk=ballot.pk)
    proxy_for = None
    if form.cleaned_data.get("proxy_for"):
        proxy_for = get_object_or_404(
            selectors.entitled_members(cooperative=request.coop), pk=form.cleaned_data["proxy_for"]
        )
    choice = form.choice if isinstance(form, ElectionVoteForm) else form.cleaned_data["choice"]
    try:
        services.vote_cast(ballot=ballot, member=request.member, choice=choice, proxy_for=proxy_for)
    except DomainError as e:
        show_error(request, e)
    else:
        if proxy_for:
            messages.success(request, _("De stem namens %(name)s is uitgebracht.") % {"name": proxy_for.name})
        else:
            messages.success(request, _("Je stem is uitgebracht."))
    if request.POST.get("back") == "live":
        return redirect("governance:live", coop=request.coop.slug, pk=ballot.proposal.item.meeting_id)
    return redirect("governance:ballot", coop=request.coop.slug, pk=ballot.pk)


@coop_view(perms.can_manage_meetings)
@require_POST
def ballot_close(request: CoopRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    try:
        services.ballot_close(ballot=ballot, by=request.member)
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(request, _("De stemming is gesloten. Controleer de uitslag en stel die vast."))
    return redirect("governance:ballot", coop=request.coop.slug, pk=ballot.pk)


@coop_view(perms.can_view)
@require_POST
def ballot_confirm(request: CoopRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    if not perms.is_chair(ballot.proposal.item.meeting, request.member):
        raise PermissionDenied
    try:
        decision = services.ballot_confirm(ballot=ballot, by=request.member)
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(
            request,
            _("De uitslag is vastgesteld en staat in het besluitenregister als %(n)s.") % {"n": decision.number},
        )
    return redirect("governance:ballot", coop=request.coop.slug, pk=ballot.pk)
