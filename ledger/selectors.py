"""Reading the books: balances, statements, dashboards. Every read is scoped to a cooperative."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deel.formats import format_minutes_clock, format_thousands
from deel.money import format_cents
from members.models import Cooperative, Member, MemberRole, Role
from reservations.models import Trip
from vehicles.models import Vehicle

# The figures over time behind the charts live in their own module; other apps read them here.
from .figures import CarUse as CarUse
from .figures import MonthlyCosts as MonthlyCosts
from .figures import last_months as last_months
from .figures import monthly_costs_by_category as monthly_costs_by_category
from .figures import months_between as months_between
from .figures import use_by_car as use_by_car
from .models import (
    AccountPurpose,
    AccountType,
    CarCost,
    DisputeOutcome,
    Expense,
    ExpenseStatus,
    LedgerEvent,
    PenaltyDispute,
    PenaltyKind,
    PenaltyRate,
    Period,
    PeriodStatus,
    Posting,
    SettlementLine,
    Statement,
    StatementLine,
    StatementLineKind,
    Tariff,
    TripCharge,
)


def member_balance_cents(*, member: Member) -> int:
    """The member's current account balance: positive = the member owes the cooperative."""
    total = Posting.objects.filter(account__purpose=AccountPurpose.RECEIVABLE, account__member=member).aggregate(
        total=Sum("amount_cents")
    )["total"]
    return int(total or 0)


def balances_by_member(*, cooperative: Cooperative) -> dict[int, int]:
    """Member id -> balance (positive = owes) of every member with postings, in one query."""
    rows = (
        Posting.objects.filter(account__cooperative=cooperative, account__purpose=AccountPurpose.RECEIVABLE)
        .values("account__member_id")
        .annotate(total=Sum("amount_cents"))
        .values_list("account__member_id", "total")
    )
    return {member_id: int(total) for member_id, total in rows if member_id is not None}


def billed_balances_by_member(*, cooperative: Cooperative) -> dict[int, int]:
    """Member id -> what the member owes of what a statement has billed them (positive =
    owes), in one query: the balance without the charges no statement has shown yet.
    Credits count at once (a payment lowers what is owed before it is on a statement), and
    so does the reversal of a credit (a returned debit or refund makes the billed amount
    owed again). What a direct debit may collect: a member is never debited for a trip
    they have not seen on a statement."""
    unbilled = Q(amount_cents__gt=0, statement_line__isnull=True, transaction__reverses__isnull=True)
    rows = (
        Posting.objects.filter(account__cooperative=cooperative, account__purpose=AccountPurpose.RECEIVABLE)
        .values("account__member_id")
        .annotate(total=Sum("amount_cents"), unbilled=Sum("amount_cents", filter=unbilled))
        .values_list("account__member_id", "total", "unbilled")
    )
    return {member_id: int(total) - int(unbilled or 0) for member_id, total, unbilled in rows if member_id is not None}


# --- statements -------------------------------------------------------------------------

STATEMENT_SECTIONS = ("trips", "fees", "expenses", "settlement", "payments")
STATEMENT_SECTION_LABELS = {
    "trips": gettext_lazy("Ritten"),
    "fees": gettext_lazy("Contributie"),
    "expenses": gettext_lazy("Goedgekeurde declaraties"),
    "settlement": gettext_lazy("Nacalculatie"),
    "payments": gettext_lazy("Betalingen en overige boekingen"),
}
_SECTION_OF_KIND = {
    StatementLineKind.TRIP: "trips",
    StatementLineKind.FEE: "fees",
    StatementLineKind.EXPENSE: "expenses",
    StatementLineKind.SETTLEMENT: "settlement",
    StatementLineKind.OTHER: "payments",
}


