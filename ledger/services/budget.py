"""The budget (begroting) and the tariff proposal made from it (ledger.budgeting does the sums)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from deel.money import format_cents
from governance.models import AgendaItem, Decision
from members.models import Cooperative, Member, MemberStatus
from vehicles.models import Vehicle, VehicleStatus

from ..budgeting import TariffCalculation, tariff_calculation, year_actuals
from ..errors import BudgetError, TariffError
from ..models import Budget, BudgetEvent, BudgetEventKind, BudgetLine, BudgetStatus, BudgetUsage, CostCategory, Tariff
from ..permissions import can_edit_budget, can_propose_budget
from .tariffs import tariff_create, tariff_in_force


def _record(budget: Budget, kind: str, by: Member | None, note: str = "") -> None:
    BudgetEvent.objects.create(budget=budget, kind=kind, by=by, note=note[:200])


def _locked(budget: Budget) -> Budget:
    return Budget.objects.select_for_update().get(pk=budget.pk)


@transaction.atomic
def budget_create(*, cooperative: Cooperative, year: int, by: Member) -> Budget:
    """Draw up the budget of `year` (treasurer only), started from the books: each car's costs
    per category and its km and hours of the year before, and the tariff in force on 1 January
    for the fee and the price per hour. One budget per year (the database refuses a second)."""
    if not can_edit_budget(by) or by.cooperative_id != cooperative.pk:
        raise BudgetError(_("Alleen de penningmeester stelt de begroting op."), code="not_allowed")
    if Budget.objects.filter(cooperative=cooperative, year=year).exists():
        raise BudgetError(_("Er is al een begroting voor %(year)s.") % {"year": year}, code="exists")
    start = dt.date(year, 1, 1)
    tariff: Tariff | None = tariff_in_force(cooperative=cooperative, date=start) or tariff_in_force(
        cooperative=cooperative, date=dt.date(year - 1, 12, 31)
    )
    budget = Budget(
        cooperative=cooperative,
        year=year,
        valid_from=start,
        per_hour=tariff.per_hour if tariff else Decimal("0"),
        day_cap=tariff.day_cap if tariff else None,
        monthly_fee=tariff.monthly_fee if tariff else Decimal("0"),
        expected_members=Member.objects.filter(cooperative=cooperative, status=MemberStatus.ACTIVE).count(),
        created_by=by,
    )
    budget.full_clean()
    budget.save()
    before = year_actuals(cooperative=cooperative, year=year - 1)
    cars = set(
        Vehicle.objects.filter(cooperative=cooperative, status=VehicleStatus.ACTIVE).values_list("pk", flat=True)
    )
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(budget=budget, vehicle_id=vehicle_id, category=category, amount_cents=cents)
            for (vehicle_id, category), cents in sorted(before.costs.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1]))
            if cents > 0 and (vehicle_id is None or vehicle_id in cars)
        ]
    )
    BudgetUsage.objects.bulk_create(
        [
            BudgetUsage(
                budget=budget,
                vehicle_id=vehicle_id,
                expected_km=before.km.get(vehicle_id, 0),
                expected_hours=round(before.minutes.get(vehicle_id, 0) / 60),
            )
            for vehicle_id in sorted(cars)
        ]
    )
    _record(budget, BudgetEventKind.CREATED, by, _("op basis van %(year)s") % {"year": year - 1})
    return budget


def _assert_editable(budget: Budget, by: Member) -> None:
    if by.cooperative_id != budget.cooperative_id or not can_edit_budget(by):
        raise BudgetError(_("Alleen de penningmeester wijzigt de begroting."), code="not_allowed")
    if not budget.is_draft:
        raise BudgetError(
            _("Deze begroting ligt al bij de ALV en verandert niet meer; maak zo nodig een amendement."),
            code="not_draft",
        )


@transaction.atomic
def budget_update(
    *,
    budget: Budget,
    by: Member,
    reserve_cents: int,
    per_hour: Decimal,
    day_cap: Decimal | None,
    monthly_fee: Decimal,
    expected_members: int,
    valid_from: dt.date,
) -> Budget:
    """Change a draft's reserve and tariff parameters (treasurer only)."""
    locked = _locked(budget)
    _assert_editable(locked, by)
    locked.reserve_cents, locked.per_hour, locked.day_cap = reserve_cents, per_hour, day_cap
    locked.monthly_fee, locked.expected_members, locked.valid_from = monthly_fee, expected_members, valid_from
    locked.full_clean()
    locked.save()
    _record(locked, BudgetEventKind.CHANGED, by, _("reserve en tariefuitgangspunten"))
    return locked


