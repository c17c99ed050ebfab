"""MT940 statements (ING, Rabobank, ABN AMRO) read with the mt-940 library.

The library marks a reversal of a credit ("RC") as a positive amount; here the sign
follows the money: C and RD are money in, D and RC are money out. The :86: details in
the Dutch banks' structured form (/EREF/.../CNTP/iban/bic/name/.../REMI/...) are split
into counterparty, end-to-end id, return reason and remittance text.
"""

from __future__ import annotations

import re
from typing import Any

import mt940
from django.utils.translation import gettext as _

from ...errors import BankFileError
from .amounts import decimal_to_cents, text_to_cents
from .lines import BankLineData, ParsedStatement

KEYS = (
    "EREF",
    "CNTP",
    "REMI",
    "RTRN",
    "MARF",
    "CSID",
    "PREF",
    "IREF",
    "BENM",
    "ORDP",
    "ULTC",
    "ULTD",
    "PURP",
    "TRCD",
    "NAME",
    "ADDR",
    "ISDT",
    "BUSP",
)
_KEY_RE = re.compile(r"/(" + "|".join(KEYS) + r")/")
_IBAN_RE = re.compile(r"\b([A-Z]{2}\d{2}[A-Z0-9]{10,30})\b")


def split_details(text: str) -> dict[str, str]:
    """'/EREF/X//CNTP/NL..//REMI/USTD//betaling/' -> {'EREF': 'X', 'CNTP': 'NL..', 'REMI': 'USTD//betaling'}."""
    fields: dict[str, str] = {}
    matches = list(_KEY_RE.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        fields.setdefault(match.group(1), text[match.end() : end].strip("/").strip())
    return fields


def parse(data: bytes) -> ParsedStatement:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if ":61:" not in text:
        raise BankFileError(_("Het MT940-bestand bevat geen transacties (:61:); er is niets ingelezen."))
    try:
        transactions = mt940.models.Transactions()
        transactions.parse(text)
    except Exception as exc:  # the library raises RuntimeError/ValueError/KeyError on broken tags
        raise BankFileError(
            _("Het MT940-bestand is beschadigd (%(detail)s); er is niets ingelezen.") % {"detail": str(exc)[:80]}
        ) from None
    account = str(transactions.data.get("account_identification", "")).replace(" ", "")
    account = re.sub(r"EUR$", "", account)
    if text.count(":61:") != len(transactions):
        raise BankFileError(_("Niet alle transacties in het MT940-bestand zijn leesbaar; er is niets ingelezen."))
    accounts = [re.sub(r"EUR$", "", value.replace(" ", "").strip()) for value in _ACCOUNT_RE.findall(text)]
    parsed = ParsedStatement(format="mt940", account_iban=account, accounts=accounts or [account])
    total = 0
    try:
        for tx in transactions:
            line = _line(tx.data)
            total += line.amount_cents
            parsed.lines.append(line)
        _check_balances(text, total)
    except BankFileError:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise BankFileError(
            _("Het MT940-bestand bevat een onleesbare transactie (%(detail)s); er is niets ingelezen.")
            % {"detail": str(exc)[:80]}
        ) from None
    return parsed


def _line(data: dict[str, Any]) -> BankLineData:
    status = data["status"]
    amount = abs(decimal_to_cents(data["amount"].amount))
    if (data.get("currency") or "EUR") != "EUR":
        raise BankFileError(_("Het bestand bevat bedragen in een andere munt dan euro; er is niets ingelezen."))
    money_in = status in ("C", "RD")
    details_raw = (data.get("transaction_details") or "").replace("\n", "")
    fields = split_details(details_raw)
    name, iban = "", ""
    if "CNTP" in fields:
        parts = fields["CNTP"].split("/")
        iban = parts[0] if parts else ""
        name = parts[2] if len(parts) > 2 else ""
    else:
        extra = (data.get("extra_details") or "").strip()
        found = _IBAN_RE.search(extra) or _IBAN_RE.search(details_raw)
        iban = found.group(1) if found else ""
        name = fields.get("NAME", "")
    remittance = fields.get("REMI", details_raw if not fields else "")
    remittance = re.sub(r"^(USTD|STRD/CUR)//?", "", remittance).strip("/")
    reason = fields.get("RTRN", "").split("/")[0]
    booked = data.get("guessed_entry_date") or data["date"]
    bank_ref = (data.get("bank_reference") or "").strip()
    eref = fields.get("EREF", "")
    return BankLineData(
        booked_on=booked,
        amount_cents=amount if money_in else -amount,
        counterparty_name=name[:140],
        counterparty_iban=iban.replace(" ", "").upper()[:34],
        description=remittance[:500],
        end_to_end_id="" if eref == "NOTPROVIDED" else eref[:35],
        bank_reference=bank_ref[:80],
        return_reason=reason[:10],
        is_return=not money_in and (status == "RC" or bool(reason)),
    )


_ACCOUNT_RE = re.compile(r"^:25:(.*)$", re.MULTILINE)
_BAL_RE = re.compile(r":(60[FM]|62[FM]):([CD])(\d{6})([A-Z]{3})([\d,]+)")


def _check_balances(text: str, total: int) -> None:
    """First opening balance plus all lines must give the last closing balance."""
    opening = closing = None
    for tag, sign, _date, _ccy, amount in _BAL_RE.findall(text):
        value = text_to_cents(amount) * (-1 if sign == "D" else 1)
        if tag.startswith("60") and opening is None:
            opening = value
        if tag.startswith("62"):
            closing = value
    if opening is None or closing is None:
        raise BankFileError(
            _("Het MT940-bestand mist een begin- of eindsaldo: het is onvolledig. Er is niets ingelezen.")
        )
    if opening + total != closing:
        raise BankFileError(
            _(
                "Het beginsaldo plus de transacties is niet gelijk aan het eindsaldo: het bestand is onvolledig. "
                "Er is niets ingelezen."
            )
        )
