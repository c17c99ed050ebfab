"""Amendments (OpenSlides-style): an amendment holds the full new wording of the proposal it
amends, made against the proposal's text at that moment (`base_text`). Once adopted, the
proposal's text is the amendment's; the original and every amendment stay as they were,
so the original, the change (a word diff) and the resulting text can always be shown; the
proposal's ballot records the resulting text in the decision register."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..errors import AmendmentOutdated
from ..models import Decision, Proposal


def effective_decision(proposal: Proposal) -> Decision | None:
    """The decision of the proposal's latest confirmed ballot: a new vote after a disputed
    outcome (2:13 lid 2) replaces the legal effect of the earlier one."""
    return Decision.objects.filter(ballot__proposal=proposal).order_by("-ballot_id").first()


def effective_from_prefetch(proposal: Proposal) -> Decision | None:
    """As effective_decision, from prefetched `ballots` (with `decision` selected)."""
    decided = [b for b in proposal.ballots.all() if b.is_confirmed]
    if not decided:
        return None
    return getattr(max(decided, key=lambda b: b.pk), "decision", None)


def adopted_amendments(proposal: Proposal, *, prefetched: bool = False) -> list[Proposal]:
    """The proposal's adopted amendments, in the order they were adopted."""
    amendments = (
        list(proposal.amendments.all())
        if prefetched
        else list(proposal.amendments.prefetch_related("ballots__decision"))
    )
    adopted: list[tuple[int, Proposal]] = []
    for amendment in amendments:
        decision = effective_from_prefetch(amendment)
        if decision is not None and decision.adopted:
            adopted.append((decision.ballot_id or 0, amendment))
    return [a for _key, a in sorted(adopted, key=lambda x: x[0])]


def proposal_current_text(proposal: Proposal, *, prefetched: bool = False) -> str:
    """The text the meeting votes on: the original, or that of the last adopted amendment."""
    if proposal.is_amendment:
        return proposal.text
    adopted = adopted_amendments(proposal, prefetched=prefetched)
    return adopted[-1].text if adopted else proposal.text


def assert_amendment_current(proposal: Proposal) -> None:
    """An amendment is voted on only against the text it was written for: if another adopted
    amendment changed that text since, it must be re-submitted against the new text."""
    if proposal.amends is None or not proposal.base_text:
        return
    current = proposal_current_text(proposal.amends)
    if current.strip() != proposal.base_text.strip():
        raise AmendmentOutdated(
            _(
                "Een ander aangenomen amendement heeft de tekst van dit voorstel intussen gewijzigd. Dien dit "
                "amendement opnieuw in op de nieuwe tekst."
            )
        )
