"""Electric cars in the books: the low-battery fee and home-charging claims.

- A trip of an electric car that comes back below the booking rules' battery minimum
  (reservations BookingRules.ev_min_battery_percent) gets the ALV's penalty for too little
  fuel or battery (ledger.penalties, kind LOW_ENERGY, the rate in force at the trip's start):
  once per trip (source "evfee:<trip id>"), announced with the reason, disputable once.
  Called from ledger.receivers when a trip is finished; so is the same penalty for a car
  that is not electric and comes back with less fuel than the rules ask (fuel_penalty_post).
- A member who charged a car at home claims the kWh at the tariff's `per_kwh`, decided by
  the ALV like the other prices: from two meter readings, a charger export (CSV, summed
  here; not stored, as only PDFs and images are kept) or a kWh figure with a photo or PDF.
  It becomes an ordinary expense claim, decided and credited like every other claim.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.uploads import accept_document
from members.models import Member
from reservations.models import FuelLevel, Trip
from reservations.selectors import booking_rules_for
from vehicles.models import Fuel, Vehicle

from .errors import ExpenseError
from .models import CostCategory, Expense, PenaltyKind, Tariff, Transaction
from .penalties import penalty_impose
from .services.tariffs import tariff_in_force

MAX_EXPORT_BYTES = 1024 * 1024
# Column names of chargers' session exports that hold the energy in kWh (lower case).
KWH_COLUMNS = ("kwh", "energy (kwh)", "energie (kwh)", "energy", "energie", "verbruik (kwh)", "total kwh")


def _cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def ev_low_battery_fee_due(*, trip: Trip) -> tuple[int, int] | None:
    """(battery at return, minimum) when the trip broke the battery rule, else None."""
    if trip.vehicle.fuel != Fuel.ELECTRIC or trip.battery_end_percent is None:
        return None
    minimum = booking_rules_for(trip.cooperative).ev_min_battery_percent
    if minimum is None or trip.battery_end_percent >= minimum:
        return None
    return trip.battery_end_percent, minimum


@transaction.atomic
def ev_low_battery_fee_post(*, trip: Trip, by: Member | None = None) -> Transaction | None:
    """Impose the battery penalty on a finished electric trip that came back below the rules'
    minimum: the "te weinig brandstof of accu" penalty the ALV set (ledger.penalties, the rate
    in force at the trip's start), once per trip (source "evfee:<id>"), announced to the member
    with the reason and disputable once like every penalty. None when the rule was kept, the
    trip is unfinished, or the ALV set no such penalty. Returns the penalty's transaction."""
    if trip.ended_at is None:
        return None
    broken = ev_low_battery_fee_due(trip=trip)
    if broken is None:
        return None
    battery, minimum = broken
    penalty = penalty_impose(
        member=trip.member,
        kind=PenaltyKind.LOW_ENERGY,
        reason=_("%(plate)s teruggebracht met %(battery)s%% accu; de regel is minstens %(minimum)s%%.")
        % {"plate": trip.vehicle.plate, "battery": battery, "minimum": minimum},
        source_key=f"evfee:{trip.pk}",
        date=timezone.localdate(trip.started_at),
        reservation=trip.reservation,
        by=by,
    )
    return penalty.transaction if penalty is not None else None


def fuel_penalty_due(*, trip: Trip) -> tuple[str, str] | None:
    """(tank at return, minimum) as labels when a car that is not electric came back with less
    fuel than the booking rules ask, else None."""
    minimum = booking_rules_for(trip.cooperative).min_fuel_at_return
    if trip.vehicle.fuel == Fuel.ELECTRIC or not minimum or not trip.fuel_end:
        return None
    order = list(FuelLevel.values)
    if order.index(trip.fuel_end) >= order.index(minimum):
        return None
    return str(FuelLevel(trip.fuel_end).label), str(FuelLevel(minimum).label)


@transaction.atomic
def fuel_penalty_post(*, trip: Trip, by: Member | None = None) -> Transaction | None:
    """The ALV's penalty for too little fuel, when a finished trip came back below the rules'
    minimum tank (source "fuelfee:<id>", once per trip; announced and disputable like every
    penalty). None when the rule was kept or no such penalty was decided."""
    if trip.ended_at is None:
        return None
    broken = fuel_penalty_due(trip=trip)
    if broken is None:
        return None
    tank, minimum = broken
    penalty = penalty_impose(
        member=trip.member,
        kind=PenaltyKind.LOW_ENERGY,
        reason=_("%(plate)s teruggebracht met tank %(tank)s; de regel is minstens %(minimum)s.")
        % {"plate": trip.vehicle.plate, "tank": tank, "minimum": minimum},
        source_key=f"fuelfee:{trip.pk}",
        date=timezone.localdate(trip.started_at),
        reservation=trip.reservation,
        by=by,
    )
    return penalty.transaction if penalty is not None else None


def _decimal(text: str) -> Decimal | None:
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def charger_export_kwh(file: IO[Any]) -> tuple[Decimal, int]:
    """Total kWh and number of sessions in a charger's CSV export (comma or semicolon;
    the first column whose header names kWh or energy). ExpenseError when unreadable."""
    if getattr(file, "size", 0) > MAX_EXPORT_BYTES:
        raise ExpenseError(_("Het exportbestand is te groot (maximaal 1 MB)."))
    raw = file.read(MAX_EXPORT_BYTES + 1)
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else str(raw)
    except UnicodeDecodeError:
        raise ExpenseError(_("Dit exportbestand kan DEEL niet lezen; kies een CSV-bestand.")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise ExpenseError(_("Het exportbestand is leeg."))
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((header.index(name) for name in KWH_COLUMNS if name in header), None)
    if column is None:
        column = next((i for i, name in enumerate(header) if "kwh" in name), None)
    if column is None:
        raise ExpenseError(_("In het exportbestand staat geen kolom met kWh."))
    total, sessions = Decimal(0), 0
    for row in rows[1:]:
        if len(row) <= column or not row[column].strip():
            continue
        value = _decimal(row[column])
        if value is None or value < 0:
            raise ExpenseError(
                _("Regel %(n)s van het exportbestand heeft geen geldig aantal kWh.") % {"n": sessions + 2}
            )
        total += value
        sessions += 1
    if sessions == 0:
        raise ExpenseError(_("In het exportbestand staan geen laadsessies."))
    return total, sessions


def _rate(*, member: Member, vehicle: Vehicle, on: dt.date) -> Tariff:
    tariff = tariff_in_force(cooperative=member.cooperative, date=on, vehicle_class=vehicle.vehicle_class)
    if tariff is not None and tariff.per_kwh is None and tariff.vehicle_class:
        # A class tariff that says nothing about charging: the general tariff's rate applies.
        tariff = tariff_in_force(cooperative=member.cooperative, date=on)
    if tariff is None or tariff.per_kwh is None:
        raise ExpenseError(_("De ALV heeft nog geen vergoeding per kWh vastgesteld; declareer de bon gewoon."))
    return tariff


@transaction.atomic
def charging_claim_submit(
    *,
    member: Member,
    vehicle: Vehicle,
    charged_on: dt.date,
    kwh: Decimal | None = None,
    meter_start: Decimal | None = None,
    meter_end: Decimal | None = None,
    export_file: IO[Any] | None = None,
    attachment: Any = None,
) -> Expense:
    """A member's claim for charging `vehicle` at home: kWh x the tariff's per_kwh in force
    on `charged_on`, rounded once, half-up. The kWh come from exactly one source: two meter
    readings (end above start), a charger CSV export, or a figure with a photo or PDF as
    proof. Submitted for the treasurer's decision like any claim; nothing is posted yet."""
    if vehicle.cooperative_id != member.cooperative_id:
        raise ExpenseError(_("Deze auto hoort niet bij jouw coöperatie."))
    if vehicle.fuel != Fuel.ELECTRIC:
        raise ExpenseError(_("Alleen het laden van een elektrische auto wordt per kWh vergoed."))
    if charged_on > timezone.localdate():
        raise ExpenseError(_("De datum ligt in de toekomst."))
    sources = [kwh is not None, meter_start is not None or meter_end is not None, export_file is not None]
    if sum(sources) != 1:
        raise ExpenseError(
            _("Geef de kWh op één manier op: meterstanden, een exportbestand of het aantal kWh met bewijs.")
        )
    how = ""
    if meter_start is not None or meter_end is not None:
        if meter_start is None or meter_end is None or meter_end <= meter_start:
            raise ExpenseError(_("Vul beide meterstanden in; de eindstand moet hoger zijn dan de beginstand."))
        kwh = meter_end - meter_start
        how = _("meter %(start)s → %(end)s") % {"start": meter_start, "end": meter_end}
    elif export_file is not None:
        kwh, sessions = charger_export_kwh(export_file)
        how = _("export, %(n)s sessies") % {"n": sessions}
    elif attachment is None:
        raise ExpenseError(_("Voeg een foto of pdf van de laadpaal of het overzicht toe als bewijs."))
    assert kwh is not None
    if kwh <= 0 or kwh > 2000:
        raise ExpenseError(_("Het aantal kWh moet tussen 0 en 2000 liggen."))
    tariff = _rate(member=member, vehicle=vehicle, on=charged_on)
    assert tariff.per_kwh is not None
    amount = _cents(kwh * tariff.per_kwh)
    if amount <= 0:
        raise ExpenseError(_("Het bedrag moet groter zijn dan nul."))
    if attachment is not None:
        attachment = accept_document(attachment)
    description = _("Thuis laden %(plate)s: %(kwh)s kWh à € %(rate)s") % {
        "plate": vehicle.plate,
        "kwh": f"{kwh:.3f}".rstrip("0").rstrip(".").replace(".", ","),
        "rate": f"{tariff.per_kwh:.4f}".rstrip("0").rstrip(".").replace(".", ","),
    }
    expense = Expense(
        cooperative=member.cooperative,
        member=member,
        vehicle=vehicle,
        category=CostCategory.FUEL,
        description=(f"{description} ({how})" if how else description)[:200],
        amount_cents=amount,
        spent_on=charged_on,
        kwh=kwh.quantize(Decimal("0.001")),
        per_kwh=tariff.per_kwh,
    )
    if attachment is not None:
        expense.attachment = attachment
    expense.full_clean()
    expense.save()
    return expense
