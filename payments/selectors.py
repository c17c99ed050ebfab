"""Reads of the payments app, each scoped to a cooperative with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ledger.models import AccountPurpose, Posting, Statement
from ledger.selectors import balances_by_member, billed_balances_by_member, member_balance_cents
from members.models import Cooperative, Member, MemberStatus, Role

from .models import (
    PRENOTIFICATION_DAYS_DEFAULT,
    ArrearsReminder,
    BankImport,
    BankLine,
    BankLineStatus,
    CollectionStatus,
    Mandate,
    MandateStatus,
    Payment,
    PaymentFlag,
    PaymentMethod,
    PaymentSettings,
    PaymentSettingsChange,
    PaymentStatus,
    SepaBatch,
    SepaCollection,
)
from .target_days import (
    SCHEME_LEAD_BUSINESS_DAYS,
    add_target_business_days,
    next_target_business_day,
    target_holidays_between,
)

# Days past a statement's due date (its issue date plus the cooperative's payment term) at
# which the first and the second reminder go; the second is also when booking can be suspended.
OVERDUE_DAYS = (1, 14)
SUSPENSION_REASON = "Betalingsachterstand boven de grens uit de statuten"


@dataclass
class ArrearsRow:
    member: Member
    balance_cents: int
    statement: Statement
    # Days past the due date of the oldest unpaid statement.
    days_overdue: int
    due_on: dt.date | None = None
    reminders: list[int] = field(default_factory=list)
    flags: list[PaymentFlag] = field(default_factory=list)

    @property
    def suspended(self) -> bool:
        return self.member.status == MemberStatus.SUSPENDED

    @property
    def second_due(self) -> bool:
        """Long enough overdue for the second reminder (and, above the statutes' limit, suspension)."""
        return self.days_overdue >= OVERDUE_DAYS[1]


def arrears(*, cooperative: Cooperative, today: dt.date | None = None) -> list[ArrearsRow]:
    """Members who still owe money on a statement whose due date (issue date plus the cooperative's
    payment term) has passed, longest overdue first; days overdue count from that due date.

    Overdue counts from the oldest statement not yet paid off: credits are applied to the
    oldest statement first (a member who ignored three monthly statements is three months
    late, not as late as the newest one). Six queries, whatever the number of members."""
    today = today or timezone.localdate()
    balances = {mid: cents for mid, cents in balances_by_member(cooperative=cooperative).items() if cents > 0}
    if not balances:
        return []
    term = dt.timedelta(days=cooperative.payment_term_days)
    by_member: dict[int, list[Statement]] = {}
    for found in Statement.objects.filter(
        cooperative=cooperative, member_id__in=balances, amount_due_cents__gt=0
    ).order_by("member_id", "period_end", "issued_at"):
        by_member.setdefault(found.member_id, []).append(found)
    credits = _credits_by_day(cooperative=cooperative, member_ids=list(by_member), statements=by_member)
    oldest_unpaid: dict[int, Statement] = {}
    for member_id, statements in by_member.items():
        days = credits.get(member_id, [])
        for candidate in statements:
            # What came in after this statement's period pays it (oldest first).
            paid_after = sum(cents for day, cents in days if day > candidate.period_end)
            if candidate.amount_due_cents > paid_after:
                oldest_unpaid[member_id] = candidate
                break
    members = {
        m.pk: m
        for m in Member.objects.filter(
            pk__in=balances, status__in=(MemberStatus.ACTIVE, MemberStatus.SUSPENDED)
        ).select_related("user")
    }
    rows = []
    for member_id, statement in oldest_unpaid.items():
        due_on = timezone.localdate(statement.issued_at) + term
        if due_on >= today or member_id not in members:
            continue
        rows.append(
            ArrearsRow(
                member=members[member_id],
                balance_cents=balances[member_id],
                statement=statement,
                days_overdue=(today - due_on).days,
                due_on=due_on,
            )
        )
    by_row = {row.member.pk: row for row in rows}
    for reminder in ArrearsReminder.objects.filter(member_id__in=by_row):
        row = by_row[reminder.member_id]
        if reminder.due_key == row.statement.number:
            row.reminders.append(reminder.level_days)
    for flag in PaymentFlag.objects.filter(member_id__in=by_row, resolved_at__isnull=True):
        by_row[flag.member_id].flags.append(flag)
    return sorted(rows, key=lambda r: (-r.days_overdue, -r.balance_cents, r.member.pk))


def _credits_by_day(
    *, cooperative: Cooperative, member_ids: list[int], statements: dict[int, list[Statement]]
) -> dict[int, list[tuple[dt.date, int]]]:
    """Member id -> [(date, cents credited that day)]: payments and other credits on the member's
    account, net of reversals (a returned or cancelled direct debit takes its credit back)."""
    if not member_ids:
        return {}
    since = min(s[0].period_end for s in statements.values())
    rows = (
        Posting.objects.filter(
            account__cooperative=cooperative,
            account__purpose=AccountPurpose.RECEIVABLE,
            account__member_id__in=member_ids,
            transaction__date__gt=since,
        )
        .filter(Q(amount_cents__lt=0) | Q(transaction__reverses__isnull=False))
        .values("account__member_id", "transaction__date")
        .annotate(total=Sum("amount_cents"))
        .values_list("account__member_id", "transaction__date", "total")
    )
    found: dict[int, list[tuple[dt.date, int]]] = {}
    for member_id, day, total in rows:
        found.setdefault(member_id, []).append((day, -int(total)))
    return found


@dataclass
class StatementState:
    """A statement on the member's Betalen page: how much of it is still open (0 = paid)."""

    statement: Statement
    open_cents: int
    due_on: dt.date
    # An older statement's open part is on the latest statement too (carried in its opening
    # balance): it is paid there, once, not a second time.
    carried_to: Statement | None = None

    @property
    def is_paid(self) -> bool:
        return self.statement.amount_due_cents > 0 and self.open_cents <= 0

    @property
    def is_open(self) -> bool:
        return self.open_cents > 0 and self.carried_to is None

    @property
    def is_carried(self) -> bool:
        return self.open_cents > 0 and self.carried_to is not None

    @property
    def is_refund(self) -> bool:
        return self.statement.amount_due_cents < 0

    @property
    def is_month(self) -> bool:
        """A whole calendar month ("november 2026" reads better than two dates)."""
        start, end = self.statement.period_start, self.statement.period_end
        return (
            start.day == 1
            and (end + dt.timedelta(days=1)).day == 1
            and (start.year, start.month)
            == (
                end.year,
                end.month,
            )
        )


@dataclass
class AmountDue:
    """The one amount a member sees on Betalen, and how it will be paid.

    `balance_cents` is the member's balance now (positive = owes). Of it, `on_statement_cents`
    is still open on the latest statement (due on `due_on`), `not_yet_billed_cents` came after
    it (trips and fees that go on the next statement)."""

    balance_cents: int
    latest: StatementState | None
    on_statement_cents: int
    not_yet_billed_cents: int
    statements: list[StatementState]
    mandate: Mandate | None
    # A collection the treasurer already announced (batch made, date still ahead).
    scheduled: SepaCollection | None
    # When a mandate holder's open statement amount will be collected.
    collection_on: dt.date | None
    today: dt.date

    @property
    def due_on(self) -> dt.date | None:
        return self.latest.due_on if self.latest and self.on_statement_cents > 0 else None

    @property
    def is_overdue(self) -> bool:
        return self.due_on is not None and self.due_on < self.today

    @property
    def reference(self) -> str:
        return self.latest.statement.payment_reference if self.latest else ""

    @property
    def nothing_to_pay(self) -> bool:
        return self.balance_cents <= 0


def due_date(*, statement: Statement) -> dt.date:
    """The day a statement must be paid by: its issue date plus the cooperative's payment term."""
    term = statement.cooperative.payment_term_days
    return timezone.localdate(statement.issued_at) + dt.timedelta(days=term)


def collection_day(*, due_on: dt.date, earliest: dt.date) -> dt.date:
    """The day a direct debit of an amount due on `due_on` is collected: the due date, or the
    first day the pre-notification period allows, on a TARGET business day."""
    return next_target_business_day(max(due_on, earliest))


def _new_charges_by_day(*, member: Member, since: dt.date) -> list[tuple[dt.date, int]]:
    """(date, cents) of what was charged on the member's account after `since`: trips, fees,
    settlements. A reversal (a returned direct debit) is no new charge: it reopens old debt."""
    rows = (
        Posting.objects.filter(
            account__purpose=AccountPurpose.RECEIVABLE,
            account__member=member,
            transaction__date__gt=since,
            amount_cents__gt=0,
            transaction__reverses__isnull=True,
        )
        .values("transaction__date")
        .annotate(total=Sum("amount_cents"))
        .values_list("transaction__date", "total")
    )
    return [(day, int(total)) for day, total in rows]


def amount_due(*, member: Member, today: dt.date | None = None, statements_shown: int = 6) -> AmountDue:
    """What a member owes now, when, and how it will be paid; the latest statements with
    what is still open of each. Payments pay the oldest debt first: a statement is paid as
    soon as the balance is covered by what was charged after it. Six queries."""
    today = today or timezone.localdate()
    balance = member_balance_cents(member=member)
    statements = list(
        Statement.objects.filter(member=member)
        .select_related("cooperative")
        .order_by("-period_end", "-pk")[:statements_shown]
    )
    states: list[StatementState] = []
    if statements:
        charges = _new_charges_by_day(member=member, since=statements[-1].period_end)
        for st in statements:
            after = sum(cents for day, cents in charges if day > st.period_end)
            open_cents = min(max(balance - after, 0), max(st.amount_due_cents, 0))
            # What is open of an older statement is in the latest one's opening balance.
            newest = statements[0] if st is not statements[0] else None
            states.append(
                StatementState(statement=st, open_cents=open_cents, due_on=due_date(statement=st), carried_to=newest)
            )
    latest = states[0] if states else None
    on_statement = latest.open_cents if latest else 0
    active = Mandate.objects.filter(member=member, status=MandateStatus.ACTIVE).first()
    scheduled = None
    collection_on = None
    if active is not None:
        scheduled = (
            SepaCollection.objects.filter(
                member=member, status=CollectionStatus.SCHEDULED, batch__collection_date__gte=today
            )
            .select_related("batch")
            .order_by("batch__collection_date")
            .first()
        )
        if latest is not None and on_statement > 0:
            earliest = earliest_collection_date(cooperative=member.cooperative, today=today)
            collection_on = collection_day(due_on=latest.due_on, earliest=earliest)
    return AmountDue(
        balance_cents=balance,
        latest=latest,
        on_statement_cents=on_statement,
        not_yet_billed_cents=max(balance - on_statement, 0),
        statements=states,
        mandate=active,
        scheduled=scheduled,
        collection_on=collection_on,
        today=today,
    )


def member_overview(*, member: Member) -> dict[str, Any]:
    """What a member sees on their payments page: the amount due, statements, payments, mandate."""
    due = amount_due(member=member)
    return {
        "due": due,
        "balance_cents": due.balance_cents,
        "payments": member_payments(member=member),
        "mandate": due.mandate,
        "past_mandates": list(Mandate.objects.filter(member=member).exclude(status=MandateStatus.ACTIVE)[:5]),
    }


def active_mandates_of(*, cooperative: Cooperative, member_ids: list[int]) -> list[Mandate]:
    """The active mandates of the members among `member_ids` (one query)."""
    return list(Mandate.objects.filter(cooperative=cooperative, member_id__in=member_ids, status=MandateStatus.ACTIVE))


PAYMENT_TONES: dict[str, str] = {
    PaymentStatus.SUCCEEDED: "green",
    PaymentStatus.FAILED: "red",
    PaymentStatus.RETURNED: "red",
    PaymentStatus.REFUNDED: "amber",
    PaymentStatus.CANCELLED: "",
}


@dataclass
class PaymentRow:
    date: dt.date
    description: str
    method: str
    status: str
    status_code: str
    amount_cents: int

    @property
    def tone(self) -> str:
        """The colour of the status badge: paid green, failed or returned red, refunded amber."""
        return PAYMENT_TONES.get(self.status_code, "blue")


def member_payments(*, member: Member, limit: int = 50) -> list[PaymentRow]:
    """Online payments and direct debits (Payment) and bank transfers (matched bank lines), newest first."""
    rows = [
        PaymentRow(
            date=p.paid_on or timezone.localdate(p.created_at),
            description=p.description,
            method=p.get_method_display(),
            status=p.get_status_display(),
            status_code=p.status,
            amount_cents=p.amount_cents,
        )
        for p in Payment.objects.filter(member=member)[:limit]
    ]
    rows += [
        PaymentRow(
            date=line.booked_on,
            description=line.description,
            method=str(PaymentMethod.BANK_TRANSFER.label),
            status=str(PaymentStatus.SUCCEEDED.label),
            status_code=PaymentStatus.SUCCEEDED,
            amount_cents=line.amount_cents,
        )
        for line in BankLine.objects.filter(
            member=member, status__in=(BankLineStatus.MATCHED, BankLineStatus.ASSIGNED)
        ).order_by("-booked_on", "-pk")[:limit]
    ]
    return sorted(rows, key=lambda r: r.date, reverse=True)[:limit]


def batches(*, cooperative: Cooperative) -> QuerySet[SepaBatch]:
    return SepaBatch.objects.filter(cooperative=cooperative).select_related("created_by__user").defer("xml")


def active_mandates(*, cooperative: Cooperative) -> QuerySet[Mandate]:
    return Mandate.objects.filter(cooperative=cooperative, status=MandateStatus.ACTIVE).select_related("member__user")


def imports(*, cooperative: Cooperative) -> QuerySet[BankImport]:
    return BankImport.objects.filter(cooperative=cooperative).select_related("uploaded_by__user")[:50]


def queue(*, cooperative: Cooperative) -> QuerySet[BankLine]:
    return BankLine.objects.filter(cooperative=cooperative, status=BankLineStatus.QUEUED, amount_cents__gt=0).order_by(
        "booked_on", "pk"
    )


def open_flags(*, cooperative: Cooperative) -> QuerySet[PaymentFlag]:
    """Returned direct debits the treasurer has not dealt with yet, newest first."""
    return PaymentFlag.objects.filter(cooperative=cooperative, resolved_at__isnull=True).select_related("member__user")


def unknown_returns(*, cooperative: Cooperative) -> QuerySet[BankLine]:
    """Money the bank took back for a direct debit DEEL does not know: for the treasurer to check."""
    return BankLine.objects.filter(cooperative=cooperative, status=BankLineStatus.RETURN_UNKNOWN).order_by(
        "-booked_on", "-pk"
    )


def import_lines(*, bank_import: BankImport) -> QuerySet[BankLine]:
    return bank_import.lines.select_related("member__user").order_by("booked_on", "pk")


def assignable_members(*, cooperative: Cooperative) -> QuerySet[Member]:
    return (
        Member.objects.filter(cooperative=cooperative, status__in=(MemberStatus.ACTIVE, MemberStatus.SUSPENDED))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def treasurer_addresses(*, cooperative_id: int) -> list[str]:
    """The e-mail addresses of the cooperative's active treasurers, sorted, each once."""
    emails = Member.objects.filter(
        cooperative_id=cooperative_id, status=MemberStatus.ACTIVE, roles__role=Role.TREASURER
    ).values_list("user__email", flat=True)
    return sorted(set(emails))


def payment_settings_for(*, cooperative: Cooperative) -> PaymentSettings:
    """The cooperative's settings (defaults until the treasurer saves them; not written here)."""
    found = PaymentSettings.objects.filter(cooperative=cooperative).first()
    return found or PaymentSettings(cooperative=cooperative)


def prenotification_days_required(*, cooperative: Cooperative, mandates: Iterable[Mandate] | None = None) -> int:
    """The pre-notification period a batch must respect: the cooperative's setting, or longer where
    a mandate was signed under a longer period. `mandates`: those to be collected (default: every
    active mandate of the cooperative, one query)."""
    settings = PaymentSettings.objects.filter(cooperative=cooperative).first()
    days = settings.prenotification_days if settings else PRENOTIFICATION_DAYS_DEFAULT
    if mandates is None:
        agreed = Mandate.objects.filter(cooperative=cooperative, status=MandateStatus.ACTIVE).aggregate(
            longest=Max("prenotification_days")
        )["longest"]
        return max(days, agreed or 0)
    return max([days, *(mandate.prenotification_days for mandate in mandates)])


def upcoming_target_holidays(*, start: dt.date, days: int = 90) -> list[tuple[dt.date, str]]:
    """The TARGET holidays (no collections) from `start` over the next `days` days."""
    return target_holidays_between(start, start + dt.timedelta(days=days))


def earliest_collection_date(
    *, cooperative: Cooperative, today: dt.date | None = None, mandates: Iterable[Mandate] | None = None
) -> dt.date:
    """The first TARGET business day a batch made `today` (of `mandates`, default every active one)
    may be collected on: after the pre-notification period (calendar days, see
    `prenotification_days_required`) and the scheme's lead time (TARGET business days)."""
    today = today or timezone.localdate()
    days = prenotification_days_required(cooperative=cooperative, mandates=mandates)
    after_notice = today + dt.timedelta(days=days)
    after_lead = add_target_business_days(today, SCHEME_LEAD_BUSINESS_DAYS)
    return next_target_business_day(max(after_notice, after_lead))


def collectable(*, cooperative: Cooperative) -> list[tuple[Mandate, int]]:
    """(mandate, amount) of every member with a valid mandate and something billed to pay: the
    open balance of what statements have shown (`billed_balances_by_member`), never a trip or
    fee charged after the member's last statement."""
    balances = billed_balances_by_member(cooperative=cooperative)
    mandates = (
        Mandate.objects.filter(
            cooperative=cooperative,
            status=MandateStatus.ACTIVE,
            member__status__in=(MemberStatus.ACTIVE, MemberStatus.SUSPENDED),
        )
        .select_related("member__user")
        .order_by("member_id")
    )
    return [(m, balances[m.member_id]) for m in mandates if balances.get(m.member_id, 0) > 0]


def settings_changes(*, cooperative: Cooperative, limit: int = 20) -> QuerySet[PaymentSettingsChange]:
    """Who changed the payment settings when, newest first (for the settings page)."""
    return PaymentSettingsChange.objects.filter(cooperative=cooperative).select_related("changed_by__user")[:limit]


# --- the treasurer's to-do inbox (composed in deel/inbox.py) ----------------------------


def queue_totals(*, cooperative: Cooperative) -> tuple[int, int]:
    """(count, total cents) of the incoming bank lines waiting to be assigned (one query)."""
    found = queue(cooperative=cooperative).aggregate(n=Count("pk"), total=Sum("amount_cents"))
    return int(found["n"] or 0), int(found["total"] or 0)


def returns_to_check(*, cooperative: Cooperative) -> int:
    """Returned direct debits not dealt with yet, and returns of unknown debits (two queries)."""
    return open_flags(cooperative=cooperative).count() + unknown_returns(cooperative=cooperative).count()


@dataclass
class OverdueSummary:
    count: int
    total_cents: int
    most_days_late: int  # days past the due date (issue date + payment term) of the longest overdue


def overdue_summary(*, cooperative: Cooperative, today: dt.date | None = None) -> OverdueSummary:
    """Members with a statement unpaid after the cooperative's payment term (`payment_term_days`
    after issue), their total, and how many days past due the longest overdue one is. Six queries."""
    rows = arrears(cooperative=cooperative, today=today or timezone.localdate())  # days count from the due date
    return OverdueSummary(
        count=len(rows),
        total_cents=sum(r.balance_cents for r in rows),
        most_days_late=max((r.days_overdue for r in rows), default=0),
    )


def collection_due(*, cooperative: Cooperative) -> tuple[int, int]:
    """(count, total cents) of the open balances a new SEPA batch would collect (two queries)."""
    rows = collectable(cooperative=cooperative)
    return len(rows), sum(amount for _m, amount in rows)


@dataclass
class QueueRow:
    """A bank line waiting to be assigned, with the member DEEL suggests (the treasurer decides)."""

    line: BankLine
    suggested: Member | None = None
    reason: str = ""


def _words(text: str) -> set[str]:
    return {w for w in "".join(ch if ch.isalnum() else " " for ch in text.casefold()).split() if len(w) >= 2}


def queue_with_suggestions(*, cooperative: Cooperative, members: list[Member]) -> list[QueueRow]:
    """The queue, each line with a suggested member among `members`: the member earlier money from
    the same IBAN went to; else the one member whose surname is in the counterparty's name (the one
    whose open balance is the amount, when several are); else the one member whose open balance is
    exactly the amount. Three queries."""
    lines = list(queue(cooperative=cooperative))
    if not lines:
        return []
    by_pk = {m.pk: m for m in members}
    ibans = {line.counterparty_iban for line in lines if line.counterparty_iban}
    known: dict[str, int] = {}
    if ibans:
        for iban, member_id in (
            BankLine.objects.filter(cooperative=cooperative, counterparty_iban__in=ibans, member__isnull=False)
            .order_by("booked_on", "pk")
            .values_list("counterparty_iban", "member_id")
        ):
            known[iban] = member_id  # the latest wins
    balances = balances_by_member(cooperative=cooperative)
    surnames = [(m, _words(m.user.last_name)) for m in members if m.user.last_name]
    rows = []
    for line in lines:
        row = QueueRow(line=line)
        earlier = known.get(line.counterparty_iban)
        if earlier is not None and earlier in by_pk:
            row.suggested, row.reason = by_pk[earlier], _("eerder geld van deze rekening")
        else:
            words = _words(line.counterparty_name)
            named = [m for m, parts in surnames if parts and parts <= words]
            exact = [m for m in named if balances.get(m.pk) == line.amount_cents]
            owing = [m for m in members if balances.get(m.pk) == line.amount_cents]
            if len(named) == 1:
                row.suggested, row.reason = named[0], _("naam tegenpartij")
            elif len(exact) == 1:
                row.suggested, row.reason = exact[0], _("naam tegenpartij en openstaand bedrag")
            elif len(owing) == 1:
                row.suggested, row.reason = owing[0], _("bedrag gelijk aan openstaand saldo")
        rows.append(row)
    return rows


@dataclass
class BatchPreview:
    """What `sepa_batch_create` would do for a requested date, shown before it is done."""

    requested: dt.date
    collection_date: dt.date  # the TARGET business day used
    earliest: dt.date
    rows: list[tuple[Mandate, int]]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def total_cents(self) -> int:
        return sum(amount for _m, amount in self.rows)

    @property
    def moved(self) -> bool:
        return self.collection_date != self.requested

    @property
    def too_early(self) -> bool:
        return self.collection_date < self.earliest


def sepa_batch_preview(
    *, cooperative: Cooperative, collection_date: dt.date, today: dt.date | None = None
) -> BatchPreview:
    """The members, amounts and date a batch made now for `collection_date` would collect
    (and e-mail a pre-notification to). Reads only."""
    rows = collectable(cooperative=cooperative)
    earliest = earliest_collection_date(cooperative=cooperative, today=today, mandates=[m for m, _a in rows])
    return BatchPreview(
        requested=collection_date,
        collection_date=next_target_business_day(collection_date),
        earliest=earliest,
        rows=rows,
    )
