"""Ballots: opening, casting votes (named or secret, in person, by proxy or electronically
beforehand), closing with the frozen record, and the chair's confirmation."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member

from .. import permissions as perms
from ..convocation import early_voting_opens_at
from ..errors import AlreadyVoted, BallotRefused, BallotTooLate, LotRefused, NotConvened, NotTheChair, VoteRefused
from ..locks import ballot_lock
from ..models import (
    Attendance,
    AttendanceSource,
    Ballot,
    BallotStatus,
    Candidate,
    Decision,
    DecisionBody,
    LotDraw,
    MeetingEventKind,
    Participation,
    Proposal,
    ProposalKind,
    Proxy,
    Vote,
    VoteChoice,
)
from ..outcome import election_outcome, proposal_outcome
from ..permissions import is_entitled
from ..selectors import entitled_members
from .amendments import assert_amendment_current, proposal_current_text
from .convocation import proposal_convened
from .decisions import decision_number_next
from .exclusion import excluded_reason
from .followups import election_decision_text, election_elected, lot_needed, replaced_decision, round_kind
from .history import meeting_event_record

# 2:38 lid 8: from 00:00 of the 30th day before the meeting's day (governance.convocation).
PROPOSAL_CHOICES = (VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN, VoteChoice.BLANK)
# A choice as vote_cast takes it: "for"/"against"/"abstain"/"blank", or in an election a
# Candidate (or its id), or several of them.
VoteChoiceInput = str | int | Candidate | Iterable[str | int | Candidate]
_shuffle = secrets.SystemRandom().shuffle


@transaction.atomic
def ballot_open(
    *, proposal: Proposal, by: Member, secret: bool | None = None, now: dt.datetime | None = None
) -> Ballot:
    """Open the vote on a proposal. Before the meeting only as electronic early voting (when
    the statutes allow it, within 30 days before the meeting); amendments are voted first;
    an election is always secret and needs candidates."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_related("item__meeting__cooperative").get(pk=proposal.pk)
    meeting = proposal.item.meeting
    coop = meeting.cooperative
    if not perms.can_open_ballots(meeting):
        raise BallotRefused(_("Stemmen kan alleen in een opgeroepen vergadering die nog niet is gesloten."))
    if perms.meeting_day_over(meeting, now):
        raise BallotTooLate(
            _("De vergaderdag is voorbij; een stemming kan niet meer worden geopend. Sluit de vergadering."),
            ends=perms.meeting_day_ends(meeting),
        )
    if proposal.ballots.exists():
        raise BallotRefused(_("Over dit voorstel is al een stemming geopend."))
    assert_amendment_current(proposal)
    if not proposal_convened(proposal):
        raise NotConvened(_("Dit voorstel staat niet in een oproeping; verstuur eerst een aanvullende oproeping."))
    early = now < meeting.starts_at
    if early:
        if not coop.electronic_voting_allowed:
            raise BallotRefused(_("De statuten staan elektronisch stemmen vooraf niet toe."))
        if now < early_voting_opens_at(meeting):
            raise BallotRefused(_("Elektronisch vooraf stemmen kan vanaf 30 dagen voor de vergadering."))
    open_amendments = proposal.amendments.exclude(ballots__status=BallotStatus.CONFIRMED).exclude(
        ballots__followups__isnull=False
    )
    if open_amendments.exists():
        raise BallotRefused(_("Stem eerst over de amendementen op dit voorstel."))
    if proposal.kind == ProposalKind.ELECTION:
        if proposal.candidates.count() == 0:
            raise BallotRefused(_("Voeg eerst de kandidaten toe."))
        secret = True  # personal matters: secret ballot
    ballot = Ballot(proposal=proposal, secret=bool(secret), early=early, opened_at=now, opened_by=by)
    ballot.full_clean()
    ballot.save()
    meeting_event_record(meeting=meeting, kind=MeetingEventKind.BALLOT_OPENED, by=by, note=proposal.title, at=now)
    return ballot


