"""Reading bank statement files: CAMT.053 (XML, read with defusedxml) and MT940 (mt-940).

`parse(data)` detects the format and returns a ParsedStatement of plain BankLineData, or
raises BankFileError (with a Dutch message) for the whole file: nothing is imported from
a file that cannot be read completely.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext as _

from ...errors import BankFileError
from . import camt, mt940
from .accounts import compact
from .lines import BankLineData, ParsedStatement

__all__ = ["BankLineData", "ParsedStatement", "account_matches", "detect_format", "parse"]


def account_matches(file_account: str, iban: str) -> bool:
    """Whether the account a bank file names is `iban`: the IBAN itself, or (older MT940
    exports) the bank's account number, with or without the bank code or currency around it."""
    own = compact(iban)
    named = compact(file_account)
    if not own or not named:
        return False
    if named == own or named == own + "EUR":
        return True
    if own.startswith("NL") and len(own) == 18:
        number = own[8:].lstrip("0")
        # Older exports name the bank and the account number: TRIODOSBANK/0390123456, ABNANL2A/417164300.
        digits = file_account.rsplit("/", 1)[-1].strip().upper().removesuffix("EUR").strip()
        return digits.isdigit() and digits.lstrip("0") == number
    return False


def _assign_keys(statement: ParsedStatement) -> None:
    """A stable key per line: the bank's own reference when present, else a digest of the
    line's content and its occurrence number among identical lines of the file."""
    seen: dict[str, int] = {}
    for line in statement.lines:
        if line.bank_reference:
            base = f"ref|{line.account or statement.account_iban}|{line.bank_reference}|{line.amount_cents}"
        else:
            base = "|".join(
                (
                    "content",
                    line.account or statement.account_iban,
                    line.booked_on.isoformat(),
                    str(line.amount_cents),
                    line.counterparty_iban,
                    line.end_to_end_id,
                    line.description,
                )
            )
        n = seen.get(base, 0)
        seen[base] = n + 1
        line.unique_key = hashlib.sha256(f"{base}|{n}".encode()).hexdigest()


def detect_format(data: bytes) -> str:
    head = data[:2000].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith(b"<"):
        return "camt053"
    text = head.decode("latin-1")
    if ":20:" in text and (":25:" in text or ":61:" in text):
        return "mt940"
    raise BankFileError(
        _("Dit bestand is geen bankafschrift dat DEEL kent. Gebruik een CAMT.053-bestand (XML) of MT940-bestand.")
    )


def parse(data: bytes) -> ParsedStatement:
    fmt = detect_format(data)
    statement = camt.parse(data) if fmt == "camt053" else mt940.parse(data)
    if not statement.lines:
        raise BankFileError(_("Het bestand bevat geen transacties; er is niets ingelezen."))
    _assign_keys(statement)
    return statement
