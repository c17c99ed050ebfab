"""Every write of the vehicles app."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.formats import format_thousands
from deel.uploads import validate_document_upload, validate_image_upload
from members.models import Cooperative, Member, MemberStatus

from .errors import InvalidDamageStep, InvalidVehicle, OdometerDecrease, OdometerImplausible, UploadRejected
from .models import (
    DamagePhoto,
    DamageReport,
    DamageStatus,
    MaintenanceEntry,
    OdometerReading,
    OdometerSource,
    Vehicle,
    VehicleContribution,
    VehicleDocument,
)
from .plates import normalise_plate

MAX_DAMAGE_PHOTOS = 6
# A member's own odometer check may not jump further than this above the last reading
# (a typo such as 973.780 for 97.378 would block every later reading); the car's caretaker
# and the board are trusted with any reading.
MAX_CHECK_JUMP_KM = 5_000

# Fields a caretaker or the board may change with vehicle_update.
EDITABLE_FIELDS = (
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


def vehicle_lock(*, vehicle: Vehicle) -> Vehicle:
    """Lock the vehicle row for the rest of the transaction (SELECT ... FOR UPDATE on
    PostgreSQL; on SQLite the IMMEDIATE transaction already holds the write lock)."""
    return Vehicle.objects.select_for_update().get(pk=vehicle.pk)


def odometer_last_km(*, vehicle: Vehicle) -> int | None:
    return OdometerReading.objects.filter(vehicle=vehicle).aggregate(m=Max("km"))["m"]


@transaction.atomic
def odometer_record(
    *,
    vehicle: Vehicle,
    km: int,
    recorded_by: Member | None,
    source: str = OdometerSource.CHECK,
    recorded_at: dt.datetime | None = None,
    max_jump_km: int | None = None,
) -> OdometerReading:
    """Record a reading. Guarantees: per vehicle, readings never decrease — the vehicle row
    is locked, then a reading lower than the highest one raises OdometerDecrease (with the
    last known reading in the message) and nothing is stored. With `max_jump_km`, a reading
    that far above the last one is refused as a likely typo (it would block every later
    reading of the car)."""
    vehicle_lock(vehicle=vehicle)
    last = odometer_last_km(vehicle=vehicle)
    if km < 0:
        raise OdometerDecrease(_("Een kilometerstand kan niet negatief zijn."), last_km=last or 0)
    if last is not None and km < last:
        raise OdometerDecrease(
            _("Kilometerstand %(km)s is lager dan de laatst bekende stand van %(last)s km.")
            % {"km": format_thousands(km), "last": format_thousands(last)},
            last_km=last,
        )
    if max_jump_km is not None and last is not None and km - last > max_jump_km:
        raise OdometerImplausible(
            _(
                "Kilometerstand %(km)s is meer dan %(max)s km hoger dan de laatst bekende stand van %(last)s km. "
                "Controleer de teller; klopt het toch, vraag dan de autobeheerder de stand door te geven."
            )
            % {"km": format_thousands(km), "max": format_thousands(max_jump_km), "last": format_thousands(last)}
        )
    reading = OdometerReading(
        vehicle=vehicle, km=km, recorded_by=recorded_by, source=source, recorded_at=recorded_at or timezone.now()
    )
    reading.full_clean()
    reading.save()
    return reading


# --- uploads ----------------------------------------------------------------------------


def _check_image(file) -> None:
    try:
        validate_image_upload(file)
    except ValidationError as exc:
        raise UploadRejected(exc.messages[0]) from None


def validate_document_file(file) -> None:
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


def _check_document(file) -> None:
    try:
        validate_document_file(file)
    except ValidationError as exc:
        raise UploadRejected(exc.messages[0]) from None


# --- the car itself ---------------------------------------------------------------------


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
    vehicle_class: str = "medium",
    nickname: str = "",
    location_note: str = "",
    buffer_minutes: int = 15,
    caretaker: Member | None = None,
    notes: str = "",
    photo=None,
) -> Vehicle:
    """Add a car to the pool. Guarantees: the plate is a valid Dutch kenteken, stored in
    its dashed form and unique within the cooperative; the caretaker is an active member
    of the same cooperative; a photo is a real image within the size limit. Nothing is
    stored when a check fails."""
    _check_caretaker(cooperative.pk, caretaker)
    if photo:
        _check_image(photo)
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
    return _save_vehicle(vehicle)


@transaction.atomic
def vehicle_update(*, vehicle: Vehicle, by: Member | None, photo=None, **changes) -> Vehicle:
    """Change a car's facts (EDITABLE_FIELDS) and optionally its photo, with the same
    guarantees as vehicle_create."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidVehicle(_("Deze gegevens kunnen niet worden gewijzigd: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "caretaker" in changes:
        _check_caretaker(vehicle.cooperative_id, changes["caretaker"])
    if photo:
        _check_image(photo)
    locked = vehicle_lock(vehicle=vehicle)
    for name, value in changes.items():
        setattr(locked, name, value.strip() if isinstance(value, str) and name != "notes" else value)
    if photo:
        locked.photo = photo
    _save_vehicle(locked)
    for name in (*changes, "photo"):
        setattr(vehicle, name, getattr(locked, name))
    return locked


