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
