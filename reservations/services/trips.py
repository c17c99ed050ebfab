"""Trips: odometer at start and end, receipts, damage.

A reservation becomes a trip when its member records the odometer at the start; the trip
is finished with the end reading (`trip_finished` is sent inside the transaction so the
ledger charges it). Receipts are sent as `receipt_added` (the ledger turns them into
expense claims). Readings go through vehicles.services.odometer_record, which keeps the
car's readings from ever decreasing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.uploads import accept_image
from members.models import Member
from vehicles.models import DamageReport, OdometerSource
from vehicles.services import damage_report, odometer_last_km, odometer_record, vehicle_lock

from .. import locks, permissions, selectors
from ..errors import TripError, TripPhotosMissing
from ..models import (
    FuelLevel,
    Receipt,
    ReceiptKind,
    Reservation,
    ReservationEventKind,
    ReservationStatus,
    Trip,
    TripPhoto,
    TripPhotoStage,
)
from ..signals import receipt_added, trip_finished
from .booking import as_utc, record_event, reservation_set_return

# Set from rows loaded under the vehicle lock; not validated again (a query each).
TRIP_FKS = ["reservation", "cooperative", "vehicle", "member"]
# A trip can be started this long before the booking begins (picking up the key).
EARLY_START = dt.timedelta(hours=1)
# Photos of the car at pick-up or at return, at most.
MAX_TRIP_PHOTOS = 6


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _photos_checked(photos, *, rules, when: str) -> list:
    """The trip photos, each a real image (deel.uploads), at least the rules' minimum."""
    files = list(photos or ())
    if len(files) > MAX_TRIP_PHOTOS:
        raise TripError(_("Maximaal %(n)s foto's per keer.") % {"n": MAX_TRIP_PHOTOS})
    if len(files) < rules.trip_photos_min:
        raise TripPhotosMissing(
            _("Maak minstens %(n)s foto's van de auto %(when)s.") % {"n": rules.trip_photos_min, "when": when},
            required=rules.trip_photos_min,
        )
    return [photo if isinstance(photo, str) else accept_image(photo) for photo in files]


