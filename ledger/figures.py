"""Figures over time for the charts of the treasurer's dashboard, the member's balance page and
the settlement report: plain numbers (cents, km, minutes) per month or per car, each read in a
fixed number of queries. Drawing them is the reports app's business (reports/charts.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from members.models import Cooperative
from vehicles.models import Vehicle, VehicleStatus

from .models import AccountType, CostCategory, Posting, TripCharge


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the calendar months from `start`'s to `end`'s, in order."""
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def last_months(*, today: dt.date, count: int = 12) -> tuple[dt.date, dt.date]:
    """First day of the month `count - 1` months before `today`'s, and `today`."""
    first = today.replace(day=1)
    for _step in range(count - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first, today


@dataclass
class MonthlyCosts:
    """Car and pool costs per month and cost category, in cents (categories in their fixed order)."""

    months: list[dt.date]
    by_category: dict[str, list[int]] = field(default_factory=dict)

    @property
    def totals(self) -> list[int]:
        return [sum(values[i] for values in self.by_category.values()) for i in range(len(self.months))]


def monthly_costs_by_category(*, cooperative: Cooperative, start: dt.date, end: dt.date) -> MonthlyCosts:
    """What the cooperative's cost accounts were debited per month and category between `start`
    and `end` (corrections net). Costs without a category count as "other". One query."""
    months = months_between(start, end)
    index = {m: i for i, m in enumerate(months)}
    rows = (
        Posting.objects.filter(
            transaction__cooperative=cooperative,
            transaction__date__gte=start,
            transaction__date__lte=end,
            account__type=AccountType.EXPENSE,
        )
        .annotate(month=TruncMonth("transaction__date"))
        .values_list("month", "account__category")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    )
    found: dict[str, list[int]] = {}
    for month, category, total in rows:
        key = category or CostCategory.OTHER
        month_day = month.date() if isinstance(month, dt.datetime) else month
        found.setdefault(key, [0] * len(months))[index[month_day.replace(day=1)]] += int(total)
    ordered = {c: found[c] for c in CostCategory.values if c in found}
    return MonthlyCosts(months=months, by_category=ordered)


@dataclass
class CarUse:
    vehicle: Vehicle
    km: int
    minutes: int


def use_by_car(*, cooperative: Cooperative, start: dt.date, end: dt.date) -> list[CarUse]:
    """Km and hours driven per car (from the charged trips) between `start` and `end`, every car
    in use, by plate. Two queries."""
    totals = {
        vehicle_id: (int(km or 0), int(minutes or 0))
        for vehicle_id, km, minutes in TripCharge.objects.filter(
            cooperative=cooperative, date__gte=start, date__lte=end
        )
        .values_list("vehicle_id")
        .annotate(km=Sum("km"), minutes=Sum("minutes"))
        .values_list("vehicle_id", "km", "minutes")
        .order_by()
    }
    vehicles = Vehicle.objects.filter(cooperative=cooperative).exclude(status=VehicleStatus.RETIRED).order_by("plate")
    return [CarUse(vehicle=v, km=totals.get(v.pk, (0, 0))[0], minutes=totals.get(v.pk, (0, 0))[1]) for v in vehicles]