def euro_rate_text(cents: int, units: int) -> str:
    """Euros per km (or per hour) for reading, three decimals, half-up: '€ 0,235'. Display only."""
    if not units:
        return "-"
    rate = (Decimal(cents) / Decimal(100) / Decimal(units)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    sign = "-" if rate < 0 else ""
    return f"{sign}€ {abs(rate)}".replace(".", ",")


def settlement_outcome_text(difference_cents: int) -> str:
    """A settlement difference in plain Dutch: 'Je krijgt € 43,49 terug' / 'Je betaalt € 12,10 bij'."""
    if difference_cents < 0:
        return _("Je krijgt %(amount)s terug") % {"amount": format_cents(-difference_cents)}
    if difference_cents > 0:
        return _("Je betaalt %(amount)s bij") % {"amount": format_cents(difference_cents)}
    return _("Je voorschot was precies genoeg: je betaalt niets bij en krijgt niets terug")


@dataclass
class SettlementCarRow:
    """One row of a settlement explained on a statement: a car the member drove, or the
    pool (an entry of SettlementLine.cars, see ledger.services.settlement.CAR_ENTRY)."""

    vehicle_id: int | None
    km: int
    minutes: int
    paid_cents: int
    difference_cents: int
    car_cost_cents: int
    car_km: int
    via_pool: bool
    label: str = ""

    @classmethod
    def from_entry(cls, entry: list[Any], labels: dict[int, str]) -> SettlementCarRow:
        vehicle_id, km, minutes, paid, difference, car_cost, car_km, via_pool = entry
        return cls(
            vehicle_id=vehicle_id,
            km=int(km),
            minutes=int(minutes),
            paid_cents=int(paid),
            difference_cents=int(difference),
            car_cost_cents=int(car_cost),
            car_km=int(car_km),
            via_pool=bool(via_pool),
            label=labels.get(vehicle_id, "") if vehicle_id is not None else "",
        )

    @property
    def is_pool(self) -> bool:
        return self.vehicle_id is None

    @property
    def hours(self) -> float:
        """For display only."""
        return self.minutes / 60

    @property
    def share_cents(self) -> int:
        """The member's share of this car's real cost: the tariff paid plus the difference."""
        return self.paid_cents + self.difference_cents

    @property
    def cost_per_km(self) -> str:
        """The car's real cost per km in the period (for the pool: the pool per km driven)."""
        return euro_rate_text(self.car_cost_cents, self.car_km)

    @property
    def paid_per_km(self) -> str:
        """What the member paid through the tariff per km of this car (hours included)."""
        return "-" if self.is_pool else euro_rate_text(self.paid_cents, self.km)


@dataclass
class SettlementExplained:
    """A settlement line of a statement, explained per car the member drove (and the pool)."""

    line: StatementLine
    period_label: str
    rows: list[SettlementCarRow]

    @property
    def difference_cents(self) -> int:
        return self.line.amount_cents

    @property
    def outcome(self) -> str:
        return settlement_outcome_text(self.line.amount_cents)

    @property
    def km(self) -> int:
        return sum(r.km for r in self.rows if not r.is_pool)

    @property
    def minutes(self) -> int:
        return sum(r.minutes for r in self.rows if not r.is_pool)

    @property
    def hours(self) -> float:
        """For display only."""
        return self.minutes / 60

    @property
    def paid_cents(self) -> int:
        return sum(r.paid_cents for r in self.rows)

    @property
    def share_cents(self) -> int:
        return sum(r.share_cents for r in self.rows)

    @property
    def adds_up(self) -> bool:
        """The rows add up to the posted line (false for a settlement posted before the
        per-car lines existed: it has no rows)."""
        return bool(self.rows) and sum(r.difference_cents for r in self.rows) == self.line.amount_cents


@dataclass
class StatementData:
    statement: Statement
    sections: dict[str, list[StatementLine]] = field(default_factory=dict)
    settlements: list[SettlementExplained] = field(default_factory=list)

    def total(self, section: str) -> int:
        return sum(line.amount_cents for line in self.sections.get(section, []))

    @property
    def lines_total(self) -> int:
        return sum(self.total(section) for section in STATEMENT_SECTIONS)

    @property
    def trip_km(self) -> int:
        return sum(line.km or 0 for line in self.sections.get("trips", []))

    @property
    def trip_minutes(self) -> int:
        return sum(line.minutes or 0 for line in self.sections.get("trips", []))

    @property
    def trips_total(self) -> int:
        return self.total("trips")

    @property
    def trip_hours(self) -> float:
        """For display only."""
        return self.trip_minutes / 60

    @property
    def other_sections(self) -> list[tuple[str, str, list[StatementLine], int]]:
        """(key, label, lines, total) of every section but the trips that has lines."""
        return [
            (key, str(STATEMENT_SECTION_LABELS[key]), self.sections[key], self.total(key))
            for key in STATEMENT_SECTIONS
            if key != "trips" and self.sections.get(key)
        ]

    @property
    def summary(self) -> list[tuple[str, int]]:
        """(label, total) of every section with lines: opening + these = closing."""
        return [
            (str(STATEMENT_SECTION_LABELS[key]), self.total(key))
            for key in STATEMENT_SECTIONS
            if self.sections.get(key)
        ]

    @property
    def refund_cents(self) -> int:
        """What the cooperative pays back (0 unless the amount due is negative)."""
        return max(0, -self.statement.amount_due_cents)


def statements_data(*, statements: list[Statement]) -> list[StatementData]:
    """The lines of many statements as they were issued (trips with km and hours, fees,
    approved expenses, settlement, payments and other), each settlement explained per car:
    two queries for all of them."""
    if not statements:
        return []
    lines = (
        StatementLine.objects.filter(statement_id__in=[s.pk for s in statements])
        .select_related("settlement__period")
        .order_by("date", "posting_id")
    )
    by_statement: dict[int, list[StatementLine]] = defaultdict(list)
    for line in lines:
        by_statement[line.statement_id].append(line)
    wanted = {
        (line.settlement_id, s.member_id)
        for s in statements
        for line in by_statement.get(s.pk, [])
        if line.settlement_id is not None
    }
    explained: dict[tuple[int, int], list[list[Any]]] = {}
    labels: dict[int, str] = {}
    if wanted:
        settlement_lines = SettlementLine.objects.filter(
            settlement_id__in={sid for sid, _m in wanted}, member_id__in={m for _s, m in wanted}
        ).values_list("settlement_id", "member_id", "cars")
        for settlement_id, member_id, cars in settlement_lines:
            if (settlement_id, member_id) in wanted:
                explained[(settlement_id, member_id)] = list(cars or [])
        vehicle_ids = {entry[0] for entries in explained.values() for entry in entries if entry[0] is not None}
        for pk, plate, make, model, nickname in Vehicle.objects.filter(pk__in=vehicle_ids).values_list(
            "pk", "plate", "make", "model", "nickname"
        ):
            labels[pk] = f"{plate} {nickname or f'{make} {model}'}".strip()
    result = []
    for statement in statements:
        data = StatementData(statement=statement, sections={k: [] for k in STATEMENT_SECTIONS})
        for line in by_statement.get(statement.pk, []):
            data.sections[_SECTION_OF_KIND.get(StatementLineKind(line.kind), "payments")].append(line)
            settlement = line.settlement
            if settlement is None:
                continue
            found = explained.get((settlement.pk, statement.member_id), [])
            # The cars first (by label), the pool last.
            rows = sorted(
                (SettlementCarRow.from_entry(entry, labels) for entry in found), key=lambda r: (r.is_pool, r.label)
            )
            data.settlements.append(SettlementExplained(line=line, period_label=settlement.period.label, rows=rows))
        result.append(data)
    return result


def statements_of_member(*, member: Member) -> QuerySet[Statement]:
    return Statement.objects.filter(member=member).order_by("-period_end", "-pk")


def statement_by_reference(*, cooperative: Cooperative, reference: str) -> Statement | None:
    """The statement a payment reference names (spaces and dots ignored)."""
    cleaned = "".join(ch for ch in reference if ch.isdigit())
    return Statement.objects.filter(cooperative=cooperative, payment_reference=cleaned).first()


def member_postings(*, member: Member, limit: int = 50) -> list[Posting]:
    """The latest postings on the member's own account, newest first."""
    return list(
        Posting.objects.filter(account__purpose=AccountPurpose.RECEIVABLE, account__member=member)
        .select_related("transaction")
        .order_by("-transaction__date", "-pk")[:limit]
    )


@dataclass
class MonthLine:
    date: dt.date
    description: str
    amount_cents: int


@dataclass
class MonthGroup:
    """One calendar month of a member's account: its lines, what came on and off, the balance after."""

    month: dt.date  # the first day
    lines: list[MonthLine]
    closing_cents: int = 0

    @property
    def charged_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines if line.amount_cents > 0)

    @property
    def credited_cents(self) -> int:
        return -sum(line.amount_cents for line in self.lines if line.amount_cents < 0)

    @property
    def net_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)


