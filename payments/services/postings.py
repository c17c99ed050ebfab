"""Booking received money on a member's account, through the ledger's services only."""

from __future__ import annotations

import datetime as dt

from ledger.models import AccountPurpose, Transaction
from ledger.services import Line, account_for, transaction_post
from members.models import Cooperative, Member


def receipt_post(
    *,
    cooperative: Cooperative,
    member: Member,
    amount_cents: int,
    date: dt.date,
    description: str,
    source_key: str,
    debit_purpose: str = AccountPurpose.BANK,
    created_by: Member | None = None,
) -> tuple[Transaction, bool]:
    """Debit the bank (or Stripe clearing) and credit the member's receivable, once per source_key."""
    debit = account_for(cooperative=cooperative, purpose=debit_purpose)
    receivable = account_for(cooperative=cooperative, purpose=AccountPurpose.RECEIVABLE, member=member)
    return transaction_post(
        cooperative=cooperative,
        date=date,
        description=description,
        source_key=source_key,
        lines=[
            Line(account=debit, amount_cents=amount_cents),
            Line(account=receivable, amount_cents=-amount_cents, member=member),
        ],
        created_by=created_by,
    )