# --- papers -----------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *,
    vehicle: Vehicle,
    kind: str,
    by: Member | None,
    title: str = "",
    expires_on: dt.date | None = None,
    file=None,
) -> VehicleDocument:
    """Store a car document (policy, APK report, registration). Guarantees: the file is
    a PDF or an image within the size limit; nothing is stored otherwise."""
    if file:
        _check_document(file)
    document = VehicleDocument(vehicle=vehicle, kind=kind, title=title.strip(), expires_on=expires_on, uploaded_by=by)
    if file:
        document.file = file
    try:
        document.full_clean()
    except ValidationError as exc:
        raise InvalidVehicle(" ".join(exc.messages)) from None
    document.save()
    return document


# --- damage -----------------------------------------------------------------------------


@transaction.atomic
def damage_report(*, vehicle: Vehicle, reported_by: Member, description: str, photos=()) -> DamageReport:
    """A member reports damage, with up to MAX_DAMAGE_PHOTOS photos. Guarantees: every
    photo is a real image within the size limit, checked before anything is stored."""
    description = (description or "").strip()
    if not description:
        raise InvalidVehicle(_("Beschrijf de schade: wat, waar op de auto, en sinds wanneer."))
    photos = list(photos or ())
    if len(photos) > MAX_DAMAGE_PHOTOS:
        raise UploadRejected(_("Maximaal %(n)s foto's per melding.") % {"n": MAX_DAMAGE_PHOTOS})
    for photo in photos:
        _check_image(photo)
    report = DamageReport(vehicle=vehicle, reported_by=reported_by, description=description)
    report.full_clean()
    report.save()
    for photo in photos:
        DamagePhoto.objects.create(report=report, image=photo)
    return report


DAMAGE_STEPS = {
    DamageStatus.REPORTED: {DamageStatus.ASSESSED, DamageStatus.REPAIRED},
    DamageStatus.ASSESSED: {DamageStatus.REPAIRED},
    DamageStatus.REPAIRED: set(),
}


@transaction.atomic
def damage_set_status(*, report: DamageReport, status: str, by: Member | None, assessment: str = "") -> DamageReport:
    """The caretaker moves a damage report forward: reported -> assessed -> repaired
    (never back). The repair date is recorded."""
    locked = DamageReport.objects.select_for_update().get(pk=report.pk)
    if status not in DAMAGE_STEPS.get(locked.status, set()):
        raise InvalidDamageStep(
            _("Een schademelding met status “%(now)s” kan niet naar “%(new)s”.")
            % {
                "now": locked.get_status_display(),
                "new": DamageStatus(status).label if status in DamageStatus.values else status,
            }
        )
    locked.status = status
    if assessment.strip():
        locked.assessment = assessment.strip()
    if status == DamageStatus.REPAIRED:
        locked.repaired_at = timezone.now()
    locked.full_clean()
    locked.save()
    return locked


# --- maintenance and contribution ------------------------------------------------------------


@transaction.atomic
def maintenance_add(
    *,
    vehicle: Vehicle,
    performed_on: dt.date,
    description: str,
    by: Member | None,
    km: int | None = None,
    garage: str = "",
) -> MaintenanceEntry:
    """Log maintenance. Not in the future."""
    if performed_on > timezone.localdate():
        raise InvalidVehicle(_("Onderhoud kan niet in de toekomst liggen."))
    entry = MaintenanceEntry(
        vehicle=vehicle,
        performed_on=performed_on,
        description=description.strip(),
        km=km,
        garage=garage.strip(),
        recorded_by=by,
    )
    try:
        entry.full_clean()
    except ValidationError as exc:
        raise InvalidVehicle(" ".join(exc.messages)) from None
    entry.save()
    return entry


@transaction.atomic
def contribution_set(
    *,
    vehicle: Vehicle,
    member: Member,
    contributed_on: dt.date,
    agreed_value_cents: int,
    by: Member | None,
    depreciation_months: int = 60,
    residual_value_cents: int = 0,
    kind: str = "capital",
) -> VehicleContribution:
    """Record (or correct) which member brought the car in, when, at what agreed value and
    over how many months it is depreciated. Guarantees: the member belongs to the same
    cooperative; 0 <= residual value <= agreed value."""
    if member.cooperative_id != vehicle.cooperative_id:
        raise InvalidVehicle(_("Het lid dat de auto inbrengt moet lid van deze coöperatie zijn."))
    if agreed_value_cents < 0:
        raise InvalidVehicle(_("De afgesproken waarde kan niet negatief zijn."))
    if not 0 <= residual_value_cents <= agreed_value_cents:
        raise InvalidVehicle(_("De restwaarde moet tussen nul en de afgesproken waarde liggen."))
    if depreciation_months < 1:
        raise InvalidVehicle(_("De afschrijvingstermijn is minstens één maand."))
    contribution = VehicleContribution.objects.select_for_update().filter(vehicle=vehicle).first()
    if contribution is None:
        contribution = VehicleContribution(vehicle=vehicle)
    contribution.member = member
    contribution.contributed_on = contributed_on
    contribution.agreed_value_cents = agreed_value_cents
    contribution.depreciation_months = depreciation_months
    contribution.residual_value_cents = residual_value_cents
    contribution.kind = kind
    contribution.full_clean()
    contribution.save()
    return contribution
