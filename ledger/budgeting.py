"""The budget's arithmetic: the tariff it calls for, and the budget against the books.

The tariff calculation (`tariff_calculation`): the costs in the budget plus the planned reserve
must be brought in by the membership fees, the hours and the kilometres expected. The fee and
the price per hour are the board's choice; the price per km is what balances the rest:

    per km = (costs + reserve - fees - hours x per hour) / expected km

rounded half-up to the tariff's four decimals. Charging the expected km at that price (rounded
once to a cent, as every trip is) leaves a difference of at most half a hundredth of a cent per
km; the calculation shows it, to the cent, and the settlement of the year absorbs it like any
other difference between tariff and real cost.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from members.models import Cooperative, Member

from .models import AccountType, Budget, BudgetStatus, CostCategory, Posting, TripCharge

PER_KM_PLACES = Decimal("0.0001")  # Tariff.per_km has four decimals


def cents_of(euros: Decimal) -> int:
    """Euros to whole cents, half-up (the rounding of every posted line)."""
    return int((euros * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass
class CarBudget:
    vehicle_id: int | None
    label: str
    costs: dict[str, int] = field(default_factory=dict)
    expected_km: int = 0
    expected_hours: int = 0

    @property
    def cost_cents(self) -> int:
        return sum(self.costs.values())

    @property
    def cost_rows(self) -> list[tuple[str, int]]:
        """(category label, cents) in the order of the cost categories."""
        return [(str(label), self.costs[value]) for value, label in CostCategory.choices if value in self.costs]

    @property
    def cost_per_km(self) -> Decimal | None:
        """Euro per expected km of this car's own costs (for comparison with the tariff)."""
        if not self.expected_km:
            return None
        return (Decimal(self.cost_cents) / 100 / self.expected_km).quantize(PER_KM_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class TariffCalculation:
    """How the proposed tariff follows from the budget; every amount in cents."""

    cost_cents: int
    reserve_cents: int
    fee_income_cents: int
    hour_income_cents: int
    expected_km: int
    expected_hours: int
    per_km: Decimal
    per_hour: Decimal
    monthly_fee: Decimal
    day_cap: Decimal | None
    expected_members: int
    km_income_cents: int
    cars: list[CarBudget]
    costs_by_category: dict[str, int]

    @property
    def to_bring_in_cents(self) -> int:
        """What the tariffs must bring in: the costs plus the planned reserve."""
        return self.cost_cents + self.reserve_cents

    @property
    def by_km_cents(self) -> int:
        """What is left for the price per km after fees and hours."""
        return self.to_bring_in_cents - self.fee_income_cents - self.hour_income_cents

    @property
    def income_cents(self) -> int:
        return self.fee_income_cents + self.hour_income_cents + self.km_income_cents

    @property
    def difference_cents(self) -> int:
        """Income at the expected use minus what must be brought in (the rounding of the price per km;
        negative when the fees and hours alone bring in more and the price per km is zero)."""
        return self.income_cents - self.to_bring_in_cents

    @property
    def balanced(self) -> bool:
        """The fees and hours do not already bring in more than the budget (price per km zero)."""
        return self.by_km_cents >= 0


def tariff_calculation(budget: Budget) -> TariffCalculation:
    """The tariff the budget calls for (see the module's docstring). Three queries."""
    return calculate(budget, budget_cars(budget))


def calculate(budget: Budget, cars: list[CarBudget]) -> TariffCalculation:
    """The tariff calculation of `budget`'s parameters over these cars (no query)."""
    cost = sum(car.cost_cents for car in cars)
    km = sum(car.expected_km for car in cars)
    hours = sum(car.expected_hours for car in cars)
    fees = cents_of(budget.monthly_fee) * 12 * budget.expected_members
    hour_income = cents_of(budget.per_hour * hours)
    by_km = cost + int(budget.reserve_cents) - fees - hour_income
    if km and by_km > 0:
        per_km = (Decimal(by_km) / 100 / km).quantize(PER_KM_PLACES, rounding=ROUND_HALF_UP)
    else:
        per_km = Decimal("0.0000")
    categories: dict[str, int] = defaultdict(int)
    for car in cars:
        for category, cents in car.costs.items():
            categories[category] += cents
    return TariffCalculation(
        cost_cents=cost,
        reserve_cents=int(budget.reserve_cents),
        fee_income_cents=fees,
        hour_income_cents=hour_income,
        expected_km=km,
        expected_hours=hours,
        per_km=per_km,
        per_hour=budget.per_hour,
        monthly_fee=budget.monthly_fee,
        day_cap=budget.day_cap,
        expected_members=budget.expected_members,
        km_income_cents=cents_of(per_km * km),
        cars=cars,
        costs_by_category=dict(categories),
    )


def budget_cars(budget: Budget) -> list[CarBudget]:
    """The budget per car (and one row without a car for the cooperative's own costs), in the
    order of the cars' plates. Two queries."""
    from vehicles.models import Vehicle

    rows: dict[int | None, CarBudget] = {}
    vehicles = {
        v.pk: v
        for v in Vehicle.objects.filter(cooperative_id=budget.cooperative_id).only(
            "pk", "plate", "nickname", "make", "model"
        )
    }

    def row(vehicle_id: int | None) -> CarBudget:
        if vehicle_id not in rows:
            vehicle = vehicles.get(vehicle_id) if vehicle_id is not None else None
            label = f"{vehicle.plate} {vehicle.nickname or vehicle.make}".strip() if vehicle is not None else ""
            rows[vehicle_id] = CarBudget(vehicle_id=vehicle_id, label=label)
        return rows[vehicle_id]

    for line in budget.lines.all():
        car = row(line.vehicle_id)
        car.costs[line.category] = car.costs.get(line.category, 0) + int(line.amount_cents)
    for use in budget.usage.all():
        car = row(use.vehicle_id)
        car.expected_km, car.expected_hours = use.expected_km, use.expected_hours
    return sorted(rows.values(), key=lambda c: (c.vehicle_id is None, c.label, c.vehicle_id or 0))


# --- the books of a year -------------------------------------------------------------------


@dataclass
class YearActuals:
    """What the books say of a year (up to a day): costs per car and category, km and hours per car."""

    costs: dict[tuple[int | None, str], int]
    km: dict[int, int]
    minutes: dict[int, int]

    def cost_of(self, vehicle_id: int | None) -> int:
        return sum(cents for (vid, _cat), cents in self.costs.items() if vid == vehicle_id)

    def category_total(self, category: str) -> int:
        return sum(cents for (_vid, cat), cents in self.costs.items() if cat == category)

    @property
    def cost_cents(self) -> int:
        return sum(self.costs.values())


def year_actuals(*, cooperative: Cooperative, year: int, until: dt.date | None = None) -> YearActuals:
    """The costs the books carry for `year` (by transaction date, up to `until`), per car and cost
    category, and the km and minutes charged per car. Two queries."""
    first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), until or dt.date(year, 12, 31))
    costs: dict[tuple[int | None, str], int] = defaultdict(int)
    rows = (
        Posting.objects.filter(
            account__cooperative=cooperative,
            account__type=AccountType.EXPENSE,
            transaction__date__gte=first,
            transaction__date__lte=last,
        )
        .values_list("vehicle_id", "account__category")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    )
    for vehicle_id, category, total in rows:
        costs[(vehicle_id, category or CostCategory.OTHER)] += int(total)
    km: dict[int, int] = {}
    minutes: dict[int, int] = {}
    for vehicle_id, total_km, total_minutes in (
        TripCharge.objects.filter(cooperative=cooperative, date__gte=first, date__lte=last)
        .values_list("vehicle_id")
        .annotate(total_km=Sum("km"), total_minutes=Sum("minutes"))
        .order_by()
    ):
        km[vehicle_id], minutes[vehicle_id] = int(total_km), int(total_minutes)
    return YearActuals(costs=dict(costs), km=km, minutes=minutes)


