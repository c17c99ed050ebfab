"""Member statements (afschriften): gaplessly numbered per cooperative and year."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.formats import format_date
from members.models import Cooperative, Member

from ..errors import LedgerError
from ..locks import statement_chain_lock, statement_sequence_lock
from ..models import AccountPurpose, Posting, Statement
from ..permissions import can_issue_statements_for


def payment_reference(year: int, seq: int) -> str:
    """A short reference a member can type: year, sequence and two check digits (mod 97),
    e.g. 2026 and 42 -> '20260004260'-like 11 digits. Unique per cooperative and year."""
    base = f"{year}{seq:05d}"
    check = 98 - (int(base) * 100) % 97
    return f"{base}{check:02d}"


def reference_is_valid(reference: str) -> bool:
    digits = "".join(ch for ch in reference if ch.isdigit())
    return len(digits) == 11 and int(digits) % 97 == 1


@transaction.atomic
def statements_issue(
    *,
    cooperative: Cooperative,
    period_start: dt.date,
    period_end: dt.date,
    members: Iterable[Member] | None = None,
) -> list[Statement]:
    """Issue the statements of a window for every member with something to show (or
    `members`), once per member and window.

    Guarantees: a statement is a snapshot. Its lines are every posting on the member's
    account dated up to `period_end` that no earlier statement showed (so a late entry
    or a settlement posted after its period reaches the member on the next statement),
    copied at issue; each posting is on one statement at most. It opens at the member's
    previous statement's closing balance (0 for the first), closes at opening + lines,
    and the amount due is the closing balance: later postings never change it. A member
    whose latest statement already reaches `period_end` gets none. Numbers are gapless
    per cooperative and year of `period_end`. Two runs at once never clash (the
    cooperative's statement chain is locked first); a fixed number of queries."""
    if period_start > period_end:
        raise ValueError("period_start after period_end")
    statement_chain_lock(cooperative=cooperative)
    wanted: set[int] | None = None if members is None else {m.pk for m in members}
    previous: dict[int, tuple[dt.date, int]] = {}
    latest = Statement.objects.filter(cooperative=cooperative)
    if wanted is not None:
        latest = latest.filter(member_id__in=wanted)
    latest_pks = latest.values("member_id").annotate(last=Max("pk")).values("last")
    for member_id, end, closing in Statement.objects.filter(pk__in=latest_pks).values_list(
        "member_id", "period_end", "closing_balance_cents"
    ):
        previous[member_id] = (end, int(closing))
    postings = Posting.objects.filter(
        account__cooperative=cooperative,
        account__purpose=AccountPurpose.RECEIVABLE,
        account__member__isnull=False,
        transaction__date__lte=period_end,
        statement_line__isnull=True,
    )
    if wanted is not None:
        postings = postings.filter(account__member_id__in=wanted)
    totals = postings.values_list("account__member_id").annotate(total=Sum("amount_cents")).order_by()
    new_totals = {member_id: int(total) for member_id, total in totals}
    candidates = set(new_totals) | {m for m, (_end, closing) in previous.items() if closing}
    if wanted is not None:
        candidates = wanted
    # A member whose chain already reaches this window's end (this window, or a later or
    # longer one) gets no statement: it would open before the previous one closed.
    todo_ids = {m for m in candidates if m not in previous or previous[m][0] < period_end}
    if not todo_ids:
        return []
    todo = sorted(
        Member.objects.filter(cooperative=cooperative, pk__in=todo_ids).values_list("pk", "number"),
        key=lambda row: (row[1] is None, row[1] or 0, row[0]),
    )
    if not todo:
        return []
    year = period_end.year
    seq = statement_sequence_lock(cooperative=cooperative, year=year)
    first = seq.last + 1
    seq.last += len(todo)
    seq.save(update_fields=["last"])
    now = timezone.now()
    statements = []
    for i, (member_id, _number) in enumerate(todo):
        n = first + i
        opening = previous.get(member_id, (None, 0))[1]
        close = opening + new_totals.get(member_id, 0)
        statements.append(
            Statement(
                cooperative=cooperative,
                member_id=member_id,
                number=f"{year}-{n:04d}",
                period_start=period_start,
                period_end=period_end,
                opening_balance_cents=opening,
                closing_balance_cents=close,
                amount_due_cents=close,
                payment_reference=payment_reference(year, n),
                issued_at=now,
            )
        )
    created = Statement.objects.bulk_create(statements, batch_size=BATCH)
    _insert_lines(cooperative=cooperative, period_end=period_end, statement_ids=[st.pk for st in created])
    return created


BATCH = 2000

# The lines are copied inside the database (a quarter of a large cooperative has tens of
# thousands of trip postings: read into Python and written back they took seconds). Plain
# SQL that SQLite and PostgreSQL both run; the same filter as `postings` above, so each
# statement's lines add up to the total its closing balance was computed from.
_INSERT_LINES_SQL = """
INSERT INTO ledger_statementline
    (statement_id, posting_id, kind, date, description, amount_cents, plate, km, minutes, settlement_id)
SELECT s.id, p.id,
    CASE WHEN t.source_key LIKE 'trip:%%' THEN 'trip'
         WHEN t.source_key LIKE 'fee:%%' THEN 'fee'
         WHEN t.source_key LIKE 'expense:%%' THEN 'expense'
         WHEN t.source_key LIKE 'settlement:%%' THEN 'settlement'
         ELSE 'other' END,
    t.date, t.description, p.amount_cents, COALESCE(v.plate, ''), tc.km, tc.minutes, st.id
{source}
LEFT JOIN ledger_tripcharge tc ON tc.transaction_id = t.id
LEFT JOIN vehicles_vehicle v ON v.id = tc.vehicle_id
LEFT JOIN ledger_settlement st ON st.transaction_id = t.id
WHERE {which}
"""
# The postings of the new statements that no statement shows yet.
_SOURCE_SQL = """FROM ledger_posting p
JOIN ledger_account a ON a.id = p.account_id
JOIN ledger_transaction t ON t.id = p.transaction_id
JOIN ledger_statement s ON s.member_id = a.member_id"""
_UNSTATED_SQL = """a.cooperative_id = %s AND a.purpose = %s AND t.date <= %s
  AND s.id IN ({ids})
  AND NOT EXISTS (SELECT 1 FROM ledger_statementline sl WHERE sl.posting_id = p.id)"""


def _insert_lines(*, cooperative: Cooperative, period_end: dt.date, statement_ids: list[int]) -> None:
    """Copy every posting a new statement shows into its lines, inside the database."""
    if not statement_ids:
        return
    params: list[Any] = [cooperative.pk, AccountPurpose.RECEIVABLE.value, period_end, *statement_ids]
    unstated = _UNSTATED_SQL.format(ids=", ".join(["%s"] * len(statement_ids)))
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # SQLite reads the whole SELECT before it writes a row (it reads the table it fills).
            cursor.execute(_INSERT_LINES_SQL.format(source=_SOURCE_SQL, which=unstated), params)
            return
        # PostgreSQL writes while it reads. While the lines table still looks empty to the
        # planner, the "not on a statement yet" test becomes a scan of that table per posting,
        # and the table grows with every line written: quadratic (84 s for 150,000 lines
        # instead of 2 s, bench/settlement.py). So the postings are chosen first, then copied.
        cursor.execute(f"SELECT p.id, s.id {_SOURCE_SQL} WHERE {unstated}", params)
        rows = cursor.fetchall()
        if not rows:
            return
        cursor.execute(
            _INSERT_LINES_SQL.format(
                source=_SOURCE_SQL + " JOIN unnest(%s::bigint[], %s::bigint[]) AS u(posting_id, statement_id)"
                " ON u.posting_id = p.id AND u.statement_id = s.id",
                which="TRUE",
            ),
            [[posting for posting, _s in rows], [statement for _p, statement in rows]],
        )


def statements_month_window(*, month: dt.date, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of the month containing `month`; refused (LedgerError) while it runs:
    a statement's closing balance must not change after it is issued."""
    first = month.replace(day=1)
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    if not can_issue_statements_for(last, today=today or timezone.localdate()):
        raise LedgerError(
            _("Maand %(month)s loopt nog; de afschriften kunnen vanaf %(date)s.")
            % {"month": f"{first:%m-%Y}", "date": format_date(last + dt.timedelta(days=1))}
        )
    return first, last


def statements_issue_month(*, cooperative: Cooperative, month: dt.date) -> list[Statement]:
    """The monthly statements of the month containing `month` (first to last day), once
    per member, numbered on from the year's last number. Refused while the month runs."""
    first, last = statements_month_window(month=month)
    return statements_issue(cooperative=cooperative, period_start=first, period_end=last)
