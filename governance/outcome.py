"""The outcome of a ballot from its numbers and the statutes (DESIGN "Governance").

Pure functions: no database. Abstentions and blank votes are not votes cast; a tie on a
proposal is lost; elections follow governance.elections; a quorum, when the statutes set
one, counts the members present or represented (or who voted electronically beforehand)
against all members entitled to vote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from members.models import ElectionMethod

from . import elections
from .models import ProposalKind

QUALIFIED_KINDS = (ProposalKind.STATUTES, ProposalKind.DISSOLUTION)


@dataclass(frozen=True)
class Outcome:
    votes_for: int
    votes_against: int
    votes_abstain: int
    votes_blank: int
    participants: int
    entitled: int
    quorum_required: int | None
    quorum_met: bool
    carried: bool
    rule: str
    summary: str
    elected: list[dict] = field(default_factory=list)
    next_step: str = ""
    next_candidates: list[dict] = field(default_factory=list)
    next_seats: int = 0

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against


def quorum_required(*, cooperative, entitled: int) -> int | None:
    """Members needed for the quorum (rounded up), or None when the statutes set none."""
    if cooperative.quorum_percent is None:
        return None
    return -(-entitled * int(cooperative.quorum_percent) // 100)


def majority_rule(*, cooperative, kind: str) -> str:
    if kind in QUALIFIED_KINDS:
        return _("ten minste %(num)s/%(den)s van de uitgebrachte stemmen") % {
            "num": cooperative.qualified_majority_numerator,
            "den": cooperative.qualified_majority_denominator,
        }
    percent = Decimal(cooperative.ordinary_majority_percent).normalize()
    return _("meer dan %(percent)s%% van de uitgebrachte stemmen") % {"percent": f"{percent:f}".replace(".", ",")}


def has_majority(*, cooperative, kind: str, votes_for: int, votes_against: int) -> bool:
    cast = votes_for + votes_against
    if cast == 0 or votes_for <= votes_against:
        return False  # nothing cast, or a tie: lost
    if kind in QUALIFIED_KINDS:
        return votes_for * cooperative.qualified_majority_denominator >= cooperative.qualified_majority_numerator * cast
    return Decimal(votes_for) * 100 > Decimal(cooperative.ordinary_majority_percent) * cast


def proposal_outcome(
    *,
    cooperative,
    kind: str,
    votes_for: int,
    votes_against: int,
    votes_abstain: int = 0,
    votes_blank: int = 0,
    participants: int,
    entitled: int,
) -> Outcome:
    required = quorum_required(cooperative=cooperative, entitled=entitled)
    quorum_met = required is None or participants >= required
    majority = has_majority(cooperative=cooperative, kind=kind, votes_for=votes_for, votes_against=votes_against)
    carried = quorum_met and majority
    rule = majority_rule(cooperative=cooperative, kind=kind)
    numbers = _("%(for)s voor, %(against)s tegen, %(abstain)s onthouding (%(cast)s uitgebrachte stemmen)") % {
        "for": votes_for,
        "against": votes_against,
        "abstain": votes_abstain + votes_blank,
        "cast": votes_for + votes_against,
    }
    if not quorum_met:
        summary = _(
            "Niet aangenomen: het quorum van %(required)s leden is niet gehaald "
            "(%(present)s aanwezig of vertegenwoordigd). %(numbers)s."
        ) % {
            "required": required,
            "present": participants,
            "numbers": numbers,
        }
    elif votes_for == votes_against and votes_for:
        summary = _("Niet aangenomen: de stemmen staken. %(numbers)s.") % {"numbers": numbers}
    elif carried:
        summary = _("Aangenomen (%(rule)s). %(numbers)s.") % {"rule": rule, "numbers": numbers}
    else:
        summary = _("Niet aangenomen (vereist: %(rule)s). %(numbers)s.") % {"rule": rule, "numbers": numbers}
    return Outcome(
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        votes_blank=votes_blank,
        participants=participants,
        entitled=entitled,
        quorum_required=required,
        quorum_met=quorum_met,
        carried=carried,
        rule=rule,
        summary=summary,
    )


def election_outcome(
    *,
    cooperative,
    seats: int,
    candidate_votes: list[tuple[int, str, int]],
    ballots_cast: int,
    votes_blank: int,
    participants: int,
    entitled: int,
    round_kind: str = "first",
) -> Outcome:
    """candidate_votes: (candidate id, name, votes). Who is elected follows the statutes'
    election method and tie rule (governance.elections); a tie for the last seat, or seats
    left under the absolute-majority method, become `next_step` with its candidates."""
    required = quorum_required(cooperative=cooperative, entitled=entitled)
    quorum_met = required is None or participants >= required
    order = elections.ranked(candidate_votes)
    if quorum_met:
        filled = elections.seats_filled(
            cooperative=cooperative,
            seats=seats,
            candidate_votes=candidate_votes,
            ballots_cast=ballots_cast,
            round_kind=round_kind,
        )
    else:
        filled = elections.Seats()
    elected: list[dict[str, Any]] = filled.elected
    rule = election_rule(cooperative=cooperative, round_kind=round_kind)
    standings = ", ".join(f"{name} {votes}" for _cid, name, votes in order)
    if not quorum_met:
        summary = _("Geen verkiezing: het quorum van %(required)s leden is niet gehaald.") % {"required": required}
    elif elected:
        summary = _("Gekozen: %(names)s. Stemmen: %(standings)s; %(cast)s stembiljetten, %(blank)s blanco.") % {
            "names": ", ".join(e["name"] for e in elected),
            "standings": standings,
            "cast": ballots_cast,
            "blank": votes_blank,
        }
    elif filled.next_step:
        summary = _("Nog niemand gekozen. Stemmen: %(standings)s; %(blank)s blanco.") % {
            "standings": standings or "-",
            "blank": votes_blank,
        }
    else:
        summary = _("Niemand gekozen (%(rule)s). Stemmen: %(standings)s; %(blank)s blanco.") % {
            "rule": rule,
            "standings": standings or "-",
            "blank": votes_blank,
        }
    if filled.next_step:
        names = ", ".join(c["name"] for c in filled.next_candidates)
        step = {
            elections.NextStep.LOT: _("De stemmen staken: het lot beslist tussen %(names)s voor %(seats)s zetel(s)."),
            elections.NextStep.TIE_ROUND: _("De stemmen staken: herstemming tussen %(names)s voor %(seats)s zetel(s)."),
            elections.NextStep.SECOND_ROUND: _("Tweede ronde tussen %(names)s voor %(seats)s zetel(s)."),
        }[filled.next_step]
        summary = f"{summary} {step % {'names': names, 'seats': filled.next_seats}}"
    total_for = sum(e["votes"] for e in elected)
    return Outcome(
        votes_for=total_for,
        votes_against=0,
        votes_abstain=0,
        votes_blank=votes_blank,
        participants=participants,
        entitled=entitled,
        quorum_required=required,
        quorum_met=quorum_met,
        carried=bool(elected),
        rule=rule,
        summary=summary,
        elected=elected,
        next_step=filled.next_step,
        next_candidates=filled.next_candidates,
        next_seats=filled.next_seats,
    )


def election_rule(*, cooperative, round_kind: str = "first") -> str:
    if cooperative.election_method == ElectionMethod.ABSOLUTE and round_kind == "first":
        percent = Decimal(cooperative.ordinary_majority_percent).normalize()
        return _("vereist: meer dan %(percent)s%% van de stembiljetten, niet blanco") % {
            "percent": f"{percent:f}".replace(".", ",")
        }
    return _("de kandidaten met de meeste stemmen zijn gekozen")