def _plain_description(posting: Posting) -> str:
    """What a posting on the member's own account means, in words a member uses."""
    txn = posting.transaction
    kind, _sep, rest = txn.source_key.partition(":")
    if txn.reverses_id is not None:
        return _("Correctie: %(what)s") % {"what": txn.description}
    charge = getattr(txn, "trip_charge", None)
    if kind == "trip" and charge is not None:
        return _("Rit met %(plate)s: %(km)s km, %(hours)s uur") % {
            "plate": charge.vehicle.plate,
            "km": format_thousands(charge.km),
            "hours": format_minutes_clock(charge.minutes),
        }
    if kind == "fee":
        try:
            month = dt.date.fromisoformat(rest.rsplit(":", 1)[-1] + "-01")
        except ValueError:
            return txn.description
        return _("Contributie %(month)s") % {"month": date_format(month, "F Y")}
    if kind == "expense":
        what = txn.description.removeprefix("Declaratie: ")
        return _("Terug voor je declaratie: %(what)s") % {"what": what}
    if kind == "settlement":
        label = rest or txn.description
        if posting.amount_cents < 0:
            return _("Nacalculatie %(period)s: je krijgt terug") % {"period": label}
        return _("Nacalculatie %(period)s: je betaalt bij") % {"period": label}
    if kind in ("bankimport", "bankassign"):
        return _("Je overboeking is ontvangen")
    if kind == "sepa":
        return _("Automatische incasso")
    if kind == "storno":
        return _("Incasso teruggeboekt door je bank")
    if kind == "stripe":
        return _("Online betaling ontvangen")
    if kind == "stripe-refund":
        return _("Online betaling teruggestort")
    return txn.description