@transaction.atomic
def budget_car_set(
    *,
    budget: Budget,
    by: Member,
    vehicle: Vehicle | None,
    costs: dict[str, int],
    expected_km: int = 0,
    expected_hours: int = 0,
) -> Budget:
    """Set one car's (or, without a car, the cooperative's own) budget lines and expected use."""
    locked = _locked(budget)
    _assert_editable(locked, by)
    if vehicle is not None and vehicle.cooperative_id != locked.cooperative_id:
        raise BudgetError(_("Deze auto hoort bij een andere coöperatie."), code="not_allowed")
    unknown = set(costs) - set(CostCategory.values)
    if unknown or any(cents < 0 for cents in costs.values()):
        raise BudgetError(_("Een begrotingsbedrag is nul of meer, per bekende kostensoort."), code="amount")
    BudgetLine.objects.filter(budget=locked, vehicle=vehicle).delete()
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(budget=locked, vehicle=vehicle, category=category, amount_cents=cents)
            for category, cents in sorted(costs.items())
            if cents
        ]
    )
    if vehicle is not None:
        BudgetUsage.objects.update_or_create(
            budget=locked, vehicle=vehicle, defaults={"expected_km": expected_km, "expected_hours": expected_hours}
        )
    label = vehicle.plate if vehicle is not None else _("algemeen")
    _record(locked, BudgetEventKind.CHANGED, by, f"{label}: {format_cents(sum(costs.values()))}")
    return locked


def proposal_text(budget: Budget, calculation: TariffCalculation) -> str:
    """The tariff proposal as the ALV reads it (and the register records), with its calculation."""
    lines = [
        _("De ALV stelt de begroting %(year)s vast en daarmee het tarief vanaf %(date)s:")
        % {"year": budget.year, "date": f"{budget.valid_from:%d-%m-%Y}"},
        _("- per km: € %(per_km)s") % {"per_km": f"{calculation.per_km:.4f}".replace(".", ",")},
        _("- per uur: € %(per_hour)s") % {"per_hour": f"{calculation.per_hour:.2f}".replace(".", ",")},
    ]
    if calculation.day_cap is not None:
        lines.append(
            _("- maximum uurtarief per dag: € %(cap)s") % {"cap": f"{calculation.day_cap:.2f}".replace(".", ",")}
        )
    lines += [
        _("- contributie per maand: € %(fee)s") % {"fee": f"{calculation.monthly_fee:.2f}".replace(".", ",")},
        "",
        _("Berekening: kosten %(cost)s plus reserve %(reserve)s = %(total)s.")
        % {
            "cost": format_cents(calculation.cost_cents),
            "reserve": format_cents(calculation.reserve_cents),
            "total": format_cents(calculation.to_bring_in_cents),
        },
        _(
            "Contributie %(fees)s (%(members)s leden x 12 maanden) en uren %(hours)s (%(n)s uur) "
            "brengen samen %(both)s op;"
        )
        % {
            "fees": format_cents(calculation.fee_income_cents),
            "members": calculation.expected_members,
            "hours": format_cents(calculation.hour_income_cents),
            "n": calculation.expected_hours,
            "both": format_cents(calculation.fee_income_cents + calculation.hour_income_cents),
        },
        _(
            "de rest, %(rest)s, over %(km)s verwachte km geeft € %(per_km)s per km "
            "(opbrengst %(income)s, verschil %(diff)s)."
        )
        % {
            "rest": format_cents(calculation.by_km_cents),
            "km": calculation.expected_km,
            "per_km": f"{calculation.per_km:.4f}".replace(".", ","),
            "income": format_cents(calculation.km_income_cents),
            "diff": format_cents(calculation.difference_cents),
        },
    ]
    return "\n".join(lines)


