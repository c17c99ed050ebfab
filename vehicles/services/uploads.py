"""Checks of uploaded files (car photos, damage photos, car documents), as domain errors."""

from __future__ import annotations

from typing import Any

from deel import errors as kernel_errors
from deel.uploads import accept_document, accept_image, validate_document_upload

from ..errors import UploadRejected

# A car document is a PDF or a photo of the paper, within the size limit (the form's validator).
validate_document_file = validate_document_upload


def check_image(file: Any) -> Any:
    """A real JPEG/PNG/WebP within the size limit, renamed by its content; store what this returns."""
    try:
        return accept_image(file)
    except kernel_errors.UploadRejected as exc:
        raise UploadRejected(exc.message, code=exc.code) from None


def check_document(file: Any) -> Any:
    """A real PDF or JPEG/PNG/WebP within the size limit, renamed by its content."""
    try:
        return accept_document(file)
    except kernel_errors.UploadRejected as exc:
        raise UploadRejected(exc.message, code=exc.code) from None
