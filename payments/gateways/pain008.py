"""Building pain.008 direct-debit files with sepaxml, validated against the XSD it ships.

Only this module converts cents to SEPA's format (`to_sepa_amount`), restricts texts to the
SEPA character set (`sepa_text`) and knows the identification rules (`sepa_id_problem`; the
creditor identifier's check is `deel.creditor_id`), following the EPC SDD Core
customer-to-bank implementation guidelines and the Betaalvereniging's guidelines for the
Netherlands:
- texts use the Latin set a-z A-Z 0-9 / - ? : ( ) . , ' + and space; anything else is
  transliterated (é -> e, ß -> ss, & -> +) or left out; names are at most 70, the remittance
  information at most 140 characters;
- MsgId, PmtInfId, EndToEndId and MndtId use that set without spaces, at most 35 characters,
  never starting or ending with '/' nor containing '//';
- the BIC is optional (IBAN only, since February 2016): without it the agent is
  `FinInstnId/Othr/Id` "NOTPROVIDED";
- the creditor identifier (AT-02) carries ISO 7064 mod 97-10 check digits.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sepaxml import SepaDD
from sepaxml.validation import ValidationError

from deel.creditor_id import creditor_id_compact


class PainInvalid(Exception):
    """The generated file does not validate against the pain.008 XSD or breaks a SEPA rule."""


# Letters the Unicode decomposition does not reduce to a-z, and signs with a SEPA spelling.
_TRANSLITERATION = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Ø": "O",
        "ø": "o",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "Th",
        "þ": "th",
        "Ĳ": "IJ",
        "ĳ": "ij",
        "ı": "i",
        "&": "+",
        "€": "EUR",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "‘": "'",
        "’": "'",
        "‚": "'",
        "`": "'",
        "´": "'",
        '"': "'",
        "“": "'",
        "”": "'",
        "„": "'",
        "[": "(",
        "]": ")",
        "{": "(",
        "}": ")",
    }
)
_NOT_SEPA = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
_SEPA_ID = re.compile(r"[A-Za-z0-9/\-?:().,'+]{1,35}")
MAX_NAME = 70
MAX_REMITTANCE = 140


def sepa_text(value: str, max_length: int) -> str:
    """`value` in the SEPA character set: transliterated, other signs replaced by a space,
    spaces collapsed, cut to `max_length`."""
    text = unicodedata.normalize("NFKD", value.translate(_TRANSLITERATION))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_TRANSLITERATION)
    text = " ".join(_NOT_SEPA.sub(" ", text).split())
    return text[:max_length].rstrip()


def sepa_id_problem(value: str) -> str | None:
    """Why `value` cannot be a SEPA identification (MsgId, PmtInfId, EndToEndId, MndtId); None if it can."""
    if not _SEPA_ID.fullmatch(value):
        return "1 to 35 characters of a-z A-Z 0-9 / - ? : ( ) . , ' +"
    if value.startswith("/") or value.endswith("/") or "//" in value:
        return "no '/' at the start or end, no '//'"
    return None


def payment_info_id(message_id: str, sequence_type: str) -> str:
    """The PmtInfId of a batch's block of one sequence type: what banks report for a batch credit."""
    return f"{message_id}-{sequence_type}"


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


class _SepaDD(SepaDD):
    """sepaxml's writer, without its demand for a creditor BIC in pain.008.001.02 (optional since
    2016), and with known PmtInfIds: sepaxml names each block randomly, but a bank reports the
    PmtInfId of a batch credit, so it is the message id and the block's sequence type."""

    def _finalize_batch(self) -> None:
        super()._finalize_batch()
        for block in self._xml.iter("PmtInf"):
            sequence_type = block.findtext("PmtTpInf/SeqTp") or ""
            node = block.find("PmtInfId")
            if node is not None:
                node.text = payment_info_id(self.msg_id, sequence_type)

    def check_config(self, config: dict[str, Any]) -> bool:
        missing = [key for key in ("name", "IBAN", "batch", "creditor_id", "currency") if key not in config]
        if missing:
            raise PainInvalid("missing " + ", ".join(missing))
        return True


def _check_ids(*, message_id: str, debits: list[Debit]) -> None:
    named = [("MsgId", message_id)]
    for debit in debits:
        named += [("EndToEndId", debit.end_to_end_id), ("MndtId", debit.mandate_reference)]
        named += [("PmtInfId", payment_info_id(message_id, debit.sequence_type))]
    for tag, value in named:
        problem = sepa_id_problem(value)
        if problem:
            raise PainInvalid(f"{tag} {value!r}: {problem}")


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
    """The pain.008 XML of `debits`, validated against the XSD of `version` (PainInvalid otherwise).

    Every text is in the SEPA character set; the ids are checked, never changed (the bank's
    answers are matched on them); each block's PmtInfId is `payment_info_id(message_id, SeqTp)`;
    without a creditor BIC (or a debtor's) the agent says NOTPROVIDED."""
    compact_id = creditor_id_compact(creditor_id)
    if compact_id is None:
        raise PainInvalid(f"creditor identifier {creditor_id!r}: wrong form or check digits")
    _check_ids(message_id=message_id, debits=debits)
    config: dict[str, Any] = {
        "name": sepa_text(creditor_name, MAX_NAME),
        "IBAN": creditor_iban,
        "batch": True,
        "creditor_id": compact_id,
        "currency": "EUR",
    }
    if creditor_bic:
        config["BIC"] = creditor_bic
    try:
        document = _SepaDD(config, schema=version, clean=False)
        # A deterministic message id (the batch's), so the bank's answer can be traced back.
        msg = document._xml.find("CstmrDrctDbtInitn/GrpHdr/MsgId")
        document.msg_id = message_id
        if msg is not None:
            msg.text = message_id
        for debit in debits:
            payment: dict[str, Any] = {
                "name": sepa_text(debit.name, MAX_NAME),
                "IBAN": debit.iban,
                "amount": to_sepa_amount(debit.amount_cents),
                "type": debit.sequence_type,
                "collection_date": collection_date,
                "mandate_id": debit.mandate_reference,
                "mandate_date": debit.mandate_signed_on,
                "description": sepa_text(debit.description, MAX_REMITTANCE),
                "endtoend_id": debit.end_to_end_id,
            }
            if debit.bic:
                payment["BIC"] = debit.bic
            document.add_payment(payment)
        return bytes(document.export(validate=True))
    except ValidationError as exc:
        raise PainInvalid(str(exc.__cause__ or exc)) from exc
    except PainInvalid:
        raise
    except Exception as exc:  # sepaxml raises bare Exception for invalid config/payments
        if isinstance(exc, ValueError) and "SEPA amounts" in str(exc):
            raise
        raise PainInvalid(str(exc)) from exc
