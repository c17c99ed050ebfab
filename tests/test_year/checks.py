"""The money cycle's invariants, as reusable checks (DESIGN "The money cycle").

Each check reads the books of one cooperative through the models and the public selectors
and raises AssertionError listing every mismatch it found (not only the first), so one run
of the year says everything that is wrong in a month. Run them after any merge that touches
statements, settlement, periods or bank files:

    from tests.test_year import checks
    checks.assert_statements_chain(cooperative=coop)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Sum

from ledger.models import (
    AccountPurpose,
    Expense,
    ExpenseStatus,
    Period,
    PeriodStatus,
    Posting,
    Settlement,
    SettlementLine,
    Statement,
    TripCharge,
)
from ledger.selectors import period_result_cents, statements_data, trial_balance
from members.models import Cooperative
from payments.models import BankLine, BankLineStatus


def _fail(problems: list[str], what: str) -> None:
    if problems:
        shown = "\n  ".join(problems[:25])
        more = f"\n  ... and {len(problems) - 25} more" if len(problems) > 25 else ""
        raise AssertionError(f"{what}:\n  {shown}{more}")


def _purpose_balance(cooperative: Cooperative, purpose: str, until: dt.date) -> int:
    total = Posting.objects.filter(
        account__cooperative=cooperative, account__purpose=purpose, transaction__date__lte=until
    ).aggregate(t=Sum("amount_cents"))["t"]
    return int(total or 0)


def assert_statements_chain(*, cooperative: Cooperative) -> None:
    """Every statement adds up (opening + its lines = closing, and the amount due is the
    closing balance); a member's first statement opens at zero and each next one opens
    exactly where the previous one closed."""
    problems = []
    statements = list(Statement.objects.filter(cooperative=cooperative).order_by("member_id", "period_start"))
    previous: dict[int, Statement] = {}
    for data in statements_data(statements=statements):
        s = data.statement
        lines = sum(data.total(section) for section in data.sections)
        if s.opening_balance_cents + lines != s.closing_balance_cents:
            problems.append(
                f"{s.number} (lid {s.member_id}, {s.period_start:%Y-%m}): opening {s.opening_balance_cents}"
                f" + lines {lines} != closing {s.closing_balance_cents}"
            )
        if s.amount_due_cents != s.closing_balance_cents:
            problems.append(f"{s.number}: amount due {s.amount_due_cents} != closing {s.closing_balance_cents}")
        before = previous.get(s.member_id)
        expected_opening = before.closing_balance_cents if before is not None else 0
        if s.opening_balance_cents != expected_opening:
            problems.append(
                f"{s.number} (lid {s.member_id}, {s.period_start:%Y-%m}): opens at {s.opening_balance_cents},"
                f" previous closed at {expected_opening} ({before.number if before else 'no previous'})"
            )
        previous[s.member_id] = s
    _fail(problems, "statements do not add up or do not chain")


def assert_settlements_on_statements(*, cooperative: Cooperative) -> None:
    """Every member's settlement difference reaches them as a statement line, exactly once:
    once a statement was issued after the settlement was posted, the member's statements
    together carry the difference in their settlement section."""
    problems = []
    last_issue: dict[int, dt.datetime] = dict(
        Statement.objects.filter(cooperative=cooperative)
        .order_by("member_id", "issued_at")
        .values_list("member_id", "issued_at")
    )
    expected: dict[int, int] = defaultdict(int)
    for line in SettlementLine.objects.filter(settlement__cooperative=cooperative).select_related("settlement"):
        issued = last_issue.get(line.member_id)
        if line.difference_cents and issued is not None and issued > line.settlement.posted_at:
            expected[line.member_id] += line.difference_cents
    statements = list(Statement.objects.filter(cooperative=cooperative, member_id__in=list(expected)))
    shown: dict[int, int] = defaultdict(int)
    for data in statements_data(statements=statements):
        shown[data.statement.member_id] += data.total("settlement")
    for member_id, cents in sorted(expected.items()):
        if shown[member_id] != cents:
            problems.append(f"lid {member_id}: settlement {cents} on the books, {shown[member_id]} on statements")
    _fail(problems, "settlement results missing from (or doubled on) the statements")


def assert_trial_balance_zero(*, cooperative: Cooperative, until: dt.date) -> None:
    """The trial balance adds up to zero (every transaction balances)."""
    rows = trial_balance(cooperative=cooperative, until=until)
    total = sum(r["balance_cents"] for r in rows)
    assert total == 0, f"trial balance until {until} adds up to {total}, not 0"


def assert_collections_booked_once(*, cooperative: Cooperative, bank_cents: int, until: dt.date) -> None:
    """Every euro the bank reported is booked once: the books' bank account equals what the
    banks say the cooperative has (`bank_cents`, the sum of the banks' closing balances),
    nothing of it waits in "nog te verwerken", and no line the bank reported sits in the queue."""
    problems = []
    books = _purpose_balance(cooperative, AccountPurpose.BANK, until)
    if books != bank_cents:
        problems.append(f"bank account in the books {books} != the banks' closing balances {bank_cents}")
    suspense = _purpose_balance(cooperative, AccountPurpose.SUSPENSE, until)
    # Car costs spread over months park their remainder in the same account; only bank money counts here.
    spread = Posting.objects.filter(
        account__cooperative=cooperative,
        account__purpose=AccountPurpose.SUSPENSE,
        transaction__date__lte=until,
        transaction__source_key__startswith="carcost:",
    ).aggregate(t=Sum("amount_cents"))["t"]
    bank_suspense = suspense - int(spread or 0)
    if bank_suspense:
        problems.append(f"'nog te verwerken' holds {-bank_suspense} cents of bank money")
    queued = list(
        BankLine.objects.filter(cooperative=cooperative, status=BankLineStatus.QUEUED).values_list(
            "booked_on", "amount_cents", "description"
        )
    )
    for booked_on, cents, description in queued:
        problems.append(f"queued bank line {booked_on} {cents} {description[:60]!r}")
    _fail(problems, "collected money not booked exactly once")


def assert_result_equals_reserve(*, cooperative: Cooperative) -> None:
    """After its settlement a period's result is exactly its decided reserve, and stays so
    (nothing but the settlement posts into a settled period)."""
    problems = []
    for period in Period.objects.filter(cooperative=cooperative, settlement__isnull=False).order_by("starts_on"):
        result = period_result_cents(period=period)
        if result != period.reserve_cents:
            late = sorted(
                set(
                    Posting.objects.filter(
                        transaction__period=period, transaction__created_at__gt=period.settlement.posted_at
                    )
                    .exclude(transaction__source_key__startswith="settlement:")
                    .values_list("transaction__source_key", flat=True)
                )
            )
            problems.append(
                f"{period.label} ({period.status}): result {result} != reserve {period.reserve_cents};"
                f" posted into it after the settlement: {late}"
            )
    _fail(problems, "period result is not the decided reserve")


def assert_reserve_account(*, cooperative: Cooperative, until: dt.date) -> None:
    """The decided reserve of every settled period is credited to the reserve account
    (resultaatbestemming, posted with the settlement)."""
    decided = int(
        Period.objects.filter(cooperative=cooperative, settlement__isnull=False).aggregate(t=Sum("reserve_cents"))["t"]
        or 0
    )
    booked = -_purpose_balance(cooperative, AccountPurpose.RESERVE, until)
    assert booked == decided, f"reserve account holds {booked}, the settled periods' decided reserves are {decided}"


def owed_cents(*, cooperative: Cooperative, until: dt.date) -> dict[int, int]:
    """What each member owes from the domain's own records (not the payment postings):
    trips charged, fees, settlement differences, minus approved claims and car costs the
    member advanced."""
    owed: dict[int, int] = defaultdict(int)
    for member_id, total in (
        TripCharge.objects.filter(cooperative=cooperative, date__lte=until)
        .values_list("member_id")
        .annotate(t=Sum("amount_cents"))
    ):
        owed[member_id] += int(total)
    for member_id, total in (
        Posting.objects.filter(
            account__cooperative=cooperative,
            account__purpose=AccountPurpose.RECEIVABLE,
            transaction__source_key__startswith="fee:",
            transaction__date__lte=until,
        )
        .values_list("account__member_id")
        .annotate(t=Sum("amount_cents"))
    ):
        owed[member_id] += int(total)
    for line in SettlementLine.objects.filter(settlement__cooperative=cooperative):
        owed[line.member_id] += line.difference_cents
    for expense in Expense.objects.filter(cooperative=cooperative, status=ExpenseStatus.APPROVED):
        owed[expense.member_id] -= expense.amount_cents
    # A car cost a member paid reaches them as an approved claim (counted above), never directly.
    return owed


def assert_member_balances(*, cooperative: Cooperative, bank_saw: dict[int, int], until: dt.date) -> None:
    """Each member's balance is what they owe minus what the bank saw from them
    (collections credited, less returns, plus their own transfers)."""
    problems = []
    owed = owed_cents(cooperative=cooperative, until=until)
    balances = {
        member_id: int(total)
        for member_id, total in Posting.objects.filter(
            account__cooperative=cooperative,
            account__purpose=AccountPurpose.RECEIVABLE,
            transaction__date__lte=until,
        )
        .values_list("account__member_id")
        .annotate(t=Sum("amount_cents"))
    }
    for member_id in sorted(set(owed) | set(balances) | set(bank_saw)):
        expected = owed.get(member_id, 0) - bank_saw.get(member_id, 0)
        if balances.get(member_id, 0) != expected:
            problems.append(
                f"lid {member_id}: balance {balances.get(member_id, 0)} != owed {owed.get(member_id, 0)}"
                f" - bank saw {bank_saw.get(member_id, 0)} = {expected}"
            )
    _fail(problems, "member balances differ from what they owe minus what the bank saw")


def assert_trips_charged(*, cooperative: Cooperative, expected: dict[int, int]) -> None:
    """Every finished trip is charged once, at the tariff in force at its start (`expected`:
    trip id -> price in cents, computed by the test from the decided tariffs)."""
    charged = dict(TripCharge.objects.filter(cooperative=cooperative).values_list("trip_id", "amount_cents"))
    problems = [
        f"trip {trip_id}: charged {charged.get(trip_id)} != {cents}"
        for trip_id, cents in sorted(expected.items())
        if charged.get(trip_id) != cents
    ]
    _fail(problems, "trips not charged at the tariff in force at their start")


def assert_settlements_posted(*, cooperative: Cooperative, labels: list[str]) -> None:
    """The given periods are settled (once) and closed."""
    problems = []
    for label in labels:
        period = Period.objects.filter(cooperative=cooperative, label=label).first()
        if period is None or not Settlement.objects.filter(period=period).exists():
            problems.append(f"{label}: not settled")
        elif period.status != PeriodStatus.CLOSED:
            problems.append(f"{label}: settled but {period.status}")
    _fail(problems, "quarters not settled and closed")
