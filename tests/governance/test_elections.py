"""Elections by the statutes' method (Cooperative.election_method) and tie rule
(election_tie_break): plurality fills the seats with the most votes; the absolute-majority
method needs more than half and sends the seats left to a second round between two
candidates per seat; a tie for the last seat goes to a new round or to the lot."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from governance import services
from governance.elections import NextStep
from governance.errors import BallotRefused, LotRefused, VoteRefused
from governance.models import Ballot, FollowReason, LotDraw, MeetingEvent, MeetingEventKind, ProposalKind
from governance.outcome import election_outcome
from members.models import ElectionMethod, ElectionTieBreak
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


def _coop(method=ElectionMethod.PLURALITY, tie=ElectionTieBreak.NEW_ROUND):
    return SimpleNamespace(
        ordinary_majority_percent=Decimal(50), quorum_percent=None, election_method=method, election_tie_break=tie
    )


def _outcome(coop, seats, votes, cast, round_kind="first"):
    return election_outcome(
        cooperative=coop,
        seats=seats,
        candidate_votes=votes,
        ballots_cast=cast,
        votes_blank=0,
        participants=cast,
        entitled=cast,
        round_kind=round_kind,
    )


def _ids(rows):
    return {r["candidate"] for r in rows}


# Plurality (the default) -----------------------------------------------------------------


def test_plurality_elects_the_most_votes_without_a_majority():
    # 10 ballots, 2 seats: A 4, B 3, C 2 -> A and B, though neither has more than half.
    out = _outcome(_coop(), 2, [(1, "A", 4), (2, "B", 3), (3, "C", 2)], 10)
    assert _ids(out.elected) == {1, 2} and out.next_step == NextStep.NONE and out.carried


def test_plurality_tie_for_last_seat_new_round_between_the_tied():
    out = _outcome(_coop(), 2, [(1, "A", 5), (2, "B", 3), (3, "C", 3)], 10)
    assert _ids(out.elected) == {1}
    assert out.next_step == NextStep.TIE_ROUND and _ids(out.next_candidates) == {2, 3} and out.next_seats == 1


def test_plurality_tie_with_lot_in_the_statutes():
    out = _outcome(_coop(tie=ElectionTieBreak.LOT), 1, [(1, "A", 3), (2, "B", 3)], 6)
    assert out.elected == [] and out.next_step == NextStep.LOT and out.next_seats == 1


def test_tie_again_in_a_tie_round_goes_to_the_lot():
    out = _outcome(_coop(), 1, [(2, "B", 4), (3, "C", 4)], 8, round_kind=FollowReason.TIE_ROUND)
    assert out.next_step == NextStep.LOT


def test_equal_votes_filling_exactly_the_seats_elect_both():
    out = _outcome(_coop(), 2, [(1, "A", 3), (2, "B", 3), (3, "C", 1)], 7)
    assert _ids(out.elected) == {1, 2} and out.next_step == NextStep.NONE


def test_no_vote_no_seat():
    out = _outcome(_coop(), 2, [(1, "A", 3), (2, "B", 0)], 3)
    assert _ids(out.elected) == {1} and out.next_step == NextStep.NONE


# Absolute majority with a second round ------------------------------------------------------


def test_absolute_majority_needs_more_than_half():
    out = _outcome(_coop(ElectionMethod.ABSOLUTE), 1, [(1, "A", 6), (2, "B", 4)], 10)
    assert _ids(out.elected) == {1} and out.next_step == NextStep.NONE


def test_absolute_majority_second_round_between_two_per_seat_left():
    # 10 ballots, 2 seats: A 6 elected; 1 seat left -> second round between B and C, not D.
    out = _outcome(_coop(ElectionMethod.ABSOLUTE), 2, [(1, "A", 6), (2, "B", 5), (3, "C", 4), (4, "D", 1)], 10)
    assert _ids(out.elected) == {1}
    assert out.next_step == NextStep.SECOND_ROUND and _ids(out.next_candidates) == {2, 3} and out.next_seats == 1


def test_absolute_majority_second_round_takes_all_tied_at_the_cut():
    out = _outcome(_coop(ElectionMethod.ABSOLUTE), 1, [(1, "A", 4), (2, "B", 3), (3, "C", 3)], 10)
    assert out.elected == [] and _ids(out.next_candidates) == {1, 2, 3}


def test_second_round_is_decided_by_plurality():
    out = _outcome(
        _coop(ElectionMethod.ABSOLUTE), 1, [(2, "B", 4), (3, "C", 3)], 10, round_kind=FollowReason.SECOND_ROUND
    )
    assert _ids(out.elected) == {2}


# Through the services -------------------------------------------------------------------------


def _election(seats=1, n=7, **statutes):
    coop, board, members = coop_with_members(n, **statutes)
    meeting, proposal = convened_meeting(coop, board, kind=ProposalKind.ELECTION, title="Bestuur", seats=seats)
    candidates = [services.candidate_add(proposal=proposal, member=m) for m in members[:3]]
    present(meeting, board, *members)
    return coop, board, members, meeting, proposal, candidates


def _vote(ballot, voters, picks):
    for m, pick in zip(voters, picks, strict=True):
        services.vote_cast(ballot=ballot, member=m, choice=pick)


def test_lot_decides_a_tie_and_is_recorded_with_who_drew():
    coop, board, members, meeting, proposal, (a, b, c) = _election(election_tie_break=ElectionTieBreak.LOT)
    ballot = services.ballot_open(proposal=proposal, by=board)
    _vote(ballot, [board, *members[:5]], [a, a, b, b, c, "blank"])
    ballot = services.ballot_close(ballot=ballot, by=board)
    with pytest.raises(LotRefused):
        services.ballot_confirm(ballot=ballot, by=board)  # the lot comes first
    draw = services.election_lot_draw(ballot=ballot, by=board)
    assert draw.drawn_by == board and len(draw.winners) == 1
    assert {x["candidate"] for x in draw.among} == {a.pk, b.pk}
    assert draw.winners[0]["candidate"] in {a.pk, b.pk}
    with pytest.raises(LotRefused):
        services.election_lot_draw(ballot=ballot, by=board)
    decision = services.ballot_confirm(ballot=ballot, by=board)
    assert draw.winners[0]["name"] in decision.text and decision.adopted
    assert MeetingEvent.objects.filter(meeting=meeting, kind=MeetingEventKind.LOT_DRAWN).exists()


def test_lot_refused_without_a_tie():
    coop, board, members, meeting, proposal, (a, b, c) = _election(election_tie_break=ElectionTieBreak.LOT)
    ballot = services.ballot_open(proposal=proposal, by=board)
    _vote(ballot, [board, members[0]], [a, a])
    ballot = services.ballot_close(ballot=ballot, by=board)
    with pytest.raises(LotRefused):
        services.election_lot_draw(ballot=ballot, by=board)
    assert not LotDraw.objects.exists()


def test_tie_round_between_the_tied_candidates_only():
    coop, board, members, meeting, proposal, (a, b, c) = _election()
    ballot = services.ballot_open(proposal=proposal, by=board)
    _vote(ballot, [board, *members[:4]], [a, a, b, b, c])
    ballot = services.ballot_close(ballot=ballot, by=board)
    services.ballot_confirm(ballot=ballot, by=board)
    second = services.election_round_open(ballot=ballot, by=board)
    assert second.follow_reason == FollowReason.TIE_ROUND and set(second.candidate_ids) == {a.pk, b.pk}
    with pytest.raises(VoteRefused):
        services.vote_cast(ballot=second, member=board, choice=c)  # c is out
    _vote(second, [board, members[0], members[1]], [b, b, a])
    second = services.ballot_close(ballot=second, by=board)
    assert [e["candidate"] for e in second.frozen["elected"]] == [b.pk]
    services.ballot_confirm(ballot=second, by=board)
    with pytest.raises(BallotRefused):
        services.election_round_open(ballot=second, by=board)


def test_absolute_majority_second_round_fills_the_seat_left():
    coop, board, members, meeting, proposal, (a, b, c) = _election(seats=2, election_method=ElectionMethod.ABSOLUTE)
    ballot = services.ballot_open(proposal=proposal, by=board)
    # 6 ballots: a 4 (elected), b 2, c 1: second round b vs c for one seat.
    _vote(ballot, [board, *members[:5]], [[a, b], [a, b], [a, c], [a], "blank", "blank"])
    ballot = services.ballot_close(ballot=ballot, by=board)
    assert [e["candidate"] for e in ballot.frozen["elected"]] == [a.pk]
    assert ballot.frozen["next"]["step"] == NextStep.SECOND_ROUND
    services.ballot_confirm(ballot=ballot, by=board)
    second = services.election_round_open(ballot=ballot, by=board)
    assert second.round_seats == 1 and set(second.candidate_ids) == {b.pk, c.pk}
    with pytest.raises(VoteRefused):
        services.vote_cast(ballot=second, member=board, choice=[b, c])  # one seat left
    _vote(second, [board, members[0], members[1]], [c, c, b])
    second = services.ballot_close(ballot=second, by=board)
    assert [e["candidate"] for e in second.frozen["elected"]] == [c.pk]
    assert Ballot.objects.filter(proposal=proposal).count() == 2
