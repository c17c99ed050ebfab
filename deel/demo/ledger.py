"""Demo data of the books: a year of the demo cooperative.

Tariffs (linked to the ALV decision the governance demo leaves in ctx.extra), the trips
of the reservations demo charged, monthly fees, approved fuel claims (the last three
weeks' claims stay open for the treasurer), car costs and depreciation, every completed
quarter settled and closed, the current quarter open, and monthly statements.
Deterministic (ctx.rng) and idempotent: every step books once per source key.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from governance.models import Decision
from ledger.models import CarCost, CostCategory, Expense, ExpenseStatus, Period, PeriodStatus, Tariff
from ledger.services import (
    car_cost_create,
    depreciation_post_month,
    expense_approve,
    fees_charge_month,
    month_end,
    month_start,
    period_bounds,
    period_close,
    period_resolve,
    period_set_reserve,
    settlement_run,
    statements_issue,
    tariff_create,
    trips_charge_pending,
)
from members.models import Cooperative, Member
from vehicles.models import Fuel, Vehicle, VehicleClass

from .members import DemoContext

QUARTER_RESERVE_CENTS = 15000  # "Per kwartaal wordt € 150 gereserveerd" (governance demo)


def seed(ctx: DemoContext) -> None:
    today = timezone.localdate()
    # From the start of the quarter a year back: every completed quarter gets settled.
    _label, first_month, _end = period_bounds("quarter", month_start(today, -12))
    if ctx.coop is not None and ctx.treasurer is not None:
        _seed_coop(ctx, ctx.coop, ctx.treasurer, ctx.vehicles, first_month, today, full=True)
    if ctx.second is not None:
        second_treasurer = next((m for m in ctx.second_members if _is_treasurer(m)), None)
        _seed_coop(ctx, ctx.second, second_treasurer, ctx.second_vehicles, first_month, today, full=False)


def _is_treasurer(member: Member) -> bool:
    return member.roles.filter(role="treasurer").exists()


def _seed_coop(
    ctx: DemoContext,
    coop: Cooperative,
    treasurer: Member | None,
    vehicles: list[Vehicle],
    first_month: dt.date,
    today: dt.date,
    *,
    full: bool,
) -> None:
    _tariffs(ctx, coop, treasurer, first_month, full=full)
    trips_charge_pending(cooperative=coop)
    month = first_month
    while month <= today:
        fees_charge_month(cooperative=coop, month=month)
        if month_end(month) < today:
            depreciation_post_month(cooperative=coop, month=month)
        month = month_start(month, 1)
    if treasurer is not None:
        _approve_claims(coop, treasurer, today)
    if full and not CarCost.objects.filter(cooperative=coop).exists():
        _car_costs(ctx, coop, vehicles or list(Vehicle.objects.filter(cooperative=coop)), first_month, today, treasurer)
    if full and treasurer is not None:
        _settle_quarters(ctx, coop, treasurer, first_month, today)
    _statements(coop, first_month, today)
    if full and treasurer is not None:
        _budgets(ctx, coop, treasurer, today)


def _budgets(ctx: DemoContext, coop: Cooperative, treasurer: Member, today: dt.date) -> None:
    """This year's budget, adopted with this year's tariffs (so the dashboard compares it with the
    books), and next year's, drawn up from this year's books and on the upcoming ALV's agenda.
    The demo's ALV was convened earlier in this same seed, so the budget is linked to its tariff
    proposal directly (a real board proposes it before the convocation: ledger.services.budget)."""
    from ledger.budgeting import year_actuals
    from ledger.models import Budget, BudgetEvent, BudgetEventKind, BudgetStatus
    from ledger.services.budget import budget_car_set, budget_create, budget_update

    if not Budget.objects.filter(cooperative=coop, year=today.year).exists():
        current = budget_create(cooperative=coop, year=today.year, by=treasurer)
        actual = year_actuals(cooperative=coop, year=today.year)
        share_gone = Decimal((today - dt.date(today.year, 1, 1)).days + 1) / 365
        for vehicle in Vehicle.objects.filter(cooperative=coop).order_by("pk"):
            costs = {
                category: int(Decimal(cents) / share_gone * Decimal(ctx.rng.choice(["0.9", "1.0", "1.05"])))
                for (vid, category), cents in actual.costs.items()
                if vid == vehicle.pk and cents > 0
            }
            km = int(Decimal(actual.km.get(vehicle.pk, 0)) / share_gone)
            hours = int(Decimal(actual.minutes.get(vehicle.pk, 0)) / 60 / share_gone)
            budget_car_set(
                budget=current, by=treasurer, vehicle=vehicle, costs=costs, expected_km=km, expected_hours=hours
            )
        tariff = Tariff.objects.filter(cooperative=coop, valid_from__year=today.year, vehicle_class="").first()
        decision = ctx.extra.get("tariff_decision")
        Budget.objects.filter(pk=current.pk).update(status=BudgetStatus.ADOPTED, decision=decision, tariff=tariff)
        BudgetEvent.objects.create(budget=current, kind=BudgetEventKind.ADOPTED, note=getattr(decision, "number", ""))
    year = ctx.extra.get("budget_year")
    proposal = ctx.extra.get("next_tariff_proposal")
    if proposal is None:  # a rerun: the governance demo made the upcoming ALV before
        from governance.models import Proposal, ProposalKind

        proposal = (
            Proposal.objects.filter(
                item__meeting__cooperative=coop,
                item__meeting__starts_at__gt=timezone.now(),
                kind=ProposalKind.TARIFF,
                amends__isnull=True,
            )
            .select_related("item__meeting")
            .order_by("item__meeting__starts_at")
            .first()
        )
        if proposal is not None:
            held = timezone.localtime(proposal.item.meeting.starts_at)
            year = held.year + 1 if held.month >= 7 else held.year
    if year and year != today.year and not Budget.objects.filter(cooperative=coop, year=year).exists():
        upcoming = budget_create(cooperative=coop, year=year, by=treasurer)
        in_force = Tariff.objects.filter(cooperative=coop, vehicle_class="").order_by("-valid_from").first()
        budget_update(
            budget=upcoming,
            by=treasurer,
            reserve_cents=4 * QUARTER_RESERVE_CENTS,
            per_hour=in_force.per_hour if in_force else Decimal("0"),
            day_cap=in_force.day_cap if in_force else None,
            monthly_fee=in_force.monthly_fee if in_force else Decimal("0"),
            expected_members=upcoming.expected_members,
            valid_from=dt.date(year, 1, 1),
        )
        if proposal is not None:
            Budget.objects.filter(pk=upcoming.pk).update(status=BudgetStatus.PROPOSED, proposal=proposal)
            BudgetEvent.objects.create(budget=upcoming, kind=BudgetEventKind.PROPOSED, by=proposal.submitted_by)


def _tariffs(
    ctx: DemoContext, coop: Cooperative, treasurer: Member | None, first_month: dt.date, *, full: bool
) -> None:
    """The tariffs in force over the demo year. The tariffs the assembly decided in the
    system (governance demo) take effect on the first of the month after the meeting;
    before that, the cooperative's earlier tariffs apply, decided on paper."""
    if Tariff.objects.filter(cooperative=coop).exists():
        return
    decision: Decision | None = ctx.extra.get("tariff_decision") if full else None
    if decision is not None and decision.cooperative_id != coop.pk:
        decision = None
    paper = "ALV-besluit tarieven (verwijzing, zie notulen)"
    decided_from = month_start(decision.decided_on, 1) if decision is not None else first_month
    if decided_from > first_month:
        _tariff_set(
            coop, first_month, None, "ALV-besluit tarieven 2025 (notulen op papier)", treasurer, full=full, older=True
        )
    _tariff_set(
        coop, max(decided_from, first_month), decision, "" if decision is not None else paper, treasurer, full=full
    )


