"""Domain errors of governance. Each carries a Dutch message for the user."""

from deel.errors import DomainError


class GovernanceError(DomainError):
    pass


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
    pass


class VoteRefused(GovernanceError):
    pass


class AlreadyVoted(VoteRefused):
    pass


class BallotRefused(GovernanceError):
    pass


class MinutesLocked(GovernanceError):
    pass


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
    pass


class LotRefused(GovernanceError):
    pass


class DecisionRefused(GovernanceError):
    """A decision the register cannot hold (a board decision changing the statutes, ...)."""


class CloseReasonRequired(GovernanceError):
    """A meeting still open after its meeting day is closed with a reason."""