@transaction.atomic
def budget_propose(*, budget: Budget, item: AgendaItem, by: Member) -> Budget:
    """Put a draft on an ALV's agenda item as a tariff proposal, its calculation in the text
    (board or treasurer). From now on the budget does not change; the ALV's decision on the
    proposal adopts it and sets its tariff (`budget_decided`), or sends it back as a draft."""
    from governance.models import ProposalKind
    from governance.services import proposal_create

    locked = _locked(budget)
    if by.cooperative_id != locked.cooperative_id or not can_propose_budget(by, locked):
        raise BudgetError(_("Alleen het bestuur legt een conceptbegroting voor aan de ALV."), code="not_allowed")
    if item.meeting.cooperative_id != locked.cooperative_id:
        raise BudgetError(_("Deze vergadering hoort bij een andere coöperatie."), code="meeting")
    calculation = tariff_calculation(locked)
    if not calculation.expected_km:
        raise BudgetError(_("Vul eerst de verwachte kilometers per auto in."), code="no_km")
    if Tariff.objects.filter(cooperative=locked.cooperative, valid_from=locked.valid_from, vehicle_class="").exists():
        raise BudgetError(
            _("Er is al een tarief vanaf %(date)s; kies een andere ingangsdatum.")
            % {"date": f"{locked.valid_from:%d-%m-%Y}"},
            code="exists",
        )
    proposal = proposal_create(
        item=item,
        by=by,
        kind=ProposalKind.TARIFF,
        title=_("Begroting en tarieven %(year)s") % {"year": locked.year},
        text=proposal_text(locked, calculation),
        explanation=_("De volledige begroting per auto en kostensoort staat in DEEL bij Begroting %(year)s.")
        % {"year": locked.year},
    )
    locked.proposal = proposal
    locked.status = BudgetStatus.PROPOSED
    locked.save(update_fields=["proposal", "status", "updated_at"])
    _record(locked, BudgetEventKind.PROPOSED, by, str(item.meeting))
    return locked


@transaction.atomic
def budget_decided(*, decision: Decision) -> Budget | None:
    """The ALV decided on a budget's proposal: adopted, the budget is adopted and its tariff is
    recorded from its valid-from date, linked to the decision; rejected, it is a draft again.
    Once per decision (a replay changes nothing). None when the decision is not about a budget."""
    ballot = decision.ballot
    if ballot is None:
        return None
    found = Budget.objects.select_for_update().filter(proposal_id=ballot.proposal_id).first()
    if found is None or found.status != BudgetStatus.PROPOSED:
        return found
    if not decision.adopted:
        found.status, found.proposal = BudgetStatus.DRAFT, None
        found.save(update_fields=["status", "proposal", "updated_at"])
        _record(found, BudgetEventKind.REJECTED, decision.recorded_by, decision.number)
        return found
    calculation = tariff_calculation(found)
    note = decision.number
    tariff = None
    # What the budget does not set (the home-charging rate) stays as it was; penalty rates run on
    # from the earlier tariff until a tariff sets a new amount (ledger.penalties).
    before = tariff_in_force(cooperative=found.cooperative, date=found.valid_from - dt.timedelta(days=1))
    try:
        with transaction.atomic():
            tariff = tariff_create(
                cooperative=found.cooperative,
                valid_from=found.valid_from,
                per_km=calculation.per_km,
                per_hour=found.per_hour,
                day_cap=found.day_cap,
                monthly_fee=found.monthly_fee,
                per_kwh=before.per_kwh if before is not None else None,
                decision=decision,
                created_by=decision.recorded_by,
            )
    except TariffError as exc:
        # The vote stands whatever the books say; the treasurer records the tariff by hand.
        note = f"{decision.number}: {exc.message}"
    found.status, found.decision, found.tariff = BudgetStatus.ADOPTED, decision, tariff
    found.save(update_fields=["status", "decision", "tariff", "updated_at"])
    _record(found, BudgetEventKind.ADOPTED, decision.recorded_by, note)
    return found
