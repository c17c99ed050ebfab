"""Tariffs and pricing a trip (DESIGN "Cost model")."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deel.money import limit_message
from governance.models import Decision, DecisionBody
from members.models import Cooperative, Member, TariffBody

from ..errors import TariffAmountRefused, TariffDecisionRefused, TariffError
from ..models import LedgerEventKind, Tariff
from .events import event_record

# What the treasurer fills in for a tariff (TariffForm's fields; the service takes them as keywords).
TARIFF_EDITABLE_FIELDS = [
    "valid_from",
    "vehicle_class",
    "per_km",
    "per_hour",
    "day_cap",
    "monthly_fee",
    "per_kwh",
    "decision",
    "decision_reference",
]

HOUR_SECONDS = 3600
DAY_SECONDS = 24 * HOUR_SECONDS


@transaction.atomic
def tariff_create(
    *,
    cooperative: Cooperative,
    valid_from: dt.date,
    per_km: Decimal,
    per_hour: Decimal = Decimal("0"),
    day_cap: Decimal | None = None,
    monthly_fee: Decimal = Decimal("0"),
    per_kwh: Decimal | None = None,
    vehicle_class: str = "",
    decision: Decision | None = None,
    decision_reference: str = "",
    created_by: Member | None = None,
) -> Tariff:
    """Record a tariff set by a decision. Guarantees: one tariff per date and vehicle class,
    linked to an adopted decision of the body the statutes name (tariff_decision_check), or,
    dated before the cooperative's start in DEEL, to a written reference; who recorded
    it is kept on the tariff and as a LedgerEvent (the tariffs page shows it)."""
    if decision is None and not decision_reference.strip():
        raise TariffError(_("Vermeld het besluit waarmee dit tarief is vastgesteld."))
    if decision is not None and decision.cooperative_id != cooperative.pk:
        raise TariffError(_("Dit besluit hoort bij een andere coöperatie."))
    tariff_decision_check(cooperative=cooperative, valid_from=valid_from, decision=decision)
    amounts = {
        "per_km": per_km,
        "per_hour": per_hour,
        "day_cap": day_cap,
        "monthly_fee": monthly_fee,
        "per_kwh": per_kwh,
    }
    for kind, amount in amounts.items():
        if amount is None:
            continue
        if amount < 0:
            raise TariffAmountRefused(_("Een tarief kan niet negatief zijn."), field=kind)
        too_much = limit_message(kind, amount * 100)
        if too_much:
            raise TariffAmountRefused(too_much, field=kind)
    if Tariff.objects.filter(cooperative=cooperative, valid_from=valid_from, vehicle_class=vehicle_class).exists():
        raise TariffError(_("Er is al een tarief vanaf deze datum voor deze klasse."))
    tariff = Tariff(
        cooperative=cooperative,
        valid_from=valid_from,
        per_km=per_km,
        per_hour=per_hour,
        day_cap=day_cap,
        monthly_fee=monthly_fee,
        per_kwh=per_kwh,
        vehicle_class=vehicle_class,
        decision=decision,
        decision_reference=decision_reference.strip(),
        created_by=created_by,
    )
    tariff.full_clean()
    tariff.save()
    event_record(cooperative_id=cooperative.pk, kind=LedgerEventKind.TARIFF_CREATED, by=created_by, tariff=tariff)
    return tariff


def tariff_body_allows(cooperative: Cooperative, body: str) -> bool:
    """The statutes name who sets tariffs: the ALV (or all members in writing, 2:40, which
    stands for an ALV decision) or the board."""
    if cooperative.tariff_body == TariffBody.BOARD:
        return body == DecisionBody.BOARD
    return body in (DecisionBody.ALV, DecisionBody.WRITTEN)


def tariff_decision_check(*, cooperative: Cooperative, valid_from: dt.date, decision: Decision | None) -> None:
    """A tariff links to an adopted decision, not replaced by a new vote (2:13 lid 2), of the
    body the statutes name. Only a tariff dated before the cooperative's start in DEEL
    (Cooperative.deel_start) may instead refer in words to a decision taken before DEEL.
    The database trigger on ledger_tariff checks the same."""
    if decision is None:
        if valid_from >= cooperative.deel_start:
            raise TariffDecisionRefused(
                _(
                    "Kies het besluit uit het besluitenregister. Alleen een tarief van vóór %(date)s (de start in "
                    "DEEL) mag naar een besluit van daarvoor verwijzen."
                )
                % {"date": date_format(cooperative.deel_start, "j F Y")},
                code="decision_required",
            )
        return
    if not decision.adopted:
        raise TariffDecisionRefused(_("Dit besluit is niet aangenomen."), code="not_adopted")
    if Decision.objects.filter(replaces=decision).exists():
        raise TariffDecisionRefused(
            _("Over dit besluit is opnieuw gestemd; kies het besluit van de nieuwe stemming."), code="replaced"
        )
    if not tariff_body_allows(cooperative, decision.body):
        raise TariffDecisionRefused(
            _("Volgens de statuten stelt %(body)s de tarieven vast; dit besluit is van een ander orgaan.")
            % {"body": TariffBody(cooperative.tariff_body).label.lower()},
            code="wrong_body",
        )


def tariff_in_force(*, cooperative: Cooperative, date: dt.date, vehicle_class: str = "") -> Tariff | None:
    """The tariff in force on `date`: the latest one of the vehicle's class, else the latest
    one for all classes (a class tariff stays in force until the next tariff of that class)."""
    return pick_tariff(tariffs_valid_on(cooperative=cooperative, date=date), vehicle_class)


def tariffs_valid_on(*, cooperative: Cooperative, date: dt.date) -> list[Tariff]:
    """Every tariff that started on or before `date`, newest first (one query; a
    cooperative has a handful). `pick_tariff` chooses among them per vehicle class."""
    return list(
        Tariff.objects.filter(cooperative=cooperative, valid_from__lte=date)
        .select_related("decision")
        .order_by("-valid_from", "pk")
    )


def pick_tariff(candidates: list[Tariff], vehicle_class: str = "") -> Tariff | None:
    """Of `candidates` (newest first): the class's own tariff, else the one for all classes."""
    if vehicle_class:
        for tariff in candidates:
            if tariff.vehicle_class == vehicle_class:
                return tariff
    for tariff in candidates:
        if tariff.vehicle_class == "":
            return tariff
    return None


