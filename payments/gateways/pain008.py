"""Building pain.008 direct-debit files with sepaxml, validated against the XSD it ships.

Only this module converts cents to SEPA's format (`to_sepa_amount`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sepaxml import SepaDD
from sepaxml.validation import ValidationError


class PainInvalid(Exception):
    """The generated file does not validate against the pain.008 XSD."""


def to_sepa_amount(cents: int) -> int:
    """Integer cents to sepaxml's amount (integer cents, written as 12.34 in the file)."""
    if not isinstance(cents, int) or isinstance(cents, bool) or not 1 <= cents <= 999_999_999_99:
        raise ValueError("SEPA amounts are 0.01 to 999,999,999.99 EUR")
    return cents


@dataclass(frozen=True)
class Debit:
    name: str
    iban: str
    bic: str
    amount_cents: int
    sequence_type: str  # FRST or RCUR
    mandate_reference: str
    mandate_signed_on: dt.date
    description: str
    end_to_end_id: str


def build_pain008(
    *,
    version: str,
    message_id: str,
    creditor_name: str,
    creditor_iban: str,
    creditor_bic: str,
    creditor_id: str,
    collection_date: dt.date,
    debits: list[Debit],
) -> bytes:
    """The pain.008 XML of `debits`, validated against the XSD of `version` (PainInvalid otherwise)."""
    config = {
        "name": creditor_name,
        "IBAN": creditor_iban,
        "BIC": creditor_bic,
        "batch": True,
        "creditor_id": creditor_id,
        "currency": "EUR",
    }
    try:
        document = SepaDD(config, schema=version, clean=True)
        # A deterministic message id (the batch's), so the bank's answer can be traced back.
        msg = document._xml.find("CstmrDrctDbtInitn/GrpHdr/MsgId")
        document.msg_id = message_id
        if msg is not None:
            msg.text = message_id
        for debit in debits:
            payment = {
                "name": debit.name,
                "IBAN": debit.iban,
                "amount": to_sepa_amount(debit.amount_cents),
                "type": debit.sequence_type,
                "collection_date": collection_date,
                "mandate_id": debit.mandate_reference,
                "mandate_date": debit.mandate_signed_on,
                "description": debit.description,
                "endtoend_id": debit.end_to_end_id,
            }
            if debit.bic:
                payment["BIC"] = debit.bic
            document.add_payment(payment)
        return bytes(document.export(validate=True))
    except ValidationError as exc:
        raise PainInvalid(str(exc.__cause__ or exc)) from exc
    except Exception as exc:  # sepaxml raises bare Exception for invalid config/payments
        if isinstance(exc, ValueError) and "SEPA amounts" in str(exc):
            raise
        raise PainInvalid(str(exc)) from exc