def _candidates_from(choice: VoteChoiceInput, proposal: Proposal, ballot: Ballot) -> list[Candidate]:
    chosen = [choice] if isinstance(choice, Candidate | int | str) else list(choice)
    ids = []
    for c in chosen:
        try:
            ids.append(int(c.pk if isinstance(c, Candidate) else c))
        except (TypeError, ValueError):
            raise VoteRefused(_("Kies een kandidaat.")) from None
    standing = Candidate.objects.filter(proposal=proposal, pk__in=ids)
    if ballot.candidate_ids:  # a later round: only the candidates still standing
        standing = standing.filter(pk__in=ballot.candidate_ids)
    candidates = list(standing)
    if not ids or len(candidates) != len(ids):
        raise VoteRefused(_("Kies kandidaten uit de lijst, elk ten hoogste één keer."))
    seats = ballot.round_seats
    if len(candidates) > seats:
        raise VoteRefused(_("Je kunt op ten hoogste %(seats)s kandidaat/kandidaten stemmen.") % {"seats": seats})
    return candidates


@transaction.atomic
def vote_cast(
    *,
    ballot: Ballot,
    member: Member,
    choice: VoteChoiceInput,
    proxy_for: Member | None = None,
    now: dt.datetime | None = None,
) -> Participation:
    """Cast `member`'s vote, or with proxy_for the vote of the member who gave `member` a
    proxy. `choice`: "for", "against", "abstain" or "blank"; in an election a Candidate
    (or candidates, up to the seats) or "blank". `now` (default: this moment) records a
    vote cast earlier, e.g. the history of the demo.

    Guarantees: one vote per member per ballot (a unique constraint, also under concurrent
    casting; AlreadyVoted otherwise); the ballot is open; before the meeting only
    electronically within 30 days and when the statutes allow it; at the meeting only when
    present; a member who gave a proxy cannot vote in person until it is revoked. For a
    secret ballot nothing stored links the member to the choice."""
    now = now or timezone.now()
    ballot = ballot_lock(ballot=ballot)
    proposal = ballot.proposal
    meeting = proposal.item.meeting
    coop = meeting.cooperative
    if not perms.can_cast_votes(ballot):
        raise VoteRefused(_("Deze stemming is gesloten."))
    voter = proxy_for or member
    for m in (member, voter):
        if m.cooperative_id != coop.pk:
            raise VoteRefused(_("Dit lid hoort niet bij deze coöperatie."))
        if not is_entitled(m):
            raise VoteRefused(_("Alleen leden met stemrecht kunnen stemmen."))
    active_proxies = Proxy.objects.filter(meeting=meeting, revoked_at__isnull=True)
    if proxy_for is not None:
        if proxy_for.pk == member.pk or not active_proxies.filter(grantor=proxy_for, holder=member).exists():
            raise VoteRefused(_("Je hebt geen geldige volmacht van %(name)s.") % {"name": proxy_for.name})
    else:
        given = active_proxies.filter(grantor=member).select_related("holder__user").first()
        if given is not None:
            raise VoteRefused(
                _("Je hebt een volmacht gegeven aan %(name)s. Trek die eerst in als je zelf wilt stemmen.")
                % {"name": given.holder.name}
            )
    electronic = now < meeting.starts_at
    if electronic:
        if not coop.electronic_voting_allowed:
            raise VoteRefused(_("De statuten staan elektronisch stemmen vooraf niet toe."))
        if now < early_voting_opens_at(meeting):
            raise VoteRefused(_("Elektronisch vooraf stemmen kan vanaf 30 dagen voor de vergadering."))
    elif not Attendance.objects.filter(meeting=meeting, member=member).exists():
        raise VoteRefused(
            _("Meld je eerst aan als aanwezig (in de zaal met de code, online met je eigen inlog) om te stemmen.")
        )

    if proposal.kind == ProposalKind.ELECTION:
        if choice in (VoteChoice.BLANK, VoteChoice.ABSTAIN, "blank", "abstain"):
            votes = [Vote(ballot=ballot, choice=VoteChoice.BLANK)]
        else:
            votes = [
                Vote(ballot=ballot, choice=VoteChoice.CANDIDATE, candidate=c)
                for c in _candidates_from(choice, proposal, ballot)
            ]
        named_choice = ""
    else:
        if not isinstance(choice, str) or choice not in PROPOSAL_CHOICES:
            raise VoteRefused(_("Kies voor, tegen of onthouding."))
        votes = [Vote(ballot=ballot, choice=choice)]
        named_choice = choice

    if Participation.objects.filter(ballot=ballot, member=voter).exists():
        raise AlreadyVoted(_("Voor %(name)s is in deze stemming al gestemd.") % {"name": voter.name})
    participation = Participation(
        ballot=ballot,
        member=voter,
        cast_by=member,
        via_proxy=proxy_for is not None,
        electronic=electronic,
        choice="" if ballot.secret else named_choice,
        cast_at=now,
    )
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError:
        raise AlreadyVoted(_("Voor %(name)s is in deze stemming al gestemd.") % {"name": voter.name}) from None
    if electronic:
        # Early votes stay in their envelope until the ballot closes (see ballot_close).
        for v in votes:
            v.envelope = participation
    if ballot.secret:
        _ballot_box_add(ballot, votes)
    else:
        Vote.objects.bulk_create(votes)
    return participation


