"""Checks of uploaded files: typed by their content, never by their name or the browser's word.

`filetype` reads the first bytes; an image must also decode with Pillow. Only PDF, JPEG,
PNG and WebP are accepted (never HTML or SVG, which a browser would run). An accepted file
is stored under a generated name with the extension of its real type, so `bon.html`
that starts with `%PDF-` becomes `<random>.pdf`. A refused file gets a clear Dutch message
and nothing is stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from .errors import UploadRejected

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
IMAGE_TYPES = frozenset({JPEG, PNG, WEBP})
DOCUMENT_TYPES = IMAGE_TYPES | {PDF}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", WEBP: "webp"}
# What Pillow calls the formats (MPO: a camera's JPEG with extra frames).
PILLOW_FORMATS = {"JPEG": JPEG, "MPO": JPEG, "PNG": PNG, "WEBP": WEBP}
HEAD_BYTES = 8192  # filetype never looks further


def content_type(file: Any) -> str | None:
    """The type of `file` read from its content, one of DOCUMENT_TYPES, or None for anything
    else (HTML, SVG, a renamed executable, an image that does not decode). The file's
    position is left where it was."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(HEAD_BYTES)
    finally:
        file.seek(position)
    if isinstance(head, str):
        return None
    kind = filetype.guess(bytes(head)) if head else None
    mime = kind.mime if kind is not None else None
    if mime == PDF:
        return PDF
    if mime not in IMAGE_TYPES:
        return None
    try:
        file.seek(0)
        with Image.open(file) as img:
            img.verify()
            decoded = PILLOW_FORMATS.get(img.format or "")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(position)
    return decoded if decoded == mime else None


def validate_upload_size(file: Any) -> None:
    limit = settings.DEEL_MAX_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            _("Het bestand is te groot (%(size)s MB); het maximum is %(max)s MB.")
            % {"size": f"{file.size / 1024 / 1024:.1f}".replace(".", ","), "max": limit // (1024 * 1024)},
            code="too_large",
        )


def validate_image_upload(file: Any) -> None:
    """Size limit first (a huge file is "too large", not parsed), then a real JPEG, PNG or WebP."""
    validate_upload_size(file)
    if content_type(file) not in IMAGE_TYPES:
        raise ValidationError(_("Dit bestand is geen afbeelding (JPEG, PNG of WebP)."), code="not_image")


def validate_document_upload(file: Any) -> None:
    """Size limit first, then a real PDF, JPEG, PNG or WebP."""
    validate_upload_size(file)
    if content_type(file) not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Dit bestand is geen PDF en geen afbeelding; upload een PDF of een foto (JPEG, PNG of WebP)."),
            code="not_document",
        )


def _accepted(file: Any, validate: Callable[[Any], None]) -> Any:
    try:
        validate(file)
    except ValidationError as exc:
        raise UploadRejected(exc.messages[0], code=exc.code or "") from None
    kind = content_type(file)
    assert kind is not None  # the validator just read it
    file.name = f"{uuid.uuid4().hex}.{EXTENSIONS[kind]}"
    return file


def accept_image(file: Any) -> Any:
    """For services: check an image upload and give it a generated name with the extension
    of its real type; store what this returns. Raises UploadRejected (a Dutch message)."""
    return _accepted(file, validate_image_upload)


def accept_document(file: Any) -> Any:
    """For services: check a PDF-or-image upload and give it a generated name with the
    extension of its real type. Raises UploadRejected."""
    return _accepted(file, validate_document_upload)


# --- form fields ------------------------------------------------------------------------

MAX_PHOTOS = 6  # photos in one upload field (a damage report, a pick-up check)


class CheckedImageField(forms.ImageField):
    """An image upload whose size is checked first (a huge file gets "too large", not a
    parse attempt), then Pillow must recognise a real image."""

    default_error_messages = {
        "invalid_image": gettext_lazy("Dit bestand is geen afbeelding; upload een foto (JPEG, PNG of WebP)."),
    }
    # The type is read from the content (validate_image_upload), never from the file's name.
    default_validators: list = []

    def to_python(self, data: Any) -> Any:
        if data and hasattr(data, "size"):
            validate_upload_size(data)
        return super().to_python(data)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(CheckedImageField):
    """Several photos in one input; each one is checked (real image, size limit), at most MAX_PHOTOS."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("Maximaal %(n)s foto's per melding.") % {"n": MAX_PHOTOS})
        return files
