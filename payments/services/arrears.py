"""Overdue balances: a reminder the day after the due date and a second 14 days later, and
suspension above the statutes' limit."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from deel import mail
from ledger.selectors import balances_by_member
from members.models import Cooperative, Member, MemberStatus

from .. import tasks
from ..models import ArrearsReminder, PaymentSettings
from ..selectors import OVERDUE_DAYS, SUSPENSION_REASON, ArrearsRow, arrears

log = logging.getLogger(__name__)


@transaction.atomic
def arrears_run(*, cooperative: Cooperative, today: dt.date | None = None) -> int:
    """Send each reminder once (per member, level and statement: the first a day past the due
    date, the second 14 days past it, `OVERDUE_DAYS`); when the statutes set an arrears limit,
    suspend booking for members 14 days past the due date above it and lift that suspension once
    they are below it. Returns the number of reminders queued."""
    today = today or timezone.localdate()
    rows = arrears(cooperative=cooperative, today=today)
    sent = 0
    for row in rows:
        first, second = OVERDUE_DAYS
        for level in (first, second):
            if row.days_overdue < level or level in row.reminders:
                continue
            if level == first and row.second_due:
                continue  # straight to the second reminder; never two mails on one day
            try:
                with transaction.atomic():
                    reminder = ArrearsReminder.objects.create(
                        cooperative=cooperative,
                        member=row.member,
                        level_days=level,
                        due_key=row.statement.number,
                        amount_cents=row.balance_cents,
                    )
            except IntegrityError:
                continue
            mail.after_commit(tasks.send_arrears_mail, reminder.pk)
            sent += 1
    _suspensions(cooperative, rows)
    return sent


def _suspensions(cooperative: Cooperative, rows: list[ArrearsRow]) -> None:
    try:
        from members.services import member_reinstate, member_suspend
    except ImportError:  # pragma: no cover - members offers them
        return
    settings = PaymentSettings.objects.filter(cooperative=cooperative).first()
    limit = settings.arrears_limit_cents if settings else None
    if limit is None:
        return
    over = {row.member.pk: row for row in rows if row.second_due and row.balance_cents > limit}
    for row in over.values():
        if row.member.status == MemberStatus.ACTIVE:
            member_suspend(member=row.member, reason=SUSPENSION_REASON, by=None)
    balances = balances_by_member(cooperative=cooperative)
    for member in Member.objects.filter(
        cooperative=cooperative, status=MemberStatus.SUSPENDED, suspension_reason=SUSPENSION_REASON
    ).exclude(pk__in=over):
        if balances.get(member.pk, 0) <= limit:
            member_reinstate(member=member, by=None)
