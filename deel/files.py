"""Serving uploaded files through views that checked cooperative and role first.

Uploads (receipts, damage photos, documents) are never served from a public media URL.
"""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404


def file_response(field_file, *, download_name: str | None = None, inline: bool = True) -> FileResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not inline,
        filename=download_name or field_file.name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
