"""The not-for-profit settlement (nacalculatie) of a period (DESIGN "Cost model").

For each car (or the pool, per the statutes) the real cost minus what tariffs brought
in is split over the members who drove, by km (or km and hours), with the largest-remainder
method (`ledger.bulk.allocate_int`, the integer twin of `ledger.allocation.allocate`); the
reserve contribution the ALV decided is added to the pool first. Costs and income not
tied to a car (fees, general claims) and cars nobody drove go to the pool. After posting,
the cooperative's result for the period equals the reserve, to the cent.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.formats import format_date
from members.models import Cooperative, Member, SettlementKey, SettlementScope
from vehicles.models import Vehicle

from .. import bulk
from ..errors import SettlementError
from ..locks import period_lock
from ..models import (
    Account,
    AccountPurpose,
    AccountType,
    LedgerEventKind,
    Period,
    PeriodStatus,
    Posting,
    Settlement,
    SettlementLine,
)
from ..permissions import can_post_settlement, is_settled
from .accounts import account_for, receivable_accounts
from .events import event_record
from .periods import parse_period_label, period_kind_refusal
from .posting import Line, transaction_post


@dataclass
class CarFigures:
    vehicle_id: int
    plate: str = ""
    name: str = ""
    costs_by_category: dict[str, int] = field(default_factory=dict)
    cost_cents: int = 0
    income_cents: int = 0
    km: int = 0
    minutes: int = 0
    to_pool: bool = False

    @property
    def net_cents(self) -> int:
        """What the car cost beyond what its tariffs brought in."""
        return self.cost_cents - self.income_cents

    @property
    def hours(self) -> float:
        """For display only."""
        return self.minutes / 60

    @property
    def cost_per_km_cents(self) -> Fraction | None:
        return Fraction(self.cost_cents, self.km) if self.km else None


@dataclass
class CarShare:
    """One member's use of one car in the period and their part of its difference
    (zero when the car's difference went to the pool)."""

    member_id: int
    car: CarFigures
    km: int
    minutes: int
    paid_cents: int
    difference_cents: int = 0


@dataclass
class MemberShare:
    member_id: int
    name: str = ""
    number: int | None = None
    km: int = 0
    minutes: int = 0
    paid_cents: int = 0
    difference_cents: int = 0
    # How the difference came about: per car driven, plus the member's part of the pool.
    cars: list[CarShare] = field(default_factory=list)
    pool_cents: int = 0

    @property
    def hours(self) -> float:
        """For display only."""
        return self.minutes / 60

    @property
    def share_cents(self) -> int:
        """The member's share of the real cost: what tariffs charged plus the difference."""
        return self.paid_cents + self.difference_cents


@dataclass
class SettlementResult:
    cooperative: Cooperative
    period: Period
    simulate: bool
    key: str
    scope: str
    cars: list[CarFigures]
    members: list[MemberShare]
    cost_cents: int
    income_cents: int
    reserve_cents: int
    pool_cents: int
    # Nobody drove: the period's shortfall taken from the reserve (negative: surplus added).
    from_reserve_cents: int = 0
    settlement: Settlement | None = None
    created: bool = False

    @property
    def total_difference_cents(self) -> int:
        return sum(m.difference_cents for m in self.members)

    @property
    def reserve_surplus_cents(self) -> int:
        """Nobody drove and income exceeded costs: what goes to the reserve."""
        return max(0, -self.from_reserve_cents)

    @property
    def paying_more(self) -> list[MemberShare]:
        """The members who pay more (shown before posting: who gets what on their account)."""
        return [m for m in self.members if m.difference_cents > 0]

    @property
    def getting_back(self) -> list[MemberShare]:
        return [m for m in self.members if m.difference_cents < 0]

    @property
    def paying_more_cents(self) -> int:
        return sum(m.difference_cents for m in self.paying_more)

    @property
    def getting_back_cents(self) -> int:
        return -sum(m.difference_cents for m in self.getting_back)


def period_resolve(*, cooperative: Cooperative, period: Period | str) -> Period:
    """A Period of the cooperative, or its label ("2026-Q3"), created (open) when missing."""
    if isinstance(period, Period):
        if period.cooperative_id != cooperative.pk:
            raise SettlementError(_("Deze periode hoort bij een andere coöperatie."))
        return period
    try:
        kind, starts_on, ends_on = parse_period_label(period)
    except ValueError:
        raise SettlementError(_("Onbekende periode: %(label)s") % {"label": period}) from None
    existing = Period.objects.filter(cooperative=cooperative, label=period.strip()).first()
    if existing is not None:
        return existing
    refusal = period_kind_refusal(cooperative=cooperative, kind=kind, label=period.strip())
    if refusal:
        raise SettlementError(refusal)
    found, _created = Period.objects.get_or_create(
        cooperative=cooperative, label=period.strip(), defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    return found


def _weight(key: str, cooperative: Cooperative, km: int, minutes: int) -> int:
    """The statutes' key as an integer weight: km, or km and hours (scaled by 60 so hours
    count by the minute and every weight stays a whole number; proportions are unchanged)."""
    if key == SettlementKey.KM_HOURS:
        return km * cooperative.settlement_km_weight * 60 + minutes * cooperative.settlement_hour_weight
    return km


def settlement_compute(*, cooperative: Cooperative, period: Period) -> SettlementResult:
    """Every car's and member's figures and each member's difference, without writing.
    A fixed number of queries, whatever the number of members, cars or trips."""
    key, scope = cooperative.settlement_key, cooperative.settlement_scope
    cars: dict[int, CarFigures] = {}
    pool_cost = pool_income = 0
    accounts = {
        pk: (account_type, category)
        for pk, account_type, category in Account.objects.filter(
            cooperative=cooperative, type__in=[AccountType.EXPENSE, AccountType.INCOME]
        )
        .exclude(purpose=AccountPurpose.SETTLEMENT)
        .values_list("pk", "type", "category")
    }
    # Trip charges (the bulk of the postings) are read from TripCharge below; here only
    # the other transactions of the period (costs, fees, claims, corrections).
    totals = (
        Posting.objects.filter(account_id__in=list(accounts), transaction__period_id=period.pk)
        .exclude(transaction__source_key__startswith="trip:")
        .values_list("account_id", "vehicle_id")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    )
    rows = [(*accounts[account_id], vehicle_id, total) for account_id, vehicle_id, total in totals]
    for account_type, category, vehicle_id, total in rows:
        total = int(total)
        if vehicle_id is None:
            if account_type == AccountType.EXPENSE:
                pool_cost += total
            else:
                pool_income -= total
            continue
        car = cars.setdefault(vehicle_id, CarFigures(vehicle_id=vehicle_id))
        if account_type == AccountType.EXPENSE:
            car.cost_cents += total
            cat = category or "other"
            car.costs_by_category[cat] = car.costs_by_category.get(cat, 0) + total
        else:
            car.income_cents -= total

    members: dict[int, MemberShare] = {}
    drivers: dict[int, list[CarShare]] = defaultdict(list)
    for vehicle_id, member_id, km, minutes, paid in bulk.usage_rows(cooperative, period):
        share = members.get(member_id)
        if share is None:
            share = members[member_id] = MemberShare(member_id=member_id)
        share.km += km
        share.minutes += minutes
        share.paid_cents += paid
        found = cars.get(vehicle_id)
        car = found if found is not None else cars.setdefault(vehicle_id, CarFigures(vehicle_id=vehicle_id))
        car.km += km
        car.minutes += minutes
        car.income_cents += paid  # the usage income of the trip transactions
        # One usage row per (car, member): this is the member's only share of this car.
        car_share = CarShare(member_id=member_id, car=car, km=km, minutes=minutes, paid_cents=paid)
        share.cars.append(car_share)
        drivers[vehicle_id].append(car_share)

    for vehicle in Vehicle.objects.filter(pk__in=list(cars)).only("pk", "plate", "make", "model", "nickname"):
        cars[vehicle.pk].plate = vehicle.plate
        cars[vehicle.pk].name = vehicle.nickname or f"{vehicle.make} {vehicle.model}"

    reserve = int(period.reserve_cents)
    pool = pool_cost - pool_income + reserve
    for vehicle_id, car in cars.items():
        car_drivers = drivers.get(vehicle_id, [])
        weights = [_weight(key, cooperative, d.km, d.minutes) for d in car_drivers]
        if scope == SettlementScope.POOL or not car_drivers or sum(weights) == 0:
            car.to_pool = True
            pool += car.net_cents
            continue
        parts = bulk.allocate_int(car.net_cents, weights, keys=[d.member_id for d in car_drivers])
        for driver, part in zip(car_drivers, parts, strict=True):
            members[driver.member_id].difference_cents += part
            driver.difference_cents = part

    from_reserve = 0
    if pool:
        ordered = sorted(members.values(), key=lambda s: s.member_id)
        weights = [_weight(key, cooperative, s.km, s.minutes) for s in ordered]
        if not ordered or sum(weights) == 0:
            # Nobody drove: there is nobody to split over. The reserve carries the period's
            # shortfall (or takes its surplus), and no reserve contribution is collected.
            reserve = 0
            from_reserve = pool - int(period.reserve_cents)
            pool = 0
        else:
            parts = bulk.allocate_int(pool, weights, keys=[s.member_id for s in ordered])
            for share, part in zip(ordered, parts, strict=True):
                share.difference_cents += part
                share.pool_cents = part

    names = Member.objects.filter(pk__in=list(members)).values_list(
        "pk", "number", "user__first_name", "user__last_name", "user__email"
    )
    for pk, number, first, last, email in names:
        members[pk].name = f"{first} {last}".strip() or email
        members[pk].number = number

    total_cost = pool_cost + sum(c.cost_cents for c in cars.values())
    total_income = pool_income + sum(c.income_cents for c in cars.values())
    return SettlementResult(
        cooperative=cooperative,
        period=period,
        simulate=True,
        key=key,
        scope=scope,
        cars=sorted(cars.values(), key=lambda c: (c.plate, c.vehicle_id)),
        members=sorted(members.values(), key=lambda s: (s.name.lower(), s.member_id)),
        cost_cents=total_cost,
        income_cents=total_income,
        reserve_cents=reserve,
        pool_cents=pool,
        from_reserve_cents=from_reserve,
    )


def settlement_result_posted(*, settlement: Settlement) -> SettlementResult:
    """The figures of a posted settlement: recomputed from the books of its period (the
    settlement's own postings are left out), with the posted differences."""
    result = settlement_compute(cooperative=settlement.cooperative, period=settlement.period)
    posted = dict(settlement.lines.values_list("member_id", "difference_cents"))
    for share in result.members:
        share.difference_cents = int(posted.get(share.member_id, 0))
    result.simulate = False
    result.settlement = settlement
    return result


def settlement_refusal(*, period: Period) -> str | None:
    """Why an unsettled period cannot be posted now (closed, or still running), or None
    (the reason behind `permissions.can_post_settlement`)."""
    if can_post_settlement(period, today=timezone.localdate()):
        return None
    if period.is_closed:
        return _("Periode %(period)s is afgesloten.") % {"period": period.label}
    if period.ends_on >= timezone.localdate():
        return _("Periode %(period)s loopt nog; afrekenen kan vanaf %(date)s.") % {
            "period": period.label,
            "date": format_date(period.ends_on + dt.timedelta(days=1)),
        }
    return None


@transaction.atomic
def settlement_run(
    *, cooperative: Cooperative, period: Period | str, simulate: bool = False, posted_by: Member | None = None
) -> SettlementResult:
    """Settle a period: compute every member's difference and, unless `simulate`, post
    it in one transaction.

    Guarantees: the differences add up exactly to cost - income + reserve; posting
    happens at most once per period (the period row is locked; a second run returns the
    posted settlement with `created=False` and writes nothing); a failure half-way
    writes nothing; afterwards the period's result equals its reserve to the cent, the
    reserve is credited to the reserve account (equity to equity, `_appropriate_reserve`)
    and the period is settled: nothing else posts into it (ledger.services.posting).
    Refused for a closed period or one that has not ended yet.
    """
    period = period_resolve(cooperative=cooperative, period=period)
    if simulate:
        return settlement_compute(cooperative=cooperative, period=period)
    period = period_lock(period.pk)
    if is_settled(period):  # read once; the answer is cached on the locked row
        return settlement_result_posted(settlement=period.settlement)
    refusal = settlement_refusal(period=period)
    if refusal:
        raise SettlementError(refusal)
    result = settlement_compute(cooperative=cooperative, period=period)
    txn = None
    lines = _settlement_lines(cooperative, result)
    if lines:
        txn, _created = transaction_post(
            cooperative=cooperative,
            date=period.ends_on,
            description=_("Nacalculatie %(period)s") % {"period": period.label},
            source_key=f"settlement:{period.label}",
            lines=lines,
            created_by=posted_by,
        )
    settlement = Settlement(
        cooperative=cooperative,
        period=period,
        transaction=txn,
        cost_cents=result.cost_cents,
        income_cents=result.income_cents,
        reserve_cents=result.reserve_cents,
        key=result.key,
        scope=result.scope,
        posted_by=posted_by,
        posted_at=timezone.now(),
    )
    settlement.save()
    _insert_lines(settlement, result.members)
    _appropriate_reserve(cooperative, period, result.reserve_cents, posted_by)
    # Settled: from now on only closing it is left; everything else goes to the next open period.
    period.status = PeriodStatus.SETTLED
    period.save(update_fields=["status"])
    event_record(cooperative_id=cooperative.pk, kind=LedgerEventKind.SETTLEMENT_POSTED, by=posted_by, period=period)
    result.simulate = False
    result.settlement = settlement
    result.created = True
    return result


def _appropriate_reserve(cooperative: Cooperative, period: Period, reserve_cents: int, by: Member | None) -> None:
    """Credit the decided reserve to the reserve account (resultaatbestemming). Both sides
    are equity (result -> reserve), so the period's result (income - costs) still reads as
    the reserve; posted with the settlement, before the period is marked settled."""
    if not reserve_cents:
        return
    result_account = account_for(cooperative=cooperative, purpose=AccountPurpose.RESULT)
    reserve = account_for(cooperative=cooperative, purpose=AccountPurpose.RESERVE)
    transaction_post(
        cooperative=cooperative,
        date=period.ends_on,
        description=_("Resultaatbestemming %(period)s: naar de reserve") % {"period": period.label},
        source_key=f"reserve:{period.label}",
        lines=[
            Line(account=result_account, amount_cents=reserve_cents),
            Line(account=reserve, amount_cents=-reserve_cents),
        ],
        created_by=by,
    )


def _settlement_lines(cooperative: Cooperative, result: SettlementResult) -> list[Line]:
    """The postings of a settlement: each member's difference against the settlement
    account (per car, and the pool); or, when nobody drove, the period's result against
    the reserve. The two never meet: with nobody to split over, no member has a difference."""
    if not result.from_reserve_cents and not any(s.difference_cents for s in result.members):
        return []
    settle_account = account_for(cooperative=cooperative, purpose=AccountPurpose.SETTLEMENT)
    if result.from_reserve_cents:
        reserve_account = account_for(cooperative=cooperative, purpose=AccountPurpose.RESERVE)
        return [
            Line(account=reserve_account, amount_cents=result.from_reserve_cents),
            Line(account=settle_account, amount_cents=-result.from_reserve_cents),
        ]
    receivables = receivable_accounts(cooperative=cooperative, member_ids=[s.member_id for s in result.members])
    vehicles = Vehicle.objects.in_bulk([c.vehicle_id for c in result.cars if not c.to_pool])
    lines = [
        # The member comes with the account (its member_id): no Member rows needed.
        Line(account=receivables[s.member_id], amount_cents=s.difference_cents)
        for s in result.members
        if s.difference_cents
    ]
    lines += [
        Line(account=settle_account, amount_cents=-c.net_cents, vehicle=vehicles[c.vehicle_id])
        for c in result.cars
        if not c.to_pool and c.net_cents
    ]
    if result.pool_cents:
        lines.append(Line(account=settle_account, amount_cents=-result.pool_cents))
    return lines


# The fields of an entry of SettlementLine.cars, in order.
CAR_ENTRY = ("vehicle", "km", "minutes", "paid", "difference", "car_cost", "car_km", "via_pool")


def _explained(share: MemberShare, pool_total: int, all_km: int) -> list[list[int | None]]:
    """The member's difference per car driven, and their part of the pool (SettlementLine.cars)."""
    entries: list[list[int | None]] = [
        [
            c.car.vehicle_id,
            c.km,
            c.minutes,
            c.paid_cents,
            c.difference_cents,
            c.car.cost_cents,
            c.car.km,
            int(c.car.to_pool),
        ]
        for c in share.cars
    ]
    if share.pool_cents or pool_total:
        entries.append([None, share.km, share.minutes, 0, share.pool_cents, pool_total, all_km, 0])
    return entries


def _insert_lines(settlement: Settlement, shares: list[MemberShare]) -> None:
    pool_total = sum(s.pool_cents for s in shares)
    all_km = sum(s.km for s in shares)
    rows = [
        (
            settlement.pk,
            s.member_id,
            s.km,
            s.minutes,
            s.paid_cents,
            s.share_cents,
            s.difference_cents,
            _explained(s, pool_total, all_km),
        )
        for s in shares
    ]
    if bulk.use_copy(len(rows)):
        columns = [
            "settlement_id",
            "member_id",
            "km",
            "minutes",
            "paid_cents",
            "share_cents",
            "difference_cents",
            "cars",
        ]
        bulk.copy_rows("ledger_settlementline", columns, [(*row[:-1], json.dumps(row[-1])) for row in rows])
        return
    SettlementLine.objects.bulk_create(
        [
            SettlementLine(
                settlement=settlement,
                member_id=m,
                km=km,
                minutes=minutes,
                paid_cents=paid,
                share_cents=share,
                difference_cents=diff,
                cars=cars,
            )
            for _s, m, km, minutes, paid, share, diff, cars in rows
        ]
    )
