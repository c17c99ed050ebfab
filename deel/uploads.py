"""Checks of uploaded files: a clear Dutch message, and nothing stored when they fail."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "HEIF", "MPO"}
DOCUMENT_CONTENT_TYPES = {"application/pdf"}


def validate_upload_size(file) -> None:
    limit = settings.DEEL_MAX_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            _("Het bestand is te groot (%(size)s MB); het maximum is %(max)s MB.")
            % {"size": f"{file.size / 1024 / 1024:.1f}".replace(".", ","), "max": limit // (1024 * 1024)},
            code="too_large",
        )


def validate_image_upload(file) -> None:
    """Size limit, then Pillow must recognise a real image (not just a .jpg name)."""
    validate_upload_size(file)
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with Image.open(file) as img:
            img.verify()
            fmt = img.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("Dit bestand is geen afbeelding (JPEG, PNG of WebP)."), code="not_image") from None
    finally:
        file.seek(position)
    if fmt not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Dit afbeeldingsformaat wordt niet ondersteund; gebruik JPEG of PNG."), code="format")


def validate_document_upload(file) -> None:
    """A PDF or an image, within the size limit."""
    validate_upload_size(file)
    head = file.read(5)
    file.seek(0)
    if head == b"%PDF-":
        return
    validate_image_upload(file)