def elapsed_seconds(starts_at: dt.datetime, ends_at: dt.datetime) -> int:
    """Real elapsed time between two aware datetimes (a DST night has 23 or 25 hours).
    Both go to UTC first: Python subtracts two datetimes of one time zone on the wall clock."""
    return int((ends_at.astimezone(dt.UTC) - starts_at.astimezone(dt.UTC)).total_seconds())


def trip_amount_cents(tariff: Tariff, *, starts_at: dt.datetime, ends_at: dt.datetime, km: int) -> int:
    """What a trip from `starts_at` to `ends_at` over `km` costs at `tariff`: the charge of a
    finished trip (ledger.services.trips) and every estimate shown before booking."""
    return trip_price_cents(tariff, km=km, seconds=elapsed_seconds(starts_at, ends_at))


def hours_price(tariff: Tariff, seconds: int) -> Decimal:
    """Hour price of a trip of `seconds` real elapsed time, the day cap applied per 24 hours."""
    per_hour = tariff.per_hour
    full_days, rest = divmod(max(seconds, 0), DAY_SECONDS)
    day_price = per_hour * 24
    rest_price = per_hour * Decimal(rest) / HOUR_SECONDS
    if tariff.day_cap is not None:
        day_price = min(day_price, tariff.day_cap)
        rest_price = min(rest_price, tariff.day_cap)
    return day_price * full_days + rest_price


def trip_price_cents(tariff: Tariff, *, km: int, seconds: int) -> int:
    """The trip's price in cents: km and hours at the tariff, rounded once, half-up."""
    euros = tariff.per_km * km + hours_price(tariff, seconds)
    return int((euros * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def euros_to_cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
