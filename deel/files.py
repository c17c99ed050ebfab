"""Serving uploaded files through views that checked cooperative and role first.

Uploads (receipts, damage photos, documents) are never served from a public media URL.
The type sent is read from the file's content again (deel.uploads.content_type), never
from its name: a real PDF or JPEG/PNG/WebP is shown inline with that type; anything else
(an old upload from before the content check, say `bon.html`) only downloads, as
application/octet-stream. Every answer is sandboxed (no script runs, not even in a PDF
viewer's document) and the browser may not guess another type.
"""

from __future__ import annotations

from django.http import FileResponse, Http404

from .uploads import EXTENSIONS, content_type

OCTET_STREAM = "application/octet-stream"


def file_response(field_file, *, download_name: str | None = None, cache_seconds: int = 0) -> FileResponse:
    """`cache_seconds`: how long the browser may keep it privately (0: never stored, for
    anything personal or financial; a car's photo may be kept for a while)."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    kind = content_type(handle)
    stem = (download_name or field_file.name.rsplit("/", 1)[-1]).rsplit(".", 1)[0] or "bestand"
    if kind is None:
        response = FileResponse(handle, content_type=OCTET_STREAM, as_attachment=True, filename=stem)
    else:
        response = FileResponse(handle, content_type=kind, as_attachment=False, filename=f"{stem}.{EXTENSIONS[kind]}")
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"private, max-age={cache_seconds}" if cache_seconds else "private, no-store"
    return response
