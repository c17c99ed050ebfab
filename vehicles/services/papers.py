"""The car's papers: insurance policy, APK report, registration."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Member

from .. import permissions as perms
from ..errors import InvalidVehicle, NotAllowed
from ..models import Vehicle, VehicleDocument, VehicleEventKind
from .history import event_record
from .uploads import check_document

# What the document form asks (the form's fields, in this order).
DOCUMENT_FIELDS = ("kind", "title", "expires_on", "file")


@transaction.atomic
def document_add(
    *,
    vehicle: Vehicle,
    kind: str,
    by: Member | None,
    title: str = "",
    expires_on: dt.date | None = None,
    file: Any = None,
) -> VehicleDocument:
    """Store a car document (policy, APK report, registration). Guarantees: the file is
    a PDF or an image within the size limit; only the car's caretaker, the board and the
    treasurer add papers; the addition is in the car's history. Nothing is stored otherwise."""
    if by is not None and (by.cooperative_id != vehicle.cooperative_id or not perms.can_upload_documents(by, vehicle)):
        raise NotAllowed(_("Alleen de autobeheerder, het bestuur en de penningmeester voegen papieren toe."))
    if file:
        check_document(file)
    document = VehicleDocument(vehicle=vehicle, kind=kind, title=title.strip(), expires_on=expires_on, uploaded_by=by)
    if file:
        document.file = file
    try:
        document.full_clean()
    except ValidationError as exc:
        raise InvalidVehicle(" ".join(exc.messages)) from None
    document.save()
    summary = _("%(kind)s toegevoegd") % {"kind": document.get_kind_display()}
    if expires_on is not None:
        summary = _("%(kind)s toegevoegd, geldig tot %(date)s") % {
            "kind": document.get_kind_display(),
            "date": date_format(expires_on, "j F Y"),
        }
    event_record(
        vehicle=vehicle,
        kind=VehicleEventKind.DOCUMENT_ADDED,
        by=by,
        summary=summary,
        changes={
            "document": [None, document.pk],
            "kind": [None, document.kind],
            "expires_on": [None, expires_on.isoformat() if expires_on else None],
        },
    )
    return document