def member_months(*, member: Member, today: dt.date | None = None, months: int = 12) -> list[MonthGroup]:
    """The member's account of the last `months` calendar months, newest first, each with its
    lines in plain words and the balance at its end. Two queries."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    for _step in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    postings = (
        Posting.objects.filter(
            account__purpose=AccountPurpose.RECEIVABLE, account__member=member, transaction__date__gte=first
        )
        .select_related("transaction", "transaction__trip_charge", "transaction__trip_charge__vehicle")
        .order_by("-transaction__date", "-pk")
    )
    groups: dict[dt.date, MonthGroup] = {}
    for posting in postings:
        key = posting.transaction.date.replace(day=1)
        group = groups.setdefault(key, MonthGroup(month=key, lines=[]))
        group.lines.append(
            MonthLine(
                date=posting.transaction.date,
                description=_plain_description(posting),
                amount_cents=posting.amount_cents,
            )
        )
    closing = member_balance_cents(member=member)
    result = sorted(groups.values(), key=lambda g: g.month, reverse=True)
    for group in result:
        group.closing_cents = closing
        closing -= group.net_cents
    return result


# --- the treasurer's dashboard ----------------------------------------------------------


@dataclass
class CarYear:
    vehicle: Vehicle
    cost_cents: int
    km: int
    tariff_per_km: Decimal | None

    @property
    def cost_per_km(self) -> Decimal | None:
        if not self.km:
            return None
        return (Decimal(self.cost_cents) / 100 / self.km).quantize(Decimal("0.0001"))

    @property
    def over_tariff(self) -> bool:
        return self.cost_per_km is not None and self.tariff_per_km is not None and self.cost_per_km > self.tariff_per_km


def cars_cost_per_km(*, cooperative: Cooperative, year: int) -> list[CarYear]:
    """Per car: this year's costs, km driven, cost per km, and the km tariff in force
    today (so the ALV can set next year's tariff). Four queries."""
    return cars_cost_per_km_between(cooperative=cooperative, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))


