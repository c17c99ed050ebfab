"""Domain errors of the members app. Each carries a Dutch message for the user."""

from deel.errors import DomainError


class MembershipError(DomainError):
    pass


class NotAllowedToBook(DomainError):
    pass


class InvalidTransition(MembershipError):
    """A life-cycle step that does not fit the membership's current status."""


class LastBoardMember(MembershipError):
    """The cooperative would be left without an active board member."""


class InvalidLicence(MembershipError):
    """Driving licence data missing or expired."""


class FourEyesRequired(MembershipError):
    """A step that needs a second person (approving one's own role grant)."""


class HouseholdError(MembershipError):
    """A household rule says no (statutes allow no households, too many drivers, ...)."""


class RefusalReasonMissing(MembershipError):
    """An application is refused only with a reason (it is recorded and may be asked for)."""
