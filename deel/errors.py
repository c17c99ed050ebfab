"""The base of every domain error in DEEL; each app's `errors.py` derives its own from it."""


class DomainError(Exception):
    """A rule of the domain says no: `str(error)` (and `.message`) is the Dutch message shown to the user."""

    def __init__(self, message: str):
        super().__init__(str(message))
        self.message = str(message)


class UploadRejected(DomainError):
    """An uploaded file that is not a PDF or JPEG/PNG/WebP by its content, or too large.
    `code`: "too_large", "not_image" or "not_document"."""

    def __init__(self, message: str, *, code: str = ""):
        super().__init__(message)
        self.code = code
