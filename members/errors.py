"""Domain errors of the members app. Each carries a Dutch message for the user."""


class DomainError(Exception):
    """Base of every domain error in DEEL: `str(error)` is the message shown to the user."""

    def __init__(self, message: str):
        super().__init__(str(message))
        self.message = str(message)


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
