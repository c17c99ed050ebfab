"""MT940 statements of the Dutch banks, read with the mt-940 library.

One file may hold several statements (one per day, or per account); each is read and its
balance checked on its own. The library marks a reversal of a credit ("RC") as a positive
amount; here the sign follows the money: C and RD are money in, D and RC are money out.

The :86: details come in four layouts:
- SWIFT-style keys: ING (/EREF/../CNTP/iban/bic/name/../REMI/USTD//text/), Rabobank
  (/EREF/../ORDP//NAME/../REMI/..), ABN AMRO (/TRTP/../IBAN/../BIC/../NAME/../REMI/..); a SEPA
  batch payout carries its PmtInfId in /PREF/;
- Triodos: numbered sub-fields (>20..>29 text, >31 account, >32 >33 name);
- de Volksbank (ASN, SNS, RegioBank): "IBAN name" on the first line, then the text in lines
  of 65 characters; its :61: carries the IBAN in the customer reference, so it is read with
  the library's ASN statement tag;
- Knab and older files: free text, with "REK: iban/NAAM: name" where the bank gives it.
A creditor id (NL98ZZZ...) in the text is never taken for the counterparty's IBAN.
"""

from __future__ import annotations

import re
from typing import Any

import mt940
from django.utils.translation import gettext as _

from ...errors import BankFileError
from .accounts import compact, find_iban, is_iban
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
    "ULTB",
    "PURP",
    "TRCD",
    "TRTP",
    "IBAN",
    "BIC",
    "NAME",
    "ADDR",
    "ISDT",
    "BUSP",
    "NRTX",
    "SVCL",
    "EXCH",
    "CHGS",
    "OCMT",
)
_KEY_RE = re.compile(r"/(" + "|".join(KEYS) + r")/")
_TRIODOS_RE = re.compile(r">(\d{2})")
_KNAB_RE = re.compile(r"REK:\s*([A-Z0-9 ]+?)\s*/\s*NAAM:\s*(.*)", re.DOTALL)
_TAG61_RE = re.compile(r"^:61:", re.MULTILINE)
_BLOCK_RE = re.compile(r"^(?=:20:)", re.MULTILINE)
_TRAILER_RE = re.compile(r"^(-\}?\s*(\{5:.*)?|\{1:.*)$", re.MULTILINE)
_ACCOUNT_RE = re.compile(r"^:25:(.*)$", re.MULTILINE)
_BAL_RE = re.compile(r"^:(60[FM]|62[FM]):([CD])(\d{6})([A-Z]{3})([\d,]+)", re.MULTILINE)
# Bank codes of de Volksbank (ASN Bank, SNS, RegioBank) in an IBAN or in the file's header.
VOLKSBANK = ("ASNB", "SNSB", "RBRB")
LINE_WIDTH = 65  # an :86: line is at most 65 characters; a full one continues mid-word


