"""Member statements (afschriften): gaplessly numbered per cooperative and year."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Cooperative, Member

from ..errors import LedgerError
from ..locks import statement_sequence_lock
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


def _balances(
    cooperative: Cooperative, *, before: dt.date | None = None, until: dt.date | None = None
) -> dict[int, int]:
    q = Q(account__cooperative=cooperative, account__purpose=AccountPurpose.RECEIVABLE)
    if before is not None:
        q &= Q(transaction__date__lt=before)
    if until is not None:
        q &= Q(transaction__date__lte=until)
    rows = Posting.objects.filter(q).values_list("account__member_id").annotate(total=Sum("amount_cents"))
    return {member_id: int(total) for member_id, total in rows if member_id is not None}


@transaction.atomic
def statements_issue(
    *,
    cooperative: Cooperative,
    period_start: dt.date,
    period_end: dt.date,
    members: Iterable[Member] | None = None,
) -> list[Statement]:
    """Issue the statements of a window for every member with postings (or `members`),
    once per member and window. Numbers are gapless per cooperative and year of
    `period_end` (the year's counter row is locked). A fixed number of queries."""
    if period_start > period_end:
        raise ValueError("period_start after period_end")
    opening = _balances(cooperative, before=period_start)
    closing = _balances(cooperative, until=period_end)
    active = set(
        Posting.objects.filter(
            account__cooperative=cooperative,
            account__purpose=AccountPurpose.RECEIVABLE,
            transaction__date__gte=period_start,
            transaction__date__lte=period_end,
        )
        .values_list("account__member_id", flat=True)
        .distinct()
    )
    if members is not None:
        wanted = {m.pk for m in members}
    else:
        wanted = active | {m for m, balance in closing.items() if balance}
    done = set(
        Statement.objects.filter(
            cooperative=cooperative, period_start=period_start, period_end=period_end, member_id__in=wanted
        ).values_list("member_id", flat=True)
    )
    todo = sorted(
        Member.objects.filter(cooperative=cooperative, pk__in=wanted - done)
        .select_related("user")
        .values_list("pk", "number"),
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
        close = closing.get(member_id, 0)
        statements.append(
            Statement(
                cooperative=cooperative,
                member_id=member_id,
                number=f"{year}-{n:04d}",
                period_start=period_start,
                period_end=period_end,
                opening_balance_cents=opening.get(member_id, 0),
                closing_balance_cents=close,
                amount_due_cents=close,
                payment_reference=payment_reference(year, n),
                issued_at=now,
            )
        )
    return Statement.objects.bulk_create(statements, batch_size=500)


def statements_issue_month(*, cooperative: Cooperative, month: dt.date) -> list[Statement]:
    """The monthly statements of the month containing `month` (first to last day), once
    per member, numbered on from the year's last number. Refused while the month runs:
    a statement's closing balance must not change after it is issued."""
    first = month.replace(day=1)
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    if not can_issue_statements_for(last, today=timezone.localdate()):
        raise LedgerError(
            _("Maand %(month)s loopt nog; de afschriften kunnen vanaf %(date)s.")
            % {"month": f"{first:%m-%Y}", "date": f"{last + dt.timedelta(days=1):%d-%m-%Y}"}
        )
    return statements_issue(cooperative=cooperative, period_start=first, period_end=last)
