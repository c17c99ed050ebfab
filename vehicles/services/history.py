"""The car's history: one append-only VehicleEvent per change a service makes, with who made it.

Only `event_record` writes events; nothing updates or deletes them (database triggers
refuse it, the admin only shows them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.db.models.fields.files import FieldFile

from members.models import Member

from ..models import Vehicle, VehicleEvent

JSONValue = str | int | float | bool | None


def _jsonable(value: Any) -> JSONValue:
    """A field value as the history stores it: plain values as they are, a date as ISO
    text, a related row (a member) by its display name, a file by its stored name."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, Model):
        return str(value)
    return str(value)


def snapshot(instance: Model, fields: Iterable[str]) -> dict[str, JSONValue]:
    """The values of `fields` on `instance`, as the history stores them."""
    return {name: _jsonable(getattr(instance, name)) for name in fields}


def changes_between(before: dict[str, JSONValue], after: dict[str, JSONValue]) -> dict[str, list[JSONValue]]:
    """Per changed field: [old, new]."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def field_labels(model: type[Model], names: Iterable[str]) -> str:
    """The Dutch names of the fields, for a summary ("bijnaam, standplaats (adres)")."""
    return ", ".join(str(getattr(model._meta.get_field(name), "verbose_name", name)) for name in names)


def event_record(
    *,
    vehicle: Vehicle,
    kind: str,
    by: Member | None,
    summary: str,
    changes: dict[str, Any] | None = None,
) -> VehicleEvent:
    """Append one event to the car's history (`by=None`: the system or the platform admin)."""
    return VehicleEvent.objects.create(
        vehicle=vehicle,
        cooperative_id=vehicle.cooperative_id,
        kind=kind,
        actor=by,
        summary=summary[:200],
        changes=changes or {},
    )
