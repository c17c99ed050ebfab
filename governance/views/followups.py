"""The texts of a proposal and its amendments; a new vote after a disputed outcome; the lot
and the next round of an election; closing a meeting after its day."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from members.models import Member
from members.permissions import CoopRequest, coop_view

from .. import permissions as perms
from .. import selectors, services
from ..services.amendments import effective_from_prefetch
from ..textdiff import changed, word_diff
from .common import ballot_or_404, proposal_or_404, show_error, show_form_errors


class RevoteForm(forms.Form):
    requester: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Gevraagd door"), queryset=Member.objects.none()
    )
    reason = forms.CharField(label=gettext_lazy("Waarom wordt de uitslag betwist?"), max_length=200)
    majority = forms.BooleanField(
        label=gettext_lazy("De meerderheid van de vergadering vraagt om een nieuwe stemming"), required=False
    )

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = selectors.entitled_members(cooperative=cooperative).select_related("user")


class CloseLateForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Waarom wordt de vergadering pas nu gesloten?"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def amended_texts(proposals: list) -> None:
    """For the meeting page, from the prefetched ballots (no queries): each amendment gets
    `amendment_diff` (a word diff against the text it changes), each proposal changed by an
    adopted amendment gets `amended_text` (the text now voted on)."""
    by_pk = {p.pk: p for p in proposals}
    adopted: dict[int, list] = {}
    for p in proposals:
        p.amended_text = ""
        if not p.amends_id:
            continue
        parent = by_pk.get(p.amends_id)
        p.amendment_diff = word_diff(p.base_text or (parent.text if parent else ""), p.text)
        confirmed = [b for b in p.ballots.all() if b.is_confirmed]
        if confirmed:
            latest = max(confirmed, key=lambda b: b.pk)
            decision = getattr(latest, "decision", None)
            if decision is not None and decision.adopted:
                adopted.setdefault(p.amends_id, []).append((latest.pk, p))
    for parent_pk, done in adopted.items():
        if parent_pk in by_pk:
            by_pk[parent_pk].amended_text = max(done, key=lambda x: x[0])[1].text


@coop_view(perms.can_view)
def proposal_text(request: CoopRequest, pk: int) -> HttpResponse:
    """Original text, each amendment as a word diff against the text it changes, and the
    resulting text (OpenSlides-style), rendered on the server."""
    proposal = proposal_or_404(request, pk)
    if proposal.is_amendment:
        return redirect("governance:proposal_text", coop=request.coop.slug, pk=proposal.amends_id)
    amendments = list(
        proposal.amendments.select_related("submitted_by__user").prefetch_related("ballots__decision").order_by("pk")
    )
    adopted = {a.pk for a in services.adopted_amendments(proposal)}
    rows = []
    for amendment in amendments:
        base = amendment.base_text or proposal.text
        decision = effective_from_prefetch(amendment)
        rows.append(
            {
                "amendment": amendment,
                "diff": word_diff(base, amendment.text),
                "changes": changed(base, amendment.text),
                "adopted": amendment.pk in adopted,
                "decision": decision,
            }
        )
    current = services.proposal_current_text(proposal)
    return render(
        request,
        "governance/proposal_text.html",
        {
            "proposal": proposal,
            "meeting": proposal.item.meeting,
            "rows": rows,
            "current": current,
            "amended": current != proposal.text,
            "result_diff": word_diff(proposal.text, current),
            "decision": services.effective_decision(proposal),
        },
    )


@coop_view(perms.can_manage_meetings)
@require_POST
def ballot_revote(request: CoopRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    form = RevoteForm(request.POST, cooperative=request.coop)
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect("governance:ballot", coop=request.coop.slug, pk=ballot.pk)
    try:
        new = services.ballot_revote(
            ballot=ballot,
            by=request.member,
            requested_by=form.cleaned_data["requester"],
            reason=form.cleaned_data["reason"],
            majority_requests=form.cleaned_data["majority"],
        )
    except DomainError as e:
        show_error(request, e)
        return redirect("governance:ballot", coop=request.coop.slug, pk=ballot.pk)
    messages.success(request, _("De nieuwe stemming is geopend; de eerste blijft vastgelegd."))
    return redirect("governance:ballot", coop=request.coop.slug, pk=new.pk)


@coop_view(perms.can_manage_meetings)
@require_POST
def lot_draw(request: CoopRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    try:
        draw = services.election_lot_draw(ballot=ballot, by=request.member)
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(
            request, _("Het lot is getrokken: %(names)s.") % {"names": ", ".join(w["name"] for w in draw.winners)}
        )
    return redirect("governance:ballot", coop=request.coop.slug, pk=ballot.pk)


@coop_view(perms.can_manage_meetings)
@require_POST
def round_open(request: CoopRequest, pk: int) -> HttpResponse:
    ballot = ballot_or_404(request, pk)
    try:
        new = services.election_round_open(ballot=ballot, by=request.member)
    except DomainError as e:
        show_error(request, e)
        return redirect("governance:ballot", coop=request.coop.slug, pk=ballot.pk)
    messages.success(request, _("De nieuwe ronde is geopend."))
    return redirect("governance:ballot", coop=request.coop.slug, pk=new.pk)


def followup_context(request: CoopRequest, ballot) -> dict:
    """What the ballot page shows and offers about earlier and later ballots."""
    can_manage = perms.can_manage_meetings(request.member)
    step = ballot.frozen.get("next", {}) if ballot.frozen else {}
    followups = list(ballot.followups.order_by("pk"))
    lot = getattr(ballot, "lot", None) if ballot.proposal.is_election else None
    lot_pending = ballot.is_closed and step.get("step") == "lot" and lot is None
    extra = {"can_confirm": False} if lot_pending else {}  # the lot comes before the confirmation
    return {
        **extra,
        "earlier": ballot.follows,
        "followups": followups,
        "lot": lot,
        "lot_winners": ", ".join(w["name"] for w in lot.winners) if lot else "",
        "lot_among": ", ".join(c["name"] for c in lot.among) if lot else "",
        "next_step": step,
        "can_draw_lot": can_manage and lot_pending,
        "can_open_round": can_manage
        and ballot.is_confirmed
        and step.get("step") in ("second_round", "tie_round")
        and not followups,
        "can_revote": can_manage and perms.can_request_revote(ballot) and not followups,
        "revote_form": RevoteForm(cooperative=request.coop) if can_manage else None,
    }