def _tariff_set(
    coop: Cooperative,
    valid_from: dt.date,
    decision: Decision | None,
    reference: str,
    treasurer: Member | None,
    *,
    full: bool,
    older: bool = False,
) -> None:
    # The earlier tariffs were two cents a kilometre lower.
    km_less = Decimal("0.0200") if older else Decimal("0")
    tariff_create(
        cooperative=coop,
        valid_from=valid_from,
        per_km=Decimal("0.2400") - km_less,
        per_hour=Decimal("1.2500"),
        day_cap=Decimal("25.00"),
        monthly_fee=Decimal("5.00"),
        per_kwh=Decimal("0.2900"),  # home charging of the electric cars, paid back per kWh
        decision=decision,
        decision_reference=reference,
        created_by=treasurer,
    )
    if full:
        tariff_create(
            cooperative=coop,
            valid_from=valid_from,
            vehicle_class=VehicleClass.LARGE,
            per_km=Decimal("0.2900") - km_less,
            per_hour=Decimal("1.5000"),
            day_cap=Decimal("30.00"),
            monthly_fee=Decimal("5.00"),
            decision=decision,
            decision_reference=reference,
            created_by=treasurer,
        )


def _approve_claims(coop: Cooperative, treasurer: Member, today: dt.date) -> None:
    """Claims older than three weeks are approved (booked a few days after the receipt);
    the recent ones wait on the treasurer's dashboard."""
    cutoff = today - dt.timedelta(days=21)
    claims = Expense.objects.filter(cooperative=coop, status=ExpenseStatus.SUBMITTED, spent_on__lt=cutoff)
    for claim in claims.exclude(member=treasurer).select_related("cooperative", "member", "vehicle").order_by("pk"):
        expense_approve(expense=claim, by=treasurer, on=min(claim.spent_on + dt.timedelta(days=3), today))


