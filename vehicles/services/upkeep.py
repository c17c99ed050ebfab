"""Maintenance of a car, and the contribution of the member who brought it in."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deel.money import format_cents
from members.models import Member

from .. import permissions as perms
from ..errors import InvalidVehicle, NotAllowed
from ..locks import contribution_lock
from ..models import ContributionKind, MaintenanceEntry, Vehicle, VehicleContribution, VehicleEventKind
from .history import changes_between, event_record, snapshot

# What the maintenance form asks.
MAINTENANCE_FIELDS = ("performed_on", "description", "km", "garage")
# What contribution_set stores (and the history compares).
CONTRIBUTION_FIELDS = (
    "member",
    "contributed_on",
    "agreed_value_cents",
    "depreciation_months",
    "residual_value_cents",
    "kind",
)


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
    """Log maintenance (not in the future), by the car's caretaker or the board; it is in
    the car's history with who logged it."""
    if by is not None and (by.cooperative_id != vehicle.cooperative_id or not perms.can_log_maintenance(by, vehicle)):
        raise NotAllowed(_("Alleen de autobeheerder en het bestuur leggen onderhoud vast."))
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
    event_record(
        vehicle=vehicle,
        kind=VehicleEventKind.MAINTENANCE_LOGGED,
        by=by,
        summary=_("Onderhoud op %(date)s: %(what)s")
        % {"date": date_format(performed_on, "j F Y"), "what": entry.description},
        changes={"maintenance": [None, entry.pk]},
    )
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
    kind: str = ContributionKind.CAPITAL,
) -> VehicleContribution:
    """Record (or correct) which member brought the car in, when, at what agreed value and
    over how many months it is depreciated. Guarantees: the member belongs to the same
    cooperative; 0 <= residual value <= agreed value; only the treasurer and the board set
    it; what changed (old and new) and by whom is in the car's history."""
    if by is not None and (by.cooperative_id != vehicle.cooperative_id or not perms.can_edit_contribution(by)):
        raise NotAllowed(_("Alleen de penningmeester en het bestuur leggen de inbreng vast."))
    if member.cooperative_id != vehicle.cooperative_id:
        raise InvalidVehicle(_("Het lid dat de auto inbrengt moet lid van deze coöperatie zijn."))
    if agreed_value_cents < 0:
        raise InvalidVehicle(_("De afgesproken waarde kan niet negatief zijn."))
    if not 0 <= residual_value_cents <= agreed_value_cents:
        raise InvalidVehicle(_("De restwaarde moet tussen nul en de afgesproken waarde liggen."))
    if depreciation_months < 1:
        raise InvalidVehicle(_("De afschrijvingstermijn is minstens één maand."))
    contribution = contribution_lock(vehicle=vehicle)
    before = snapshot(contribution, CONTRIBUTION_FIELDS) if contribution is not None else {}
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
    changed = changes_between(before, snapshot(contribution, CONTRIBUTION_FIELDS))
    if changed:
        event_record(
            vehicle=vehicle,
            kind=VehicleEventKind.CONTRIBUTION_SET,
            by=by,
            summary=_("Inbreng: %(member)s, %(value)s, %(months)s maanden")
            % {"member": member.name, "value": format_cents(agreed_value_cents), "months": depreciation_months},
            changes=changed,
        )
    return contribution
