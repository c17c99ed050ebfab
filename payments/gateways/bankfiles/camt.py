"""CAMT.053 (bank-to-customer statement, camt.053.001.02 and later) read with defusedxml."""

from __future__ import annotations

import datetime as dt
from xml.etree.ElementTree import Element  # noqa: S405  (types only; parsing is defusedxml)

from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _

from ...errors import BankFileError
from .amounts import text_to_cents
from .lines import BankLineData, ParsedStatement

RETURN_SUBFAMILIES = {"UPDD", "RRTN", "PRDD", "ARET"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(el: Element | None, path: str) -> Element | None:
    """Find by local names (a/b/c), whatever the namespace version of the bank's file."""
    if el is None:
        return None
    return el.find("/".join("{*}" + part for part in path.split("/")))


def _findall(el: Element, name: str) -> list[Element]:
    return el.findall("{*}" + name)


def _text(el: Element | None, path: str) -> str:
    found = _find(el, path)
    return (found.text or "").strip() if found is not None else ""


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
    accounts = [_text(stmt, "Acct/Id/IBAN") or _text(stmt, "Acct/Id/Othr/Id") for stmt in statements]
    parsed = ParsedStatement(format="camt053", account_iban=accounts[0], accounts=accounts)
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


def _flatten(el: Element | None, prefix: str = "", into: dict[str, Element] | None = None) -> dict[str, Element]:
    """Every descendant by its local path ("RltdPties/Dbtr/Nm"), first occurrence wins; one walk
    instead of a search per field (a 10,000-line statement reads in well under a second)."""
    into = {} if into is None else into
    if el is None:
        return into
    for child in el:
        path = prefix + _local(child.tag)
        if path not in into:
            into[path] = child
        if path != "NtryDtls" and len(child):
            _flatten(child, path + "/", into)
    return into


def _get(flat: dict[str, Element], path: str) -> str:
    found = flat.get(path)
    return (found.text or "").strip() if found is not None else ""


def _entry_lines(entry: Element) -> list[BankLineData]:
    e = _flatten(entry)
    indicator = _get(e, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise ValueError("CdtDbtInd")
    sign = 1 if indicator == "CRDT" else -1
    status = _get(e, "Sts") or _get(e, "Sts/Cd")
    if status and status != "BOOK":
        return []  # pending or information-only entries are not booked yet
    date_text = _get(e, "BookgDt/Dt") or _get(e, "BookgDt/DtTm")[:10] or _get(e, "ValDt/Dt")
    if not date_text:
        raise ValueError("BookgDt")
    booked_on = dt.date.fromisoformat(date_text[:10])
    entry_amount = _amount(e.get("Amt"))
    reversal = _get(e, "RvslInd").lower() == "true"
    subfamily = _get(e, "BkTxCd/Domn/Fmly/SubFmlyCd")
    entry_ref = _get(e, "AcctSvcrRef") or _get(e, "NtryRef")
    details = [tx for nd in _findall(entry, "NtryDtls") for tx in _findall(nd, "TxDtls")]
    several = len(details) > 1
    lines = []
    for index, tx in enumerate(details or [None]):
        t = _flatten(tx)
        amount = entry_amount
        if several:
            amt = t.get("AmtDtls/TxAmt/Amt")
            amount = _amount(amt if amt is not None else t.get("Amt"))
        debtor = (_get(t, "RltdPties/Dbtr/Nm"), _get(t, "RltdPties/DbtrAcct/Id/IBAN"))
        creditor = (_get(t, "RltdPties/Cdtr/Nm"), _get(t, "RltdPties/CdtrAcct/Id/IBAN"))
        primary, other = (debtor, creditor) if sign > 0 else (creditor, debtor)
        name, iban = primary if any(primary) else other
        rmt = t.get("RmtInf")
        unstructured = " ".join((u.text or "").strip() for u in _findall(rmt, "Ustrd")) if rmt is not None else ""
        remittance = " ".join(
            part
            for part in (
                _get(t, "RmtInf/Strd/CdtrRefInf/Ref"),
                unstructured,
                _get(e, "AddtlNtryInf") if tx is None else "",
            )
            if part
        )
        tx_ref = _get(t, "Refs/AcctSvcrRef")
        bank_ref = tx_ref or (f"{entry_ref}#{index}" if entry_ref else "")
        e2e = _get(t, "Refs/EndToEndId")
        reason = _get(t, "RtrInf/Rsn/Cd")
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