def split_details(text: str) -> dict[str, str]:
    """'/EREF/X//CNTP/NL..//REMI/USTD//betaling/' -> {'EREF': 'X', 'CNTP': 'NL..', 'REMI': 'USTD//betaling'}."""
    fields: dict[str, str] = {}
    matches = list(_KEY_RE.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        fields.setdefault(match.group(1), text[match.end() : end].strip("/").strip())
    return fields


def decode(data: bytes) -> str:
    """UTF-8 when it is, else Windows-1252 (what Dutch bank software writes: € and ’ included),
    else Latin-1 (every byte is a character)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse(data: bytes) -> ParsedStatement:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if not _TAG61_RE.search(text):
        raise BankFileError(_("Het MT940-bestand bevat geen transacties (:61:); er is niets ingelezen."))
    volksbank_file = any(f"{{1:F01{code}" in text[:200] for code in VOLKSBANK)
    parsed = ParsedStatement(format="mt940", account_iban="")
    offset = 0
    for block in _BLOCK_RE.split(text):
        start_line = text.count("\n", 0, offset) + 1
        offset += len(block)
        if not block.startswith(":20:"):
            continue
        trailer = _TRAILER_RE.search(block)
        if trailer:
            block = block[: trailer.start()]
        account = _account(block)
        if account and account not in parsed.accounts:
            parsed.accounts.append(account)
        volksbank = volksbank_file or compact(account)[4:8] in VOLKSBANK
        parsed.lines.extend(_block_lines(block, account, volksbank, start_line))
    parsed.account_iban = parsed.accounts[0] if parsed.accounts else ""
    return parsed


def _account(block: str) -> str:
    found = _ACCOUNT_RE.search(block)
    value = found.group(1).replace(" ", "").strip() if found else ""
    return re.sub(r"EUR$", "", value)


def _block_lines(block: str, account: str, volksbank: bool, start_line: int) -> list[BankLineData]:
    statement_tag = mt940.tags.StatementASNB() if volksbank else mt940.tags.Statement()
    try:
        transactions = mt940.models.Transactions(tags={statement_tag.id: statement_tag})
        transactions.parse(block)
    except Exception:  # the library raises RuntimeError/ValueError/KeyError on a tag it cannot read
        raise BankFileError(_unreadable(block, statement_tag, start_line)) from None
    if len(_TAG61_RE.findall(block)) != len(transactions):
        raise BankFileError(_unreadable(block, statement_tag, start_line))
    lines: list[BankLineData] = []
    for number, tx in enumerate(transactions, start=1):
        try:
            line = _line(tx.data, volksbank)
        except (ValueError, TypeError, KeyError, AttributeError):
            raise BankFileError(
                _(
                    "Transactie %(number)s van het afschrift van %(account)s in het MT940-bestand is onleesbaar "
                    "(bedrag of datum ontbreekt). Er is niets ingelezen."
                )
                % {"number": number, "account": account or _("(onbekend)")}
            ) from None
        line.account = account
        lines.append(line)
    _check_balances(block, account, sum(line.amount_cents for line in lines))
    return lines


def _unreadable(block: str, statement_tag: Any, start_line: int) -> str:
    """Which line of the file the bank wrote so that it cannot be read, in words (never the
    library's own message, which shows its regular expressions)."""
    for index, raw in enumerate(block.split("\n")):
        if raw.startswith(":61:") and not statement_tag.re.match(raw[4:]):
            return _(
                "Regel %(line)s van het MT940-bestand is geen leesbare transactie (:61:): %(text)s. "
                "Er is niets ingelezen."
            ) % {"line": start_line + index, "text": raw[:60]}
        if raw[:5] in (":60F:", ":60M:", ":62F:", ":62M:") and not _BAL_RE.match(raw):
            return _(
                "Regel %(line)s van het MT940-bestand is geen leesbaar saldo: %(text)s. Er is niets ingelezen."
            ) % {"line": start_line + index, "text": raw[:60]}
    return _("Het MT940-bestand is beschadigd: niet alle transacties zijn leesbaar. Er is niets ingelezen.")


def _line(data: dict[str, Any], volksbank: bool) -> BankLineData:
    status = data["status"]
    amount = abs(decimal_to_cents(data["amount"].amount))
    if (data.get("currency") or "EUR") != "EUR":
        raise BankFileError(_("Het bestand bevat bedragen in een andere munt dan euro; er is niets ingelezen."))
    money_in = status in ("C", "RD")
    raw = (data.get("transaction_details") or "").replace("\r", "")
    extra = (data.get("extra_details") or "").strip()
    details = _details(raw, extra, volksbank, (data.get("customer_reference") or "").strip())
    booked = data.get("guessed_entry_date") or data["date"]
    eref = details.get("eref", "")
    reason = details.get("reason", "")
    return BankLineData(
        booked_on=booked,
        amount_cents=amount if money_in else -amount,
        counterparty_name=details.get("name", "").strip()[:140],
        counterparty_iban=details.get("iban", "")[:34],
        description=re.sub(r"\s+", " ", details.get("text", "")).strip()[:500],
        end_to_end_id="" if eref.upper() == "NOTPROVIDED" else eref[:35],
        bank_reference=(data.get("bank_reference") or "").strip()[:80],
        return_reason=reason[:10],
        is_return=not money_in and (status == "RC" or bool(reason)),
        batch_ids=tuple(i for i in (details.get("pref", ""),) if i and i.upper() != "NOTPROVIDED"),
    )


def _join_lines(lines: list[str]) -> str:
    """Lines of at most 65 characters: a full line continues in the next mid-word, a shorter one
    ends a phrase (de Volksbank pads lines with spaces to 65)."""
    out = ""
    for line in lines:
        stripped = line.rstrip()
        if stripped:
            out += stripped if len(stripped) >= LINE_WIDTH else stripped + " "
    return out.strip()


def _details(raw: str, extra: str, volksbank: bool, customer_reference: str) -> dict[str, str]:
    flat = raw.replace("\n", "")
    if _KEY_RE.search(flat):
        return _keyed(flat, extra)
    if re.match(r"\s*\d{3}>\d{2}", raw) or ">20" in raw or ">31" in raw:
        return _triodos(raw)
    if volksbank:
        return _volksbank(raw, customer_reference)
    return _free_text(raw, extra)


def _keyed(flat: str, extra: str) -> dict[str, str]:
    """ING, Rabobank, ABN AMRO: /KEY/value/ pairs."""
    fields = split_details(flat)
    name, iban = "", ""
    if "CNTP" in fields:  # ING: /CNTP/iban/bic/name/id/
        parts = fields["CNTP"].split("/")
        iban = parts[0] if parts else ""
        name = parts[2] if len(parts) > 2 else ""
    iban = iban if is_iban(iban) else ""
    if not iban and is_iban(fields.get("IBAN", "")):  # ABN AMRO
        iban = compact(fields["IBAN"])
    if not iban and is_iban(extra):  # Rabobank: the IBAN on the line after :61:
        iban = compact(extra)
    if not iban:
        # Only where no key names it; the creditor id (CSID) never counts.
        without_creditor = flat.replace(fields.get("CSID", "") or "\0", "")
        iban = find_iban(without_creditor)
    name = name or fields.get("NAME", "")
    remittance = fields.get("REMI", "")
    remittance = re.sub(r"^(USTD|STRD/CUR|STRD/ISO)/+", "", remittance).strip("/")
    if not remittance and "TRTP" in fields:
        remittance = fields["TRTP"]
    return {
        "name": name,
        "iban": iban,
        "text": remittance,
        "eref": fields.get("EREF", "").split("/")[0],
        "reason": fields.get("RTRN", "").split("/")[0],
        "pref": fields.get("PREF", "").split("/")[0],
    }


def _triodos(raw: str) -> dict[str, str]:
    """Triodos: '000>10ref>20text>21text...>31account>32name>33name'."""
    flat = raw.replace("\n", "")
    sub: dict[str, str] = {}
    matches = list(_TRIODOS_RE.finditer(flat))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(flat)
        sub.setdefault(match.group(1), "")
        sub[match.group(1)] += flat[match.end() : end]
    text = "".join(sub.get(str(n), "") for n in range(20, 30))
    account = next((compact(sub[k]) for k in ("31", "38") if is_iban(sub.get(k, ""))), "")
    name = (sub.get("32", "") + sub.get("33", "")).strip()
    return {"name": name, "iban": account, "text": text, "eref": "", "reason": "", "pref": ""}


def _volksbank(raw: str, customer_reference: str) -> dict[str, str]:
    """ASN, SNS, RegioBank: 'NL..IBAN name' then the text in lines of 65 characters."""
    lines = raw.split("\n")
    first = lines[0].strip()
    token, _sep, rest = first.partition(" ")
    iban = compact(token) if is_iban(token) else ""
    if not iban and is_iban(customer_reference):
        iban = compact(customer_reference)
    name = rest.strip() if (iban or token.isdigit()) else first
    return {"name": name, "iban": iban, "text": _join_lines(lines[1:]), "eref": "", "reason": "", "pref": ""}


def _free_text(raw: str, extra: str) -> dict[str, str]:
    """Knab and older files: text, with 'REK: iban/NAAM: name' where the bank gives it."""
    found = _KNAB_RE.search(raw)
    name, iban, text = "", "", raw
    if found:
        iban = compact(found.group(1)) if is_iban(found.group(1)) else ""
        name = found.group(2).replace("\n", " ").strip()
        text = raw[: found.start()]
    iban = iban or (compact(extra) if is_iban(extra) else "") or find_iban(raw)
    return {"name": name, "iban": iban, "text": text.replace("\n", " "), "eref": "", "reason": "", "pref": ""}


def _check_balances(block: str, account: str, total: int) -> None:
    """The statement's opening balance plus its lines must give its closing balance."""
    opening = closing = None
    for tag, sign, _date, _ccy, amount in _BAL_RE.findall(block):
        value = text_to_cents(amount) * (-1 if sign == "D" else 1)
        if tag.startswith("60") and opening is None:
            opening = value
        if tag.startswith("62"):
            closing = value
    if opening is None or closing is None:
        raise BankFileError(
            _(
                "Het MT940-afschrift van %(account)s mist een begin- of eindsaldo: het is onvolledig. "
                "Er is niets ingelezen."
            )
            % {"account": account or _("(onbekend)")}
        )
    if opening + total != closing:
        raise BankFileError(
            _(
                "Het beginsaldo plus de transacties is niet gelijk aan het eindsaldo: het bestand is onvolledig. "
                "Er is niets ingelezen."
            )
        )
