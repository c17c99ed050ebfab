"""Checks of uploaded files (car photos, damage photos, car documents), as domain errors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from deel.uploads import validate_document_upload, validate_image_upload

from ..errors import UploadRejected


def check_image(file: Any) -> None:
    try:
        validate_image_upload(file)
    except ValidationError as exc:
        raise UploadRejected(exc.messages[0]) from None


def validate_document_file(file: Any) -> None:
    """A car document is a PDF or a photo of the paper, within the size limit."""
    try:
        validate_document_upload(file)
    except ValidationError as exc:
        if getattr(exc, "code", None) == "not_image":
            raise ValidationError(
                _("Dit bestand is geen PDF en geen afbeelding; upload een PDF of een foto (JPEG, PNG of WebP)."),
                code="not_document",
            ) from None
        raise


def check_document(file: Any) -> None:
    try:
        validate_document_file(file)
    except ValidationError as exc:
        raise UploadRejected(exc.messages[0]) from None
