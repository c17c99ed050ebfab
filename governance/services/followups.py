"""Ballots that follow an earlier one on the same proposal: a new vote when the chair's
declared outcome is disputed (2:13 lid 2), a further round of an election (second round,
tie round), and the lot for a tied last seat (docs/alv.md "Verkiezingen")."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member

from .. import permissions as perms
from ..elections import NextStep
from ..errors import BallotRefused, LotRefused, RevoteRefused
from ..locks import ballot_lock
from ..models import Ballot, Decision, FollowReason, LotDraw, MeetingEventKind
from .history import meeting_event_record

_random = secrets.SystemRandom()


def round_kind(ballot: Ballot) -> str:
    """The round a ballot counts as: a new vote after a dispute counts as the ballot it repeats."""
    seen = 0
    while ballot.follow_reason == FollowReason.REVOTE and ballot.follows_id and seen < 50:
        ballot = Ballot.objects.only("follow_reason", "follows_id").get(pk=ballot.follows_id)
        seen += 1
    return ballot.follow_reason or FollowReason.FIRST


def replaced_decision(ballot: Ballot) -> Decision | None:
    """The decision a new vote takes the legal effect of (the disputed ballot's)."""
    if ballot.follow_reason != FollowReason.REVOTE or ballot.follows_id is None:
        return None
    return Decision.objects.filter(ballot_id=ballot.follows_id).first()


def election_elected(ballot: Ballot) -> list[dict]:
    """Who this ballot elected: by the votes, plus the lot's winners when the lot decided."""
    elected = list(ballot.frozen.get("elected", []))
    lot = LotDraw.objects.filter(ballot=ballot).first()
    if lot is not None:
        elected.extend(lot.winners)
    return elected


def election_decision_text(ballot: Ballot) -> str:
    """The register text of an election ballot: who was elected, and what is still open."""
    proposal = ballot.proposal
    elected = ", ".join(e["name"] for e in election_elected(ballot))
    lines = [proposal.text, "", f"{_('Gekozen')}: {elected or '-'}"]
    if ballot.follow_reason != FollowReason.FIRST:
        lines.insert(1, "")
        lines.insert(2, ballot.get_follow_reason_display())
    step = ballot.frozen.get("next", {})
    if step.get("step") in (NextStep.SECOND_ROUND, NextStep.TIE_ROUND):
        lines.append(
            _("Nog te kiezen: %(seats)s zetel(s), in een nieuwe ronde tussen %(names)s.")
            % {"seats": step["seats"], "names": ", ".join(c["name"] for c in step["candidates"])}
        )
    return "\n".join(lines)


def lot_needed(ballot: Ballot) -> bool:
    return ballot.frozen.get("next", {}).get("step") == NextStep.LOT


@transaction.atomic
def election_lot_draw(*, ballot: Ballot, by: Member, now: dt.datetime | None = None) -> LotDraw:
    """Draw the lot for the tied last seat(s) of a closed election ballot, before the chair
    confirms the outcome: with `secrets`, once, recorded with who drew, among whom and who won."""
    now = now or timezone.now()
    ballot = ballot_lock(ballot=ballot)
    if not ballot.is_closed or not lot_needed(ballot):
        raise LotRefused(_("Voor deze stemming hoeft geen lot te worden getrokken."))
    if LotDraw.objects.filter(ballot=ballot).exists():
        raise LotRefused(_("Het lot is al getrokken."))
    step = ballot.frozen["next"]
    among = list(step["candidates"])
    winners = _random.sample(among, step["seats"])
    draw = LotDraw(ballot=ballot, drawn_by=by, drawn_at=now, seats=step["seats"], among=among, winners=winners)
    draw.full_clean()
    draw.save()
    meeting_event_record(
        meeting=ballot.proposal.item.meeting,
        kind=MeetingEventKind.LOT_DRAWN,
        by=by,
        note=", ".join(w["name"] for w in winners),
        at=now,
    )
    return draw


def _assert_meeting_still_voting(ballot: Ballot, now: dt.datetime) -> None:
    meeting = ballot.proposal.item.meeting
    if not perms.can_open_ballot_at(meeting, now):
        raise BallotRefused(_("Stemmen kan alleen op de vergaderdag, in een vergadering die nog niet is gesloten."))
    if ballot.followups.exists():
        raise BallotRefused(_("Na deze stemming is al een nieuwe stemming gehouden."))


@transaction.atomic
def election_round_open(*, ballot: Ballot, by: Member, now: dt.datetime | None = None) -> Ballot:
    """Open the next round an election needs after its confirmed ballot: a second round
    (absolute majority) or a tie round, between the candidates and for the seats the closed
    ballot named. Secret, like every election."""
    now = now or timezone.now()
    ballot = ballot_lock(ballot=ballot)
    step = ballot.frozen.get("next", {})
    if not ballot.is_confirmed or step.get("step") not in (NextStep.SECOND_ROUND, NextStep.TIE_ROUND):
        raise BallotRefused(_("Deze verkiezing heeft geen nieuwe ronde nodig."))
    _assert_meeting_still_voting(ballot, now)
    new = Ballot(
        proposal=ballot.proposal,
        secret=True,
        opened_at=now,
        opened_by=by,
        follows=ballot,
        follow_reason=step["step"],
        seats=step["seats"],
        candidate_ids=[c["candidate"] for c in step["candidates"]],
    )
    new.full_clean()
    new.save()
    meeting_event_record(
        meeting=ballot.proposal.item.meeting,
        kind=MeetingEventKind.ROUND_OPENED,
        by=by,
        note=f"{ballot.proposal.title}: {new.get_follow_reason_display()}",
        at=now,
    )
    return new


@transaction.atomic
def ballot_revote(
    *,
    ballot: Ballot,
    by: Member,
    requested_by: Member,
    reason: str,
    majority_requests: bool,
    now: dt.datetime | None = None,
) -> Ballot:
    """2:13 lid 2: immediately after the chair's declaration its correctness is disputed, and
    a new vote is held when the majority of the meeting asks (or, when the first vote was not
    by roll call or in writing, one member entitled to vote). The disputed ballot and its
    decision stay in the record; the new ballot's decision replaces its legal effect.
    "Immediately": the meeting is open, on its day, and has not opened another ballot since."""
    now = now or timezone.now()
    ballot = ballot_lock(ballot=ballot)
    meeting = ballot.proposal.item.meeting
    if not perms.can_request_revote(ballot):
        raise RevoteRefused(
            _("Een nieuwe stemming kan alleen direct nadat de voorzitter de uitslag heeft vastgesteld.")
        )
    if requested_by.cooperative_id != meeting.cooperative_id or not perms.is_entitled(requested_by):
        raise RevoteRefused(_("Alleen een lid met stemrecht kan om een nieuwe stemming vragen."))
    if not reason.strip():
        raise RevoteRefused(_("Vermeld waarom de uitslag wordt betwist."))
    if perms.revote_needs_majority(ballot) and not majority_requests:
        raise RevoteRefused(
            _(
                "Deze stemming was hoofdelijk of schriftelijk: alleen de meerderheid van de vergadering kan "
                "om een nieuwe stemming vragen."
            )
        )
    later = Ballot.objects.filter(proposal__item__meeting=meeting, opened_at__gt=ballot.confirmed_at).exclude(
        pk=ballot.pk
    )
    if later.exists():
        raise RevoteRefused(_("De vergadering is al verder gegaan; de uitslag kan niet meer worden betwist."))
    _assert_meeting_still_voting(ballot, now)
    new = Ballot(
        proposal=ballot.proposal,
        secret=ballot.secret,
        opened_at=now,
        opened_by=by,
        follows=ballot,
        follow_reason=FollowReason.REVOTE,
        reason=reason.strip(),
        requested_by=requested_by,
        seats=ballot.seats,
        candidate_ids=ballot.candidate_ids,
    )
    new.full_clean()
    new.save()
    meeting_event_record(
        meeting=meeting,
        kind=MeetingEventKind.BALLOT_REVOTE,
        by=by,
        note=f"{ballot.proposal.title}: {reason.strip()}",
        at=now,
    )
    return new


def current_ballot(ballots: list[Ballot]) -> Ballot | None:
    """The ballot whose outcome counts: the latest (a new vote or round follows the earlier)."""
    return max(ballots, key=lambda b: b.pk) if ballots else None
