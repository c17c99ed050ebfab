"""What a bank file says, as plain data: the statement and its lines (read by camt and mt940)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class BankLineData:
    booked_on: date
    amount_cents: int  # positive: money in
    counterparty_name: str = ""
    counterparty_iban: str = ""
    description: str = ""
    end_to_end_id: str = ""
    bank_reference: str = ""
    return_reason: str = ""
    is_return: bool = False
    unique_key: str = ""
    # The account of the statement the line is on (a file may hold several accounts).
    account: str = ""
    # Ids of a SEPA batch the bank reports with the line: PmtInfId (CAMT Btch/PmtInfId,
    # MT940 /PREF/) and message id; a credit carrying one is that batch's payout.
    batch_ids: tuple[str, ...] = ()


@dataclass
class ParsedStatement:
    format: str
    account_iban: str
    lines: list[BankLineData] = field(default_factory=list)
    # Every account the file reports on (a file may hold statements of several accounts).
    accounts: list[str] = field(default_factory=list)
