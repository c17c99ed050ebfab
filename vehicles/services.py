"""Every write of the vehicles app."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member

from .errors import OdometerDecrease
from .models import OdometerReading, OdometerSource, Vehicle


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
) -> OdometerReading:
    """Record a reading. Guarantees: per vehicle, readings never decrease — the vehicle row
    is locked, then a reading lower than the highest one raises OdometerDecrease (with the
    last known reading in the message) and nothing is stored."""
    vehicle_lock(vehicle=vehicle)
    last = odometer_last_km(vehicle=vehicle)
    if km < 0:
        raise OdometerDecrease(_("Een kilometerstand kan niet negatief zijn."), last_km=last or 0)
    if last is not None and km < last:
        raise OdometerDecrease(
            _("Kilometerstand %(km)s is lager dan de laatst bekende stand van %(last)s km.")
            % {"km": f"{km:,}".replace(",", "."), "last": f"{last:,}".replace(",", ".")},
            last_km=last,
        )
    reading = OdometerReading(
        vehicle=vehicle, km=km, recorded_by=recorded_by, source=source, recorded_at=recorded_at or timezone.now()
    )
    reading.full_clean()
    reading.save()
    return reading