@dataclass
class BudgetComparison:
    """The budget against the books so far, for the treasurer's dashboard and the budget page."""

    year: int
    until: dt.date
    elapsed: Decimal  # share of the year gone, 0..1
    rows: list[tuple[str, int, int]]  # (category, budget cents, actual cents)
    budget_cents: int
    actual_cents: int
    budget_km: int
    actual_km: int

    @property
    def elapsed_percent(self) -> int:
        return int((self.elapsed * 100).to_integral_value(rounding=ROUND_HALF_UP))

    @property
    def spent_share(self) -> Decimal | None:
        if not self.budget_cents:
            return None
        return Decimal(self.actual_cents) / self.budget_cents

    @property
    def ahead(self) -> bool:
        """More spent than the share of the year gone (with a tenth of slack)."""
        share = self.spent_share
        return share is not None and share > self.elapsed + Decimal("0.1")


def budget_comparison(budget: Budget, *, today: dt.date | None = None) -> BudgetComparison:
    """Per cost category: the year's budget and what the books carry so far."""
    today = today or timezone.localdate()
    until = min(today, dt.date(budget.year, 12, 31))
    first = dt.date(budget.year, 1, 1)
    days = (dt.date(budget.year, 12, 31) - first).days + 1
    elapsed = Decimal(max(0, (until - first).days + 1)) / days if until >= first else Decimal(0)
    calculation_cars = budget_cars(budget)
    actuals = year_actuals(cooperative=budget.cooperative, year=budget.year, until=until)
    planned: dict[str, int] = defaultdict(int)
    for car in calculation_cars:
        for category, cents in car.costs.items():
            planned[category] += cents
    rows = [
        (str(label), planned.get(value, 0), actuals.category_total(value))
        for value, label in CostCategory.choices
        if planned.get(value) or actuals.category_total(value)
    ]
    return BudgetComparison(
        year=budget.year,
        until=until,
        elapsed=elapsed.quantize(Decimal("0.001")),
        rows=rows,
        budget_cents=sum(planned.values()),
        actual_cents=actuals.cost_cents,
        budget_km=sum(car.expected_km for car in calculation_cars),
        actual_km=sum(actuals.km.values()),
    )


def budgets_visible(*, cooperative: Cooperative, member: Member) -> QuerySet[Budget]:
    """The cooperative's budgets this member may read: drafts only for the books' readers and
    the board (ledger.permissions.can_see_budget), newest year first."""
    from .permissions import can_read_books, is_board

    budgets = Budget.objects.filter(cooperative=cooperative).select_related("decision", "tariff")
    if can_read_books(member) or is_board(member):
        return budgets
    return budgets.exclude(status=BudgetStatus.DRAFT)
