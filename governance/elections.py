"""Who is elected, by the election method of the statutes (docs/alv.md "Verkiezingen").

Pure functions: no database. Two methods (Cooperative.election_method):

- plurality (default): the candidates with the most votes take the seats.
- absolute: a candidate needs more than the ordinary majority (default: more than half) of
  the non-blank ballots; seats left go to a second round between the best candidates, two
  per seat left (more when they tie at the cut), decided there by plurality.

A tie for the last seat(s) is resolved as the statutes name (Cooperative.election_tie_break):
a new round between the tied candidates (when those tie again: lot), or lot at once. A
candidate without any vote is never elected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from members.models import ElectionMethod, ElectionTieBreak

from .models import FollowReason


class NextStep:
    """What the election needs after this ballot ("" when every seat is filled or none can be)."""

    NONE = ""
    LOT = "lot"
    TIE_ROUND = FollowReason.TIE_ROUND.value
    SECOND_ROUND = FollowReason.SECOND_ROUND.value


@dataclass(frozen=True)
class Seats:
    elected: list[dict] = field(default_factory=list)
    next_step: str = NextStep.NONE
    # The candidates of the next round, or among whom the lot is drawn, and for how many seats.
    next_candidates: list[dict] = field(default_factory=list)
    next_seats: int = 0


def _ref(c: tuple[int, str, int]) -> dict:
    return {"candidate": c[0], "name": c[1], "votes": c[2]}


def ranked(candidate_votes: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """Most votes first; equal votes by name, only for a stable display order."""
    return sorted(candidate_votes, key=lambda c: (-c[2], c[1], c[0]))


def plurality(candidate_votes: list[tuple[int, str, int]], seats: int, *, tie_step: str = NextStep.TIE_ROUND) -> Seats:
    """The `seats` candidates with most votes; a tie across the last seat is not decided
    here: it becomes `tie_step` (a tie round, or the lot) for the seats left."""
    order = [c for c in ranked(candidate_votes) if c[2] > 0]
    if len(order) <= seats:
        return Seats(elected=[_ref(c) for c in order])
    cut = order[seats - 1][2]
    above = [c for c in order if c[2] > cut]
    at_cut = [c for c in order if c[2] == cut]
    left = seats - len(above)
    if len(at_cut) == left:
        return Seats(elected=[_ref(c) for c in above + at_cut])
    return Seats(
        elected=[_ref(c) for c in above],
        next_step=tie_step,
        next_candidates=[_ref(c) for c in at_cut],
        next_seats=left,
    )


def absolute_majority(
    candidate_votes: list[tuple[int, str, int]], seats: int, *, ballots_cast: int, percent: Decimal, tie_step: str
) -> Seats:
    """First round of the absolute-majority method: elected are those (within the seats)
    chosen on more than `percent` of the non-blank ballots; for the seats left a second
    round between the best of the others, two per seat left (all tied at the cut)."""
    majority = [c for c in candidate_votes if ballots_cast and Decimal(c[2]) * 100 > percent * ballots_cast]
    first = plurality(majority, seats, tie_step=tie_step)
    if first.next_step:
        return first  # more candidates with a majority than seats, tied at the last one
    left = seats - len(first.elected)
    if left == 0:
        return first
    elected_ids = {e["candidate"] for e in first.elected}
    rest = [c for c in ranked(candidate_votes) if c[0] not in elected_ids and c[2] > 0]
    if not rest:
        return first
    wanted = 2 * left
    runoff = rest[:wanted]
    if len(rest) > wanted:
        cut = rest[wanted - 1][2]
        runoff = [c for c in rest if c[2] >= cut]
    return Seats(
        elected=first.elected,
        next_step=NextStep.SECOND_ROUND,
        next_candidates=[_ref(c) for c in runoff],
        next_seats=left,
    )


def seats_filled(
    *,
    cooperative,
    seats: int,
    candidate_votes: list[tuple[int, str, int]],
    ballots_cast: int,
    round_kind: str = FollowReason.FIRST,
) -> Seats:
    """Apply the statutes' method to one ballot. `round_kind` is the ballot's follow_reason:
    a second round and a tie round are decided by plurality; a tie in a tie round goes to the
    lot whatever the statutes' first choice."""
    tie_step = NextStep.LOT
    if cooperative.election_tie_break == ElectionTieBreak.NEW_ROUND and round_kind != FollowReason.TIE_ROUND:
        tie_step = NextStep.TIE_ROUND
    if cooperative.election_method == ElectionMethod.ABSOLUTE and round_kind in (FollowReason.FIRST, ""):
        return absolute_majority(
            candidate_votes,
            seats,
            ballots_cast=ballots_cast,
            percent=Decimal(cooperative.ordinary_majority_percent),
            tie_step=tie_step,
        )
    return plurality(candidate_votes, seats, tie_step=tie_step)
