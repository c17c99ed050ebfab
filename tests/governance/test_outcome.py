"""Invariants of the outcome rules (hypothesis): abstentions never change an outcome, ties
are lost, the qualified majority is at least the fraction of votes cast."""

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from governance.outcome import election_outcome, proposal_outcome

votes = st.integers(min_value=0, max_value=200)


def _coop(**kw):
    base = {
        "ordinary_majority_percent": Decimal(50),
        "qualified_majority_numerator": 2,
        "qualified_majority_denominator": 3,
        "quorum_percent": None,
        "election_method": "plurality",
        "election_tie_break": "new_round",
    }
    return SimpleNamespace(**{**base, **kw})


@settings(max_examples=150, deadline=None)
@given(votes, votes, votes, votes)
def test_ordinary_majority(f, a, abstain, blank):
    out = proposal_outcome(
        cooperative=_coop(),
        kind="ordinary",
        votes_for=f,
        votes_against=a,
        votes_abstain=abstain,
        votes_blank=blank,
        participants=f + a + abstain + blank,
        entitled=f + a + abstain + blank,
    )
    assert out.carried == (f > a)
    assert out.cast == f + a


@settings(max_examples=150, deadline=None)
@given(votes, votes, votes)
def test_qualified_majority(f, a, abstain):
    out = proposal_outcome(
        cooperative=_coop(),
        kind="statutes",
        votes_for=f,
        votes_against=a,
        votes_abstain=abstain,
        participants=f + a + abstain,
        entitled=f + a + abstain,
    )
    assert out.carried == (f + a > 0 and 3 * f >= 2 * (f + a) and f != a)


@settings(max_examples=100, deadline=None)
@given(votes, votes, st.integers(min_value=1, max_value=100), st.integers(min_value=1, max_value=400))
def test_quorum(f, a, percent, entitled):
    participants = min(f + a, entitled)
    out = proposal_outcome(
        cooperative=_coop(quorum_percent=percent),
        kind="ordinary",
        votes_for=f,
        votes_against=a,
        participants=participants,
        entitled=entitled,
    )
    assert out.quorum_met == (participants * 100 >= percent * entitled)
    assert not out.carried or out.quorum_met


def test_election_tie_at_last_seat_goes_to_the_statutes_tie_rule():
    """Was: a tie left the seat empty. Now the statutes' rule decides (tests/governance/test_elections.py)."""
    out = election_outcome(
        cooperative=_coop(election_method="plurality", election_tie_break="lot"),
        seats=1,
        candidate_votes=[(1, "A", 5), (2, "B", 5)],
        ballots_cast=10,
        votes_blank=0,
        participants=10,
        entitled=10,
    )
    assert out.elected == [] and out.next_step == "lot" and out.next_seats == 1
    assert {c["candidate"] for c in out.next_candidates} == {1, 2}
