"""Domain errors of governance. Each carries a Dutch message for the user."""

from deel.errors import DomainError


class GovernanceError(DomainError):
    pass


class ConvocationTooLate(GovernanceError):
    pass


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
