"""Odometer readings: per car they never decrease."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.formats import format_thousands
from members.models import Member

from .. import permissions as perms
from ..errors import NotAllowed, OdometerDecrease, OdometerImplausible
from ..locks import vehicle_lock
from ..models import OdometerReading, OdometerSource, Vehicle, VehicleEventKind
from .history import event_record


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


@transaction.atomic
def odometer_check(*, vehicle: Vehicle, km: int, by: Member) -> OdometerReading:
    """A member reads the counter off the car page. Guarantees those of odometer_record;
    a member's reading more than MAX_CHECK_JUMP_KM above the last one is refused
    (OdometerImplausible), the car's caretaker and the board may enter any reading
    (permissions.can_enter_any_odometer_jump), and theirs is recorded in the car's history."""
    if by.cooperative_id != vehicle.cooperative_id or not perms.can_record_odometer(by):
        raise NotAllowed(_("Je kunt geen kilometerstand doorgeven voor deze auto."))
    reading = odometer_record(
        vehicle=vehicle,
        km=km,
        recorded_by=by,
        source=OdometerSource.CHECK,
        max_jump_km=perms.odometer_max_jump_km(by, vehicle),
    )
    if perms.can_enter_any_odometer_jump(by, vehicle):
        event_record(
            vehicle=vehicle,
            kind=VehicleEventKind.ODOMETER_SET,
            by=by,
            summary=_("Kilometerstand %(km)s km doorgegeven") % {"km": format_thousands(km)},
            changes={"km": [None, km]},
        )
    return reading