def _ballot_box_add(ballot: Ballot, votes: list[Vote]) -> None:
    """Secret ballot: put the new votes in the box and rewrite the whole box, shuffled,
    with fresh random keys. Every live Vote row is then written by this transaction, in a
    random order, so neither the row order (SQLite rowid, PostgreSQL ctid), nor the key,
    nor the writing transaction (PostgreSQL xmin) tells which vote came with which
    Participation. Limits (old row versions, WAL, backups): docs/alv.md."""
    if connection.vendor == "sqlite":
        # Overwrite deleted rows in the file instead of leaving them in free pages.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    box = [
        Vote(ballot=ballot, choice=choice, candidate_id=candidate_id, envelope_id=envelope_id)
        for choice, candidate_id, envelope_id in Vote.objects.filter(ballot=ballot).values_list(
            "choice", "candidate_id", "envelope_id"
        )
    ]
    box.extend(votes)
    _shuffle(box)
    Vote.objects.filter(ballot=ballot).delete()
    Vote.objects.bulk_create(box)


def _envelopes_open(ballot: Ballot, excluded: list[int]) -> None:
    """At closing: take the early votes of `excluded` participations out of the box; in a
    secret ballot rewrite the box without envelopes, so no vote stays linked to its voter."""
    if excluded:
        Vote.objects.filter(ballot=ballot, envelope_id__in=excluded).delete()
    if ballot.secret and Vote.objects.filter(ballot=ballot, envelope__isnull=False).exists():
        box = [
            Vote(ballot=ballot, choice=choice, candidate_id=candidate_id)
            for choice, candidate_id in Vote.objects.filter(ballot=ballot).values_list("choice", "candidate_id")
        ]
        _shuffle(box)
        Vote.objects.filter(ballot=ballot).delete()
        Vote.objects.bulk_create(box)


def _member_ref(member: Member) -> dict:
    return {"id": member.pk, "number": member.number, "name": member.name}


