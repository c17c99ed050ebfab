"""Domain errors of governance. Each carries a Dutch message for the user."""

from deel.errors import DomainError


class GovernanceError(DomainError):
    """A rule of the general assembly says no (the message says which)."""


class ConvocationTooLate(GovernanceError):
    """Sent too late for the notice period: `days` the period that applies, `deadline` the
    first moment that was too late (None when not given)."""

    def __init__(self, message: str, *, days: int | None = None, deadline=None):
        super().__init__(message)
        self.days = days
        self.deadline = deadline


class AgendaFixed(GovernanceError):
    """The agenda was fixed by the convocation and a supplementary one can no longer be sent in time."""

    def __init__(self, message: str, *, days: int | None = None, deadline=None):
        super().__init__(message)
        self.days = days
        self.deadline = deadline


class NotConvened(GovernanceError):
    """A proposal added after the convocation and not (yet) sent in a supplementary one."""


class RequestNotDue(GovernanceError):
    """The requesters of an ALV may not (yet) convene it themselves (2:41 lid 3)."""


class WrittenResolutionLapsed(GovernanceError):
    """The deadline of a written resolution passed without every member agreeing."""

    def __init__(self, message: str, *, deadline=None):
        super().__init__(message)
        self.deadline = deadline


class ProxyRefused(GovernanceError):
    """A proxy the statutes or the law do not allow (cap, suspended member, not entitled)."""


class VoteRefused(GovernanceError):
    """A vote that cannot be cast (ballot closed, not entitled, not present)."""


class AlreadyVoted(VoteRefused):
    """This member (or the proxy held for them) already voted in this ballot."""


class BallotRefused(GovernanceError):
    """A ballot cannot be opened, closed or confirmed now."""


class MinutesLocked(GovernanceError):
    """Adopted minutes are final: no change, no comment."""


class NotTheChair(BallotRefused):
    """Only the meeting's designated chair declares a ballot's outcome (art. 2:13 lid 1 BW)."""


class BallotTooLate(BallotRefused):
    """The meeting day is over (`ends`): no ballot opens any more."""

    def __init__(self, message: str, *, ends=None):
        super().__init__(message)
        self.ends = ends


class AmendmentOutdated(BallotRefused):
    """The amendment was written against a text that an adopted amendment has changed since."""


class RevoteRefused(GovernanceError):
    """A new vote after a disputed declaration is not possible (2:13 lid 2 conditions)."""


class LotRefused(GovernanceError):
    """A lot cannot be drawn (no tie for the last seat, already drawn, not the chair)."""


class DecisionRefused(GovernanceError):
    """A decision the register cannot hold (a board decision changing the statutes, ...)."""


class CloseReasonRequired(GovernanceError):
    """A meeting still open after its meeting day is closed with a reason."""
