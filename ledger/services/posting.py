"""Writing to the books: the only place that creates transactions and postings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from members.models import Cooperative, Member
from vehicles.models import Vehicle

from ..bulk import copy_rows, use_copy
from ..errors import UnbalancedTransaction
from ..locks import period_lock
from ..models import Account, Period, PeriodStatus, Posting, Transaction
from .periods import period_bounds


@dataclass(frozen=True)
class Line:
    account: Account
    amount_cents: int
    member: Member | None = None
    vehicle: Vehicle | None = None


def period_for_date(*, cooperative: Cooperative, date: dt.date) -> Period:
    """The cooperative's period containing `date`, created (open) when missing."""
    period = Period.objects.filter(cooperative=cooperative, starts_on__lte=date, ends_on__gte=date).first()
    if period is not None:
        return period
    label, starts_on, ends_on = period_bounds(cooperative.settlement_period, date)
    period, _created = Period.objects.get_or_create(
        cooperative=cooperative, label=label, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    return period


def period_for_posting(*, cooperative: Cooperative, date: dt.date) -> Period:
    """The open period a transaction dated `date` is booked in, locked: the period of the
    date while it is open, else the first open period after it (created when missing).
    Only the settlement posts into a settled period, and nothing into a closed one."""
    period = period_lock(period_for_date(cooperative=cooperative, date=date).pk)
    while period.status != PeriodStatus.OPEN:
        period = period_lock(period_for_date(cooperative=cooperative, date=period.ends_on + dt.timedelta(days=1)).pk)
    return period


def late_note(period: Period, date: dt.date) -> str:
    """The note on a transaction booked in a later period than its date."""
    return _("laat geboekt in %(period)s; de periode van %(date)s was al afgerekend") % {
        "period": period.label,
        "date": f"{date:%d-%m-%Y}",
    }


@transaction.atomic
def transaction_post(
    *,
    cooperative: Cooperative,
    date: dt.date,
    description: str,
    source_key: str,
    lines: list[Line],
    created_by: Member | None = None,
    reverses: Transaction | None = None,
) -> tuple[Transaction, bool]:
    """Post a balanced transaction once per `source_key`.

    Guarantees: the lines sum to zero (else UnbalancedTransaction, nothing written);
    every account belongs to `cooperative`; the transaction keeps its real `date` and is
    booked in the date's period while that is open, else in the first open period after
    it, with a note in its description (a settled or closed period takes nothing new: the
    database refuses it too); a second call with the same `source_key` writes nothing and
    returns the existing transaction. Returns `(transaction, created)`.
    """
    existing = Transaction.objects.filter(cooperative=cooperative, source_key=source_key).first()
    if existing is not None:
        return existing, False
    lines = [line for line in lines if line.amount_cents != 0]
    if not lines:
        raise UnbalancedTransaction(_("Een boeking zonder bedragen kan niet worden geboekt."))
    if any(not isinstance(line.amount_cents, int) for line in lines):
        raise TypeError("amounts must be int cents")
    if sum(line.amount_cents for line in lines) != 0:
        raise UnbalancedTransaction(_("De boekingsregels tellen niet op tot nul."))
    if any(line.account.cooperative_id != cooperative.pk for line in lines):
        raise ValueError("account of another cooperative")
    period = period_for_posting(cooperative=cooperative, date=date)
    if not period.starts_on <= date <= period.ends_on:
        note = f" ({late_note(period, date)})"
        description = description[: 200 - len(note)] + note
    txn = Transaction(
        cooperative=cooperative,
        period=period,
        date=date,
        description=description[:200],
        source_key=source_key,
        created_by=created_by,
        reverses=reverses,
    )
    try:
        with transaction.atomic():
            if connection.vendor == "sqlite":
                _insert_sealed(txn, lines)
            else:
                txn.save(force_insert=True)
                _insert_postings(txn, lines)
    except IntegrityError:
        # Another transaction posted the same source concurrently: replays change nothing.
        found = Transaction.objects.filter(cooperative=cooperative, source_key=source_key).first()
        if found is None:
            raise
        return found, False
    return txn, True


def _insert_sealed(txn: Transaction, lines: list[Line]) -> None:
    """SQLite: the postings first, then their header, which seals them. SQLite has no
    statement-level or deferred triggers, so the header's insert trigger checks the balance
    and no posting may join a transaction whose header exists (ledger migration 0014); the
    deferred foreign key refuses, at commit, postings left without a header. The id is
    free here: SQLite transactions are opened IMMEDIATE (deel.settings), one writer at a time."""
    top = Transaction.objects.aggregate(top=Max("pk"))["top"] or 0
    txn.pk = top + 1
    _insert_postings(txn, lines)
    txn.save(force_insert=True)


def _insert_postings(txn: Transaction, lines: list[Line]) -> None:
    """Insert the lines of `txn` in one statement (the database triggers check balance and
    open period per statement, so they see the whole transaction)."""
    rows = [
        (
            txn.pk,
            line.account.pk,
            line.amount_cents,
            line.member.pk if line.member is not None else line.account.member_id,
            line.vehicle.pk if line.vehicle is not None else line.account.vehicle_id,
        )
        for line in lines
    ]
    if use_copy(len(rows)):
        copy_rows("ledger_posting", ["transaction_id", "account_id", "amount_cents", "member_id", "vehicle_id"], rows)
        return
    Posting.objects.bulk_create(
        [
            Posting(transaction=txn, account_id=a, amount_cents=amount, member_id=m, vehicle_id=v)
            for _t, a, amount, m, v in rows
        ]
    )


@transaction.atomic
def transaction_reverse(
    *, original: Transaction, date: dt.date, description: str, source_key: str, created_by: Member | None = None
) -> tuple[Transaction, bool]:
    """Post the mirror image of `original` (once per `source_key`): the only correction."""
    lines = [
        Line(account=p.account, amount_cents=-p.amount_cents, member=p.member, vehicle=p.vehicle)
        for p in original.postings.select_related("account")
    ]
    return transaction_post(
        cooperative=original.cooperative,
        date=date,
        description=description,
        source_key=source_key,
        lines=lines,
        created_by=created_by,
        reverses=original,
    )