def cars_cost_per_km_between(*, cooperative: Cooperative, start: dt.date, end: dt.date) -> list[CarYear]:
    """Per car: the costs and km between `start` and `end`, and the km tariff in force today. Four queries."""
    costs = dict(
        Posting.objects.filter(
            transaction__cooperative=cooperative,
            transaction__date__gte=start,
            transaction__date__lte=end,
            account__type=AccountType.EXPENSE,
            vehicle__isnull=False,
        )
        .values_list("vehicle_id")
        .annotate(total=Sum("amount_cents"))
    )
    km = dict(
        TripCharge.objects.filter(cooperative=cooperative, date__gte=start, date__lte=end)
        .values_list("vehicle_id")
        .annotate(total=Sum("km"))
    )
    today = timezone.localdate()
    tariffs = list(Tariff.objects.filter(cooperative=cooperative, valid_from__lte=today).order_by("-valid_from"))

    def per_km(vehicle_class: str) -> Decimal | None:
        for t in tariffs:
            if t.vehicle_class == vehicle_class:
                return t.per_km
        for t in tariffs:
            if not t.vehicle_class:
                return t.per_km
        return None

    vehicles = Vehicle.objects.filter(cooperative=cooperative).exclude(status="retired").order_by("plate")
    return [
        CarYear(
            vehicle=v,
            cost_cents=int(costs.get(v.pk, 0)),
            km=int(km.get(v.pk, 0)),
            tariff_per_km=per_km(v.vehicle_class),
        )
        for v in vehicles
    ]


def period_result_cents(*, period: Period) -> int:
    """Income minus costs of the period (settlement included): equals the reserve once settled."""
    total = Posting.objects.filter(
        transaction__period=period, account__type__in=[AccountType.EXPENSE, AccountType.INCOME]
    ).aggregate(total=Sum("amount_cents"))["total"]
    return -int(total or 0)


