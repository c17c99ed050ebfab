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