def _battery(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 100:
        raise TripError(_("Vul het accupercentage in als getal van 0 tot 100."))
    return value


def _store_photos(trip: Trip, files: list, *, stage: str, by: Member) -> None:
    for image in files:
        TripPhoto.objects.create(trip=trip, stage=stage, image=image, uploaded_by=by)


@transaction.atomic
def trip_start(
    *,
    reservation: Reservation,
    odometer_km: int,
    by: Member,
    now: dt.datetime | None = None,
    battery_percent: int | None = None,
    photos=(),
) -> Trip:
    """Start the trip of a booking: the reading must be at least the car's last reading
    (OdometerDecrease from vehicles otherwise). One trip per reservation. An electric
    car's battery at pick-up and photos of the car are kept with the trip (the rules may
    require a number of photos: TripPhotosMissing)."""
    _require(permissions.can_record_trip(by, reservation))
    now = now or timezone.now()
    r, vehicle = locks.reservation_with_car_lock(reservation=reservation)
    if not permissions.is_open_trip_booking(r):
        raise TripError(_("Op deze reservering kan geen rit (meer) worden gestart."))
    if permissions.has_trip(r):
        raise TripError(_("De rit van deze reservering is al gestart."))
    if now < r.starts_at - EARLY_START:
        raise TripError(_("Deze reservering begint pas later; start de rit bij het ophalen van de auto."))
    files = _photos_checked(photos, rules=selectors.booking_rules_for(r.cooperative), when=_("bij het ophalen"))
    odometer_record(vehicle=vehicle, km=odometer_km, recorded_by=by, source=OdometerSource.TRIP_START, recorded_at=now)
    trip = Trip(
        reservation=r,
        cooperative_id=r.cooperative_id,
        vehicle=vehicle,
        member=r.member,
        started_at=r.starts_at,
        odometer_start_km=odometer_km,
        battery_start_percent=_battery(battery_percent),
    )
    trip.full_clean(exclude=TRIP_FKS, validate_unique=False, validate_constraints=False)
    trip.save()
    _store_photos(trip, files, stage=TripPhotoStage.START, by=by)
    note = f"{odometer_km} km" + (f", {battery_percent}%" if battery_percent is not None else "")
    record_event(r, ReservationEventKind.TRIP_STARTED, by=by, at=now, note=note)
    return trip


@transaction.atomic
def trip_end(
    *,
    trip: Trip,
    odometer_km: int,
    by: Member,
    returned_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
    battery_percent: int | None = None,
    fuel_level: str = "",
    photos=(),
    damage_description: str = "",
    damage_photos=(),
) -> Trip:
    """Finish a trip: end reading above the start reading. `returned_at` (when the car came
    back, if not at the booked end) shortens or extends the booking, or records a late
    return (see reservation_set_return). The reservation becomes COMPLETED and
    `trip_finished` is sent inside the transaction (ledger charges the trip and, for an
    electric car returned below the rules' minimum, the low-battery fee).

    In the same step: the battery (electric) or tank level, photos of the car, and a damage
    report with its photos (vehicles.services.damage_report, linked to the trip)."""
    _require(permissions.can_record_trip(by, trip.reservation))
    now = now or timezone.now()
    files = _photos_checked(photos, rules=selectors.booking_rules_for(trip.cooperative), when=_("bij het terugbrengen"))
    if fuel_level and fuel_level not in FuelLevel.values:
        raise TripError(_("Kies hoe vol de tank is."))
    vehicle = vehicle_lock(vehicle=trip.vehicle)
    locks.reservation_lock(reservation=trip.reservation)
    trip = locks.trip_lock(trip=trip)
    if trip.odometer_end_km is not None:
        raise TripError(_("Deze rit is al afgesloten."))
    if odometer_km <= trip.odometer_start_km:
        raise TripError(
            _("De eindstand moet hoger zijn dan de beginstand (%(km)s km).")
            % {"km": f"{trip.odometer_start_km:,}".replace(",", ".")}
        )
    reservation = trip.reservation
    if returned_at is not None and as_utc(returned_at) != reservation.ends_at:
        reservation = reservation_set_return(reservation=reservation, returned_at=returned_at, by=by)
    ended_at = reservation.returned_at or reservation.ends_at
    odometer_record(vehicle=vehicle, km=odometer_km, recorded_by=by, source=OdometerSource.TRIP_END, recorded_at=now)
    trip.odometer_end_km = odometer_km
    trip.ended_at = ended_at
    trip.battery_end_percent = _battery(battery_percent)
    trip.fuel_end = fuel_level
    trip.full_clean(exclude=TRIP_FKS, validate_unique=False, validate_constraints=False)
    trip.save()
    _store_photos(trip, files, stage=TripPhotoStage.END, by=by)
    if damage_description.strip() or damage_photos:
        report = damage_report(vehicle=vehicle, reported_by=by, description=damage_description, photos=damage_photos)
        trip.damage_reports.add(report)
        record_event(reservation, ReservationEventKind.DAMAGE_REPORTED, by=by, at=now)
    Reservation.objects.filter(pk=reservation.pk).update(
        status=ReservationStatus.COMPLETED, sequence=reservation.sequence + 1, updated_at=now
    )
    trip.reservation.status = ReservationStatus.COMPLETED
    note = f"{odometer_km} km" + (f", {battery_percent}%" if battery_percent is not None else "")
    record_event(reservation, ReservationEventKind.TRIP_ENDED, by=by, at=now, note=note)
    trip_finished.send(sender=Trip, trip=trip)
    return trip


def suggested_start_km(reservation: Reservation) -> int | None:
    """The car's last reading, suggested in the start form."""
    return odometer_last_km(vehicle=reservation.vehicle)


@transaction.atomic
def receipt_add(
    *,
    trip: Trip,
    by: Member,
    amount_cents: int,
    paid_on: dt.date,
    photo,
    kind: str = ReceiptKind.FUEL,
    litres: Decimal | None = None,
    kwh: Decimal | None = None,
) -> Receipt:
    """Add a fuel or charging receipt to a trip (before or after it ends). The photo must be
    a JPEG/PNG/WebP by its content (deel.uploads.accept_image raises UploadRejected), and is
    stored under a generated name; a str is the name of a file already in storage (the demo
    shares one picture), served by its content like any other. Sends `receipt_added`
    inside the transaction."""
    _require(permissions.can_record_trip(by, trip.reservation))
    if amount_cents <= 0:
        raise TripError(_("Het bedrag moet groter zijn dan nul."))
    if not isinstance(photo, str):
        photo = accept_image(photo)
    receipt = Receipt(
        trip=trip,
        member=trip.member,
        kind=kind,
        amount_cents=amount_cents,
        paid_on=paid_on,
        photo=photo,
        litres=litres,
        kwh=kwh,
    )
    receipt.full_clean(exclude=["trip", "member"], validate_constraints=False)
    receipt.save()
    record_event(trip.reservation, ReservationEventKind.RECEIPT_ADDED, by=by, note=receipt.get_kind_display())
    receipt_added.send(sender=Receipt, receipt=receipt)
    return receipt


@transaction.atomic
def trip_report_damage(*, trip: Trip, by: Member, description: str, photos=()) -> DamageReport:
    """Report damage found during a trip through vehicles.services.damage_report (which
    checks the description and photos), and link the report to the trip."""
    _require(permissions.can_record_trip(by, trip.reservation))
    report = damage_report(vehicle=trip.vehicle, reported_by=by, description=description, photos=photos)
    trip.damage_reports.add(report)
    record_event(trip.reservation, ReservationEventKind.DAMAGE_REPORTED, by=by)
    return report