def _car_costs(
    ctx: DemoContext,
    coop: Cooperative,
    vehicles: list[Vehicle],
    first_month: dt.date,
    today: dt.date,
    treasurer: Member | None,
) -> None:
    rng = ctx.rng
    for vehicle in vehicles:
        size = {"small": 0.8, "medium": 1.0, "large": 1.3, "van": 1.4}.get(vehicle.vehicle_class, 1.0)
        premium = int(rng.randint(60000, 90000) * size)
        car_cost_create(
            vehicle=vehicle,
            category=CostCategory.INSURANCE,
            description="Jaarpremie all-risk",
            amount_cents=premium,
            incurred_on=first_month,
            spread_months=12,
            created_by=treasurer,
        )
        road_tax = 0 if vehicle.fuel == Fuel.ELECTRIC else int(rng.randint(9000, 16000) * size)
        for q in range(4):
            date = month_start(first_month, 3 * q)
            if road_tax and date < today:
                car_cost_create(
                    vehicle=vehicle,
                    category=CostCategory.ROAD_TAX,
                    description="Motorrijtuigenbelasting kwartaal",
                    amount_cents=road_tax,
                    incurred_on=date,
                    created_by=treasurer,
                )
        apk = month_start(first_month, rng.randint(1, 9)) + dt.timedelta(days=rng.randint(2, 20))
        car_cost_create(
            vehicle=vehicle,
            category=CostCategory.APK,
            description="APK-keuring",
            amount_cents=rng.randint(4500, 7000),
            incurred_on=apk,
            created_by=treasurer,
        )
        for _n in range(2):
            day = first_month + dt.timedelta(days=rng.randint(10, 330))
            if day < today:
                car_cost_create(
                    vehicle=vehicle,
                    category=CostCategory.MAINTENANCE,
                    description=rng.choice(["Kleine beurt", "Grote beurt", "Banden gewisseld", "Ruitenwissers"]),
                    amount_cents=rng.randint(8000, 42000),
                    incurred_on=day,
                    created_by=treasurer,
                )
        if rng.random() < 0.5:
            day = first_month + dt.timedelta(days=rng.randint(30, 300))
            car_cost_create(
                vehicle=vehicle,
                category=CostCategory.REPAIR,
                description=rng.choice(["Ruit vervangen", "Uitlaat gerepareerd", "Accu vervangen"]),
                amount_cents=rng.randint(9000, 38000),
                incurred_on=day,
                created_by=treasurer,
            )


def _settle_quarters(
    ctx: DemoContext, coop: Cooperative, treasurer: Member, first_month: dt.date, today: dt.date
) -> None:
    """Every completed quarter of the demo year: reserve, settlement, closing."""
    reference = "ALV: reservebijdrage € 150 per kwartaal"
    decision = ctx.extra.get("reserve_decision")
    if decision is not None:
        reference = f"{decision.number} {decision.title}"[:200]
    label, start, end = period_bounds("quarter", first_month)
    while end < today:
        if start >= first_month:
            period = period_resolve(cooperative=coop, period=label)
            if period.status == PeriodStatus.OPEN and not hasattr(period, "settlement"):
                period_set_reserve(
                    period=period, amount_cents=QUARTER_RESERVE_CENTS, decision_reference=reference, by=treasurer
                )
                settlement_run(cooperative=coop, period=period, posted_by=treasurer)
            period = Period.objects.get(pk=period.pk)
            if not period.is_closed:
                period_close(period=period, by=treasurer)
        label, start, end = period_bounds("quarter", end + dt.timedelta(days=1))


def _statements(coop: Cooperative, first_month: dt.date, today: dt.date) -> None:
    month = first_month
    while month_end(month) < today:
        statements_issue(cooperative=coop, period_start=month, period_end=month_end(month))
        month = month_start(month, 1)