@transaction.atomic
def ballot_close(*, ballot: Ballot, by: Member, now: dt.datetime | None = None) -> Ballot:
    """Close a ballot at the meeting: count the votes, compute the outcome with the statutes'
    majority and quorum, and freeze who was present, which proxies were held and every vote
    (for a secret ballot: who voted, not what). A closed ballot never changes again."""
    now = now or timezone.now()
    ballot = ballot_lock(ballot=ballot)
    proposal = ballot.proposal
    meeting = proposal.item.meeting
    coop = meeting.cooperative
    if not perms.can_close_ballot(ballot):
        raise BallotRefused(_("Deze stemming is al gesloten."))
    if now < meeting.starts_at:
        raise BallotRefused(_("Een stemming sluit op de vergadering, niet ervoor."))

    present = list(Attendance.objects.filter(meeting=meeting).select_related("member__user").order_by("member__number"))
    proxies = list(
        Proxy.objects.filter(meeting=meeting, revoked_at__isnull=True)
        .select_related("grantor__user", "holder__user")
        .order_by("pk")
    )
    participations = list(
        ballot.participations.select_related("member__user", "cast_by__user").order_by("member__number", "member_id")
    )
    # An early vote of someone no longer entitled to vote at the meeting (left, suspended as
    # a member) does not count: out of the box before counting, kept in the record with why.
    excluded = {p.pk: reason for p in participations if (reason := excluded_reason(participation=p, now=now))}
    _envelopes_open(ballot, list(excluded))
    counted = [p for p in participations if p.pk not in excluded]
    entitled = entitled_members(cooperative=coop).count()
    present_ids = {a.member_id for a in present}
    online_ids = {a.member_id for a in present if a.source == AttendanceSource.ONLINE}
    represented = {p.grantor_id for p in proxies if p.holder_id in present_ids}
    early_voters = {p.member_id for p in counted if p.electronic}
    participants = len(present_ids | represented | early_voters)

    counts = dict(
        Vote.objects.filter(ballot=ballot).values_list("choice").annotate(n=Count("id")).values_list("choice", "n")
    )
    frozen = {
        "present": [{**_member_ref(a.member), "online": a.member_id in online_ids} for a in present],
        "proxies": [{"grantor": _member_ref(p.grantor), "holder": _member_ref(p.holder)} for p in proxies],
        "voters": [
            {
                **_member_ref(p.member),
                "cast_by": p.cast_by.name,
                "via_proxy": p.via_proxy,
                "electronic": p.electronic,
                "online": p.cast_by_id in online_ids,
                "choice": p.choice,
                "excluded": excluded.get(p.pk, ""),
            }
            for p in participations
        ],
        "excluded": len(excluded),
        "entitled": entitled,
    }
    if proposal.kind == ProposalKind.ELECTION:
        per_candidate = dict(
            Vote.objects.filter(ballot=ballot, choice=VoteChoice.CANDIDATE)
            .values("candidate")
            .annotate(n=Count("id"))
            .values_list("candidate", "n")
        )
        candidates = proposal.candidates.select_related("member__user")
        if ballot.candidate_ids:
            candidates = candidates.filter(pk__in=ballot.candidate_ids)
        candidate_votes = [(c.pk, c.member.name, per_candidate.get(c.pk, 0)) for c in candidates]
        blank = counts.get(VoteChoice.BLANK, 0)
        outcome = election_outcome(
            cooperative=coop,
            seats=ballot.round_seats,
            candidate_votes=candidate_votes,
            ballots_cast=len(counted) - blank,
            votes_blank=blank,
            participants=participants,
            entitled=entitled,
            round_kind=round_kind(ballot),
        )
        frozen["candidates"] = [{"id": cid, "name": name, "votes": n} for cid, name, n in candidate_votes]
        frozen["elected"] = outcome.elected
        frozen["seats"] = ballot.round_seats
        frozen["next"] = {
            "step": outcome.next_step,
            "candidates": outcome.next_candidates,
            "seats": outcome.next_seats,
        }
    else:
        outcome = proposal_outcome(
            cooperative=coop,
            kind=proposal.kind,
            votes_for=counts.get(VoteChoice.FOR, 0),
            votes_against=counts.get(VoteChoice.AGAINST, 0),
            votes_abstain=counts.get(VoteChoice.ABSTAIN, 0),
            votes_blank=counts.get(VoteChoice.BLANK, 0),
            participants=participants,
            entitled=entitled,
        )
    ballot.votes_for = outcome.votes_for
    ballot.votes_against = outcome.votes_against
    ballot.votes_abstain = outcome.votes_abstain
    ballot.votes_blank = outcome.votes_blank
    ballot.entitled_count = entitled
    ballot.present_count = len(present_ids)
    ballot.represented_count = len(represented)
    ballot.quorum_met = outcome.quorum_met
    ballot.carried = outcome.carried
    ballot.outcome_text = outcome.summary
    ballot.frozen = frozen
    ballot.status = BallotStatus.CLOSED
    ballot.closed_at = now
    ballot.closed_by = by
    ballot.full_clean()
    ballot.save()
    meeting_event_record(meeting=meeting, kind=MeetingEventKind.BALLOT_CLOSED, by=by, note=proposal.title, at=now)
    return ballot


