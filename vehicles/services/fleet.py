"""The car itself: adding it to the pool and changing its facts, status and photo."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from members.models import Cooperative, Member, MemberStatus

from .. import permissions as perms
from ..errors import InvalidVehicle, NotAllowed
from ..locks import vehicle_lock
from ..models import Vehicle, VehicleClass, VehicleEventKind
from ..plates import normalise_plate
from .history import changes_between, event_record, field_labels, snapshot
from .uploads import check_image

# Fields a caretaker or the board may change with vehicle_update (the car form shows
# exactly these, and the photo).
VEHICLE_EDITABLE_FIELDS = (
    "plate",
    "nickname",
    "make",
    "model",
    "fuel",
    "vehicle_class",
    "seats",
    "address",
    "location_note",
    "status",
    "buffer_minutes",
    "caretaker",
    "notes",
)
EDITABLE_FIELDS = VEHICLE_EDITABLE_FIELDS  # the older name


def _check_caretaker(cooperative_id: int, caretaker: Member | None) -> None:
    if caretaker is None:
        return
    if caretaker.cooperative_id != cooperative_id or caretaker.status != MemberStatus.ACTIVE:
        raise InvalidVehicle(_("De autobeheerder moet een actief lid van deze coöperatie zijn."))


def _save_vehicle(vehicle: Vehicle) -> Vehicle:
    try:
        vehicle.plate = normalise_plate(vehicle.plate)
    except ValidationError as exc:
        raise InvalidVehicle(exc.messages[0]) from None
    clash = Vehicle.objects.filter(cooperative_id=vehicle.cooperative_id, plate=vehicle.plate).exclude(pk=vehicle.pk)
    if clash.exists():
        raise InvalidVehicle(_("Er staat al een auto met kenteken %(plate)s in de pool.") % {"plate": vehicle.plate})
    try:
        vehicle.full_clean()
    except ValidationError as exc:
        raise InvalidVehicle(" ".join(exc.messages)) from None
    try:
        with transaction.atomic():
            vehicle.save()
    except IntegrityError:
        raise InvalidVehicle(_("Deze gegevens passen niet; controleer kenteken en zitplaatsen.")) from None
    return vehicle


@transaction.atomic
def vehicle_create(
    *,
    cooperative: Cooperative,
    by: Member | None,
    plate: str,
    make: str,
    model: str,
    fuel: str,
    address: str,
    seats: int = 5,
    vehicle_class: str = VehicleClass.MEDIUM,
    nickname: str = "",
    location_note: str = "",
    buffer_minutes: int = 15,
    caretaker: Member | None = None,
    notes: str = "",
    photo: Any = None,
) -> Vehicle:
    """Add a car to the pool. Guarantees: the plate is a valid Dutch kenteken, stored in
    its dashed form and unique within the cooperative; the caretaker is an active member
    of the same cooperative; a photo is a real image within the size limit; `by` (None:
    the system) is a board member and is recorded in the car's history. Nothing is stored
    when a check fails."""
    if by is not None and (by.cooperative_id != cooperative.pk or not perms.can_add_vehicle(by)):
        raise NotAllowed(_("Alleen het bestuur kan een auto aan de pool toevoegen."))
    _check_caretaker(cooperative.pk, caretaker)
    if photo:
        check_image(photo)
    vehicle = Vehicle(
        cooperative=cooperative,
        plate=plate,
        make=make.strip(),
        model=model.strip(),
        fuel=fuel,
        vehicle_class=vehicle_class,
        seats=seats,
        address=address.strip(),
        location_note=location_note.strip(),
        nickname=nickname.strip(),
        buffer_minutes=buffer_minutes,
        caretaker=caretaker,
        notes=notes,
    )
    if photo:
        vehicle.photo = photo
    _save_vehicle(vehicle)
    event_record(
        vehicle=vehicle,
        kind=VehicleEventKind.CREATED,
        by=by,
        summary=_("%(car)s (%(plate)s) in de pool gezet") % {"car": vehicle.short_name, "plate": vehicle.plate},
        changes={name: [None, value] for name, value in snapshot(vehicle, VEHICLE_EDITABLE_FIELDS).items()},
    )
    return vehicle


@transaction.atomic
def vehicle_update(*, vehicle: Vehicle, by: Member | None, photo: Any = None, **changes: Any) -> Vehicle:
    """Change a car's facts (VEHICLE_EDITABLE_FIELDS) and optionally its photo, with the
    same guarantees as vehicle_create. Only the car's caretaker and the board change a car,
    only the board its caretaker. What changed (old and new value) and by whom is recorded
    in the car's history: a status change as its own event."""
    unknown = set(changes) - set(VEHICLE_EDITABLE_FIELDS)
    if unknown:
        raise InvalidVehicle(_("Deze gegevens kunnen niet worden gewijzigd: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "caretaker" in changes:
        _check_caretaker(vehicle.cooperative_id, changes["caretaker"])
    if photo:
        check_image(photo)
    locked = vehicle_lock(vehicle=vehicle)
    if by is not None:
        if by.cooperative_id != locked.cooperative_id or not perms.can_edit_vehicle(by, locked):
            raise NotAllowed(_("Alleen de autobeheerder en het bestuur kunnen deze auto wijzigen."))
        new_caretaker = changes["caretaker"].pk if changes.get("caretaker") else None
        if "caretaker" in changes and new_caretaker != locked.caretaker_id and not perms.can_assign_caretaker(by):
            raise NotAllowed(_("Alleen het bestuur kiest wie een auto verzorgt."))
    before = snapshot(locked, (*changes, "photo"))
    status_before = locked.get_status_display()
    for name, value in changes.items():
        setattr(locked, name, value.strip() if isinstance(value, str) and name != "notes" else value)
    if photo:
        locked.photo = photo
    _save_vehicle(locked)
    for name in (*changes, "photo"):
        setattr(vehicle, name, getattr(locked, name))
    changed = changes_between(before, snapshot(locked, (*changes, "photo")))
    status_change = changed.pop("status", None)
    if status_change is not None:
        event_record(
            vehicle=locked,
            kind=VehicleEventKind.STATUS_CHANGED,
            by=by,
            summary=_("Status: %(old)s → %(new)s") % {"old": status_before, "new": locked.get_status_display()},
            changes={"status": status_change},
        )
    if changed:
        event_record(
            vehicle=locked,
            kind=VehicleEventKind.UPDATED,
            by=by,
            summary=_("Gewijzigd: %(fields)s") % {"fields": field_labels(Vehicle, changed)},
            changes=changed,
        )
    return locked
