"""Reading the books: balances, statements, dashboards. Every read is scoped to a cooperative."""

from __future__ import annotations

from django.db.models import Sum

from members.models import Cooperative, Member

from .models import AccountPurpose, Posting


def member_balance_cents(*, member: Member) -> int:
    """The member's current account balance: positive = the member owes the cooperative."""
    total = Posting.objects.filter(
        account__purpose=AccountPurpose.RECEIVABLE, account__member=member
    ).aggregate(total=Sum("amount_cents"))["total"]
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