@transaction.atomic
def ballot_confirm(*, ballot: Ballot, by: Member, now: dt.datetime | None = None) -> Decision:
    """The chair's declaration of the outcome (art. 2:13 lid 1 BW: decisive): `by` must be
    the meeting's designated chair (NotTheChair otherwise), recorded as theirs with the
    moment (Ballot.confirmed_by/at, Decision.recorded_by). The outcome enters the decision
    register (adopted or rejected, with the numbers). Happens once per ballot."""
    now = now or timezone.now()
    ballot = ballot_lock(ballot=ballot)
    if not perms.can_confirm_ballot(ballot):
        raise BallotRefused(_("Alleen de uitslag van een gesloten stemming kan worden vastgesteld."))
    if lot_needed(ballot) and not LotDraw.objects.filter(ballot=ballot).exists():
        raise LotRefused(_("De stemmen staken: trek eerst het lot, zoals de statuten voorschrijven."))
    proposal = ballot.proposal
    meeting = proposal.item.meeting
    chair = meeting.chair
    if chair is None:
        raise NotTheChair(_("Wijs eerst de voorzitter van deze vergadering aan; die stelt de uitslag vast."))
    if not perms.is_chair(meeting, by):
        raise NotTheChair(
            _("Alleen de voorzitter van de vergadering (%(name)s) stelt de uitslag vast.") % {"name": chair.name}
        )
    decided_on = timezone.localdate(ballot.closed_at or now)
    # The text as amended by the adopted amendments: what the register records.
    text = proposal_current_text(proposal)
    if proposal.kind == ProposalKind.ELECTION:
        text = election_decision_text(ballot)
    title = proposal.title
    if proposal.amends_id:
        title = _("Amendement: %(title)s") % {"title": proposal.title}
    decision = Decision(
        cooperative=meeting.cooperative,
        number=decision_number_next(cooperative=meeting.cooperative, on=decided_on),
        decided_on=decided_on,
        body=DecisionBody.ALV,
        kind=proposal.kind,
        title=title[:200],
        text=text,
        votes_for=ballot.votes_for,
        votes_against=ballot.votes_against,
        votes_abstain=(ballot.votes_abstain or 0) + (ballot.votes_blank or 0),
        adopted=bool(election_elected(ballot)) if proposal.kind == ProposalKind.ELECTION else bool(ballot.carried),
        meeting=meeting,
        ballot=ballot,
        recorded_by=by,
        replaces=replaced_decision(ballot),
    )
    decision.full_clean()
    decision.save()
    ballot.status = BallotStatus.CONFIRMED
    ballot.confirmed_at = now
    ballot.confirmed_by = by
    ballot.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    meeting_event_record(
        meeting=meeting,
        kind=MeetingEventKind.BALLOT_CONFIRMED,
        by=by,
        note=_("%(number)s %(title)s, verklaard door de voorzitter") % {"number": decision.number, "title": title},
        at=now,
    )
    return decision