def unpaid_balances(*, cooperative: Cooperative, limit: int = 20) -> list[tuple[Member, int]]:
    """Members who owe the cooperative, largest first (two queries)."""
    owing = {m: b for m, b in balances_by_member(cooperative=cooperative).items() if b > 0}
    top = sorted(owing.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    members = Member.objects.select_related("user").in_bulk([m for m, _b in top])
    return [(members[m], b) for m, b in top if m in members]


def treasurer_ids(*, cooperative: Cooperative) -> set[int]:
    """Ids of the cooperative's treasurers (whose own claims the board decides)."""
    return set(
        MemberRole.objects.filter(member__cooperative=cooperative, role=Role.TREASURER).values_list(
            "member_id", flat=True
        )
    )


def open_expenses(*, cooperative: Cooperative) -> QuerySet[Expense]:
    return (
        Expense.objects.filter(cooperative=cooperative, status=ExpenseStatus.SUBMITTED)
        .select_related("member__user", "vehicle", "receipt")
        .order_by("spent_on", "pk")
    )


def _code_order(code: str) -> list[tuple[int, str]]:
    """Account codes in natural order: 1300-M2 before 1300-M10 (text order puts M10 first)."""
    return [(int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", code) if part]


def trial_balance(*, cooperative: Cooperative, until: dt.date | None = None) -> list[dict[str, Any]]:
    """Every account's balance (debit positive), one query; the totals add up to zero."""
    qs = Posting.objects.filter(account__cooperative=cooperative)
    if until is not None:
        qs = qs.filter(transaction__date__lte=until)
    rows = sorted(
        qs.values("account_id", "account__code", "account__name", "account__type")
        .annotate(total=Sum("amount_cents"))
        .order_by(),
        key=lambda r: _code_order(r["account__code"]),
    )
    return [
        {
            "code": r["account__code"],
            "name": r["account__name"],
            "type": AccountType(r["account__type"]).label,
            "balance_cents": int(r["total"]),
            "debit_cents": int(r["total"]) if r["total"] > 0 else 0,
            "credit_cents": -int(r["total"]) if r["total"] < 0 else 0,
        }
        for r in rows
    ]


def periods_of(*, cooperative: Cooperative) -> QuerySet[Period]:
    return (
        Period.objects.filter(cooperative=cooperative)
        .select_related("closed_by__user", "settlement")
        .order_by("-starts_on")
    )


def period_current(*, cooperative: Cooperative, today: dt.date) -> Period | None:
    """The period `today` falls in, if it exists yet."""
    return Period.objects.filter(cooperative=cooperative, starts_on__lte=today, ends_on__gte=today).first()


def period_last_settled(*, cooperative: Cooperative) -> Period | None:
    return Period.objects.filter(cooperative=cooperative, settlement__isnull=False).order_by("-starts_on").first()


def trips_uncharged(*, cooperative: Cooperative) -> QuerySet[Trip]:
    """Finished trips without a charge (no tariff was in force): 'ritten zonder tarief'."""
    return (
        Trip.objects.filter(
            cooperative=cooperative, odometer_end_km__isnull=False, ended_at__isnull=False, charge__isnull=True
        )
        .select_related("member__user", "vehicle")
        .order_by("started_at", "pk")
    )


def expenses_of(*, cooperative: Cooperative, status: str | None = None) -> QuerySet[Expense]:
    """The cooperative's claims, newest first; of one status when `status` is given."""
    qs = Expense.objects.filter(cooperative=cooperative).select_related(
        "member__user", "vehicle", "decided_by__user", "car_cost"
    )
    if status is not None:
        qs = qs.filter(status=status)
    return qs.order_by("-spent_on", "-pk")


def expenses_of_member(*, member: Member, limit: int = 20) -> list[Expense]:
    return list(Expense.objects.filter(member=member).select_related("vehicle")[:limit])


def tariffs_of(*, cooperative: Cooperative) -> QuerySet[Tariff]:
    """Every tariff with its decision and who recorded it (the tariffs page)."""
    return Tariff.objects.filter(cooperative=cooperative).select_related("decision", "created_by__user")


def car_costs_of(*, cooperative: Cooperative, caretaker: Member | None = None) -> QuerySet[CarCost]:
    """The car costs, of the cars `caretaker` looks after when given."""
    qs = CarCost.objects.filter(cooperative=cooperative).select_related("vehicle", "paid_by_member__user", "claim")
    if caretaker is not None:
        qs = qs.filter(vehicle__caretaker=caretaker)
    return qs


def statements_of(*, cooperative: Cooperative) -> QuerySet[Statement]:
    return (
        Statement.objects.filter(cooperative=cooperative)
        .select_related("member__user")
        .order_by("-period_end", "number")
    )


def ledger_events(*, cooperative: Cooperative, kinds: list[str] | None = None, limit: int = 50) -> list[LedgerEvent]:
    """Who decided what in the books, newest first (read-only history for the board)."""
    qs = LedgerEvent.objects.filter(cooperative=cooperative).select_related(
        "by__user", "tariff", "period", "expense", "car_cost__vehicle"
    )
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    return list(qs[:limit])


# --- the to-do inbox of the treasurer and the board (composed in deel/inbox.py) ----------


def claims_to_decide(*, cooperative: Cooperative, member: Member) -> tuple[int, int]:
    """(count, total cents) of the submitted claims `member` may decide now: for a treasurer
    every claim but their own, for a board member the treasurer's own (four eyes). Two queries."""
    from .permissions import involves_treasurer, may_decide_expense  # permissions imports models only

    treasurers = treasurer_ids(cooperative=cooperative)
    mine = [
        e
        for e in open_expenses(cooperative=cooperative).select_related("car_cost")
        if may_decide_expense(e, member, claimant_is_treasurer=involves_treasurer(e, treasurers))
    ]
    return len(mine), sum(e.amount_cents for e in mine)


def last_full_month(*, today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar month before `today`'s."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


@dataclass
class StatementsPreview:
    """What issuing the statements of a window would do, before it is done."""

    period_start: dt.date
    period_end: dt.date
    count: int
    to_pay_cents: int  # the sum of the positive amounts due
    to_refund_cents: int  # the sum of the negative ones, as a positive number


def statements_preview(*, cooperative: Cooperative, period_start: dt.date, period_end: dt.date) -> StatementsPreview:
    """How many statements `ledger.services.statements_issue` would issue for the window and what
    they ask: the same choice of members (something new to show, or an open previous balance; not
    when the member's latest statement already reaches the window's end). Three queries."""
    latest_pks = (
        Statement.objects.filter(cooperative=cooperative).values("member_id").annotate(last=Max("pk"))
    ).values("last")
    previous = {
        member_id: (end, int(closing))
        for member_id, end, closing in Statement.objects.filter(pk__in=latest_pks).values_list(
            "member_id", "period_end", "closing_balance_cents"
        )
    }
    new_totals = {
        member_id: int(total)
        for member_id, total in Posting.objects.filter(
            account__cooperative=cooperative,
            account__purpose=AccountPurpose.RECEIVABLE,
            account__member__isnull=False,
            transaction__date__lte=period_end,
            statement_line__isnull=True,
        )
        .values_list("account__member_id")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    }
    candidates = set(new_totals) | {m for m, (_end, closing) in previous.items() if closing}
    todo = {m for m in candidates if m not in previous or previous[m][0] < period_end}
    existing = set(Member.objects.filter(cooperative=cooperative, pk__in=todo).values_list("pk", flat=True))
    amounts = [previous.get(m, (None, 0))[1] + new_totals.get(m, 0) for m in existing]
    return StatementsPreview(
        period_start=period_start,
        period_end=period_end,
        count=len(amounts),
        to_pay_cents=sum(a for a in amounts if a > 0),
        to_refund_cents=-sum(a for a in amounts if a < 0),
    )


def statements_due(*, cooperative: Cooperative, today: dt.date) -> StatementsPreview | None:
    """Last month's statements when they have not been issued yet and some member would get one."""
    first, last = last_full_month(today=today)
    if Statement.objects.filter(cooperative=cooperative, period_end__gte=last).exists():
        return None
    preview = statements_preview(cooperative=cooperative, period_start=first, period_end=last)
    return preview if preview.count else None


def settlements_due(*, cooperative: Cooperative, today: dt.date) -> list[Period]:
    """Periods that have ended, are still open and have no settlement yet (one query)."""
    return list(
        Period.objects.filter(cooperative=cooperative, ends_on__lt=today, settlement__isnull=True)
        .exclude(status=PeriodStatus.CLOSED)
        .order_by("starts_on")
    )


@dataclass
class PriceList:
    """What a member pays, for the prices page: the tariff in force per class today, the
    earlier and announced ones, and the late-cancellation fee of the booking rules."""

    in_force: list[Tariff]
    others: list[Tariff]
    late_cancellation_fee_cents: int
    late_cancellation_hours: int
    # The ALV's penalties in force today (for all cars), one per kind, with their tariff's decision.
    penalties: list[Any] = field(default_factory=list)


def price_list(*, cooperative: Cooperative, today: dt.date | None = None) -> PriceList:
    """Three queries: the tariffs (with their decisions), the booking rules and the penalties."""
    from reservations.selectors import booking_rules_for

    today = today or timezone.localdate()
    tariffs = list(tariffs_of(cooperative=cooperative).order_by("-valid_from", "vehicle_class"))
    current: dict[str, Tariff] = {}
    for t in tariffs:  # newest first: the first valid one per class is in force
        if t.valid_from <= today and t.vehicle_class not in current:
            current[t.vehicle_class] = t
    in_force = sorted(current.values(), key=lambda t: (t.vehicle_class != "", t.vehicle_class))
    others = [t for t in tariffs if t not in in_force]
    rules = booking_rules_for(cooperative)
    penalties: dict[str, PenaltyRate] = {}
    for rate in (
        PenaltyRate.objects.filter(
            tariff__cooperative=cooperative, tariff__valid_from__lte=today, tariff__vehicle_class=""
        )
        .select_related("tariff__decision")
        .order_by("-tariff__valid_from", "-pk")
    ):
        penalties.setdefault(rate.kind, rate)  # the latest tariff's amount of each kind
    return PriceList(
        in_force=in_force,
        others=others,
        late_cancellation_fee_cents=rules.late_cancellation_fee_cents,
        late_cancellation_hours=rules.late_cancellation_hours,
        penalties=[penalties[k] for k in PenaltyKind.values if k in penalties],
    )


def open_disputes_count(*, cooperative: Cooperative) -> int:
    """Disputed penalties the board has not decided yet (one query; the board's inbox)."""
    return PenaltyDispute.objects.filter(penalty__cooperative=cooperative, outcome=DisputeOutcome.OPEN).count()
