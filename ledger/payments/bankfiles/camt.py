"""CAMT.053 (bank-to-customer statement, camt.053.001.02 and later) read with defusedxml."""

from __future__ import annotations

import datetime as dt
from xml.etree.ElementTree import Element  # noqa: S405  (types only; parsing is defusedxml)

from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _

from ..errors import BankFileError
from . import BankLineData, ParsedStatement
from .amounts import text_to_cents

RETURN_SUBFAMILIES = {"UPDD", "RRTN", "PRDD", "ARET"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(el: Element | None, path: str) -> Element | None:
    """Find by local names (a/b/c), ignoring the namespace version of the bank's file."""
    if el is None:
        return None
    current: list[Element] = [el]
    for part in path.split("/"):
        nxt = [child for node in current for child in node if _local(child.tag) == part]
        if not nxt:
            return None
        current = nxt
    return current[0]


def _findall(el: Element, name: str) -> list[Element]:
    return [child for child in el if _local(child.tag) == name]


def _text(el: Element | None, path: str) -> str:
    found = _find(el, path)
    return (found.text or "").strip() if found is not None else ""


def _date(el: Element, path: str) -> dt.date | None:
    text = _text(el, f"{path}/Dt") or _text(el, f"{path}/DtTm")[:10]
    if not text:
        return None
    return dt.date.fromisoformat(text[:10])


def _amount(el: Element | None) -> int:
    if el is None:
        raise ValueError("no amount")
    if (el.get("Ccy") or "EUR") != "EUR":
        raise BankFileError(_("Het bestand bevat bedragen in een andere munt dan euro; er is niets ingelezen."))
    return text_to_cents(el.text or "")


def parse(data: bytes) -> ParsedStatement:
    try:
        root = SafeET.fromstring(data)
    except Exception:  # defusedxml raises ParseError and its own DefusedXmlException family
        raise BankFileError(_("Het XML-bestand is beschadigd of onvolledig; er is niets ingelezen.")) from None
    if _local(root.tag) != "Document" or _find(root, "BkToCstmrStmt") is None:
        raise BankFileError(
            _("Dit XML-bestand is geen CAMT.053-bankafschrift (BkToCstmrStmt ontbreekt); er is niets ingelezen.")
        )
    bk = _find(root, "BkToCstmrStmt")
    assert bk is not None
    statements = _findall(bk, "Stmt")
    if not statements:
        raise BankFileError(_("Het CAMT.053-bestand bevat geen afschrift; er is niets ingelezen."))
    account = _text(statements[0], "Acct/Id/IBAN")
    parsed = ParsedStatement(format="camt053", account_iban=account)
    try:
        for stmt in statements:
            _check_balances(stmt)
            for entry in _findall(stmt, "Ntry"):
                parsed.lines.extend(_entry_lines(entry))
    except BankFileError:
        raise
    except (ValueError, TypeError) as exc:
        raise BankFileError(
            _("Het CAMT.053-bestand bevat een onleesbare transactie (%(detail)s); er is niets ingelezen.")
            % {"detail": str(exc)[:80]}
        ) from None
    return parsed


def _check_balances(stmt: Element) -> None:
    """Opening balance plus the entries must give the closing balance: a truncated file is refused."""
    balances: dict[str, int] = {}
    for bal in _findall(stmt, "Bal"):
        code = _text(bal, "Tp/CdOrPrtry/Cd")
        sign = -1 if _text(bal, "CdtDbtInd") == "DBIT" else 1
        balances[code] = sign * _amount(_find(bal, "Amt"))
    if "OPBD" not in balances or "CLBD" not in balances:
        return
    total = 0
    for entry in _findall(stmt, "Ntry"):
        sign = -1 if _text(entry, "CdtDbtInd") == "DBIT" else 1
        total += sign * _amount(_find(entry, "Amt"))
    if balances["OPBD"] + total != balances["CLBD"]:
        raise BankFileError(
            _(
                "Het beginsaldo plus de transacties is niet gelijk aan het eindsaldo: het bestand is onvolledig. "
                "Er is niets ingelezen."
            )
        )


def _entry_lines(entry: Element) -> list[BankLineData]:
    indicator = _text(entry, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise ValueError("CdtDbtInd")
    sign = 1 if indicator == "CRDT" else -1
    status = _text(entry, "Sts") or _text(entry, "Sts/Cd")
    if status and status not in ("BOOK",):
        return []  # pending or information-only entries are not booked yet
    booked_on = _date(entry, "BookgDt") or _date(entry, "ValDt")
    if booked_on is None:
        raise ValueError("BookgDt")
    entry_amount = _amount(_find(entry, "Amt"))
    reversal = _text(entry, "RvslInd").lower() == "true"
    subfamily = _text(entry, "BkTxCd/Domn/Fmly/SubFmlyCd")
    entry_ref = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
    details = [tx for nd in _findall(entry, "NtryDtls") for tx in _findall(nd, "TxDtls")]
    if not details:
        details_iter: list[Element | None] = [None]
    else:
        details_iter = list(details)
    lines = []
    for index, tx in enumerate(details_iter):
        amount = entry_amount
        if tx is not None and len(details_iter) > 1:
            amt = _find(tx, "AmtDtls/TxAmt/Amt")
            amount = _amount(amt if amt is not None else _find(tx, "Amt"))
        debtor = (_text(tx, "RltdPties/Dbtr/Nm"), _text(tx, "RltdPties/DbtrAcct/Id/IBAN"))
        creditor = (_text(tx, "RltdPties/Cdtr/Nm"), _text(tx, "RltdPties/CdtrAcct/Id/IBAN"))
        name, iban = (
            (debtor if sign > 0 else creditor)
            if any(debtor if sign > 0 else creditor)
            else (creditor if sign > 0 else debtor)
        )
        reason = _text(tx, "RtrInf/Rsn/Cd")
        remittance = " ".join(
            part
            for part in (
                _text(tx, "RmtInf/Strd/CdtrRefInf/Ref"),
                " ".join((u.text or "").strip() for u in _findall(_find(tx, "RmtInf"), "Ustrd"))
                if _find(tx, "RmtInf") is not None
                else "",
                _text(entry, "AddtlNtryInf") if tx is None else "",
            )
            if part
        )
        tx_ref = _text(tx, "Refs/AcctSvcrRef")
        bank_ref = tx_ref or (f"{entry_ref}#{index}" if entry_ref else "")
        e2e = _text(tx, "Refs/EndToEndId")
        lines.append(
            BankLineData(
                booked_on=booked_on,
                amount_cents=sign * amount,
                counterparty_name=name[:140],
                counterparty_iban=iban.replace(" ", "").upper(),
                description=remittance[:500],
                end_to_end_id="" if e2e == "NOTPROVIDED" else e2e[:35],
                bank_reference=bank_ref[:80],
                return_reason=reason[:10],
                is_return=sign < 0 and (reversal or bool(reason) or subfamily in RETURN_SUBFAMILIES),
            )
        )
    return lines
