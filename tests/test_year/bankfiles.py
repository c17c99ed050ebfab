"""The bank's side of the year: three accounts in the layouts their banks write.

`Bank` keeps what the bank saw (its balance per day and every entry); `write_statement` turns
one day's entries into the file that bank delivers: ING as structured MT940 (a SEPA batch
credit is one :61: line whose :86: names the batch by /PREF/<PmtInfId>/), Rabobank as
CAMT.053 (a batch credit is one entry with NtryDtls/Btch/PmtInfId and no transaction
details) and ABN AMRO as CAMT.053 with one TxDtls per collection (EndToEndId, MndtId, the
debtor's name and IBAN). Returns (R-transactions) are written as each bank writes them:
ING /RTRN/<reason>/EREF/<e2e>/, CAMT RtrInf/Rsn/Cd with sub-family UPDD.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from defusedxml import ElementTree as SafeET

ING = "ing_mt940"
RABOBANK = "rabobank_camt"
ABN_AMRO = "abnamro_camt"


@dataclass(frozen=True)
class Collection:
    """One direct debit of a pain.008 payment-information block."""

    end_to_end_id: str
    mandate_reference: str
    name: str
    iban: str
    amount_cents: int
    text: str


@dataclass(frozen=True)
class PaymentInfo:
    """One PmtInf block of a pain.008 file: the bank credits it as one amount."""

    pmtinf_id: str
    sequence_type: str
    collections: tuple[Collection, ...]

    @property
    def total_cents(self) -> int:
        return sum(c.amount_cents for c in self.collections)


def pain008_blocks(xml: str) -> list[PaymentInfo]:
    """The payment-information blocks of an exported pain.008 file, read from the file itself."""
    root = SafeET.fromstring(xml.encode("utf-8"))

    def text(el, path: str) -> str:
        found = el.find("/".join("{*}" + p for p in path.split("/")))
        return (found.text or "").strip() if found is not None else ""

    blocks = []
    for pmtinf in root.findall(".//{*}PmtInf"):
        collections = []
        for tx in pmtinf.findall("{*}DrctDbtTxInf"):
            amount = text(tx, "InstdAmt")
            euros, _sep, cents = amount.partition(".")
            collections.append(
                Collection(
                    end_to_end_id=text(tx, "PmtId/EndToEndId"),
                    mandate_reference=text(tx, "DrctDbtTx/MndtRltdInf/MndtId"),
                    name=text(tx, "Dbtr/Nm"),
                    iban=text(tx, "DbtrAcct/Id/IBAN"),
                    amount_cents=int(euros) * 100 + int((cents + "00")[:2]),
                    text=text(tx, "RmtInf/Ustrd"),
                )
            )
        blocks.append(
            PaymentInfo(
                pmtinf_id=text(pmtinf, "PmtInfId"),
                sequence_type=text(pmtinf, "PmtTpInf/SeqTp"),
                collections=tuple(collections),
            )
        )
    return blocks


@dataclass
class Entry:
    """One booked line on the bank's statement (signed: + money in)."""

    kind: str  # "batch", "transfer", "outgoing", "return"
    amount_cents: int
    ref: str
    name: str = ""
    iban: str = ""
    bic: str = ""
    text: str = ""
    end_to_end_id: str = ""
    mandate_reference: str = ""
    reason: str = ""
    block: PaymentInfo | None = None
    # Whose money it is (member id -> signed cents): what the bank saw from each member.
    members: dict[int, int] = field(default_factory=dict)


@dataclass
class Bank:
    """One account of the cooperative at one bank, and what that bank saw."""

    layout: str
    name: str
    iban: str
    bic: str
    creditor_id: str
    balance_cents: int = 0
    days: dict[dt.date, list[Entry]] = field(default_factory=dict)
    # The days whose file the treasurer has imported (or tried to): what the books can know.
    imported: set[dt.date] = field(default_factory=set)
    _seq: int = 0

    def book(self, day: dt.date, entry: Entry) -> None:
        self.days.setdefault(day, []).append(entry)
        # The day's file was already read before this line came in: the treasurer reads the
        # day's file again (its earlier lines are recognised and skipped by the import).
        self.imported.discard(day)

    def next_ref(self) -> str:
        self._seq += 1
        return f"{self.bic[:4]}{self._seq:08d}"

    def balance_until(self, day: dt.date) -> int:
        return sum(e.amount_cents for d, entries in self.days.items() if d <= day for e in entries)

    def imported_balance(self) -> int:
        return sum(e.amount_cents for d in self.imported for e in self.days.get(d, []))

    def imported_from_members(self) -> dict[int, int]:
        saw: dict[int, int] = {}
        for d in self.imported:
            for e in self.days.get(d, []):
                for member_id, cents in e.members.items():
                    saw[member_id] = saw.get(member_id, 0) + cents
        return saw

    def statement(self, day: dt.date) -> bytes:
        """The file of `day` (opening = the bank's balance the evening before)."""
        entries = self.days.get(day, [])
        opening = self.balance_until(day - dt.timedelta(days=1))
        if self.layout == ING:
            return _ing_mt940(self, day, opening, entries)
        return _camt053(self, day, opening, entries, details=self.layout == ABN_AMRO)


def _mt_amount(cents: int) -> str:
    return f"{abs(cents) // 100},{abs(cents) % 100:02d}"


def _wrap86(text: str) -> str:
    """ING wraps :86: at 65 characters a line."""
    lines = [text[i : i + 65] for i in range(0, len(text), 65)]
    return ":86:" + "\n".join(lines)


def _ing_mt940(bank: Bank, day: dt.date, opening: int, entries: list[Entry]) -> bytes:
    ymd = f"{day:%y%m%d}"
    md = f"{day:%m%d}"
    closing = opening + sum(e.amount_cents for e in entries)
    out = [
        "{1:F01INGBNL2ABXXX0000000000}{2:I940INGBNL2AXXXN}{4:",
        f":20:P{ymd}000000001",
        f":25:{bank.iban}EUR",
        ":28C:00000",
        f":60F:{'C' if opening >= 0 else 'D'}{ymd}EUR{_mt_amount(opening)}",
    ]
    for e in entries:
        sign = "C" if e.amount_cents > 0 else "D"
        if e.kind == "batch":
            assert e.block is not None
            out.append(f":61:{ymd}{md}{sign}{_mt_amount(e.amount_cents)}NDDT{e.block.pmtinf_id[:16]}//{e.ref}")
            out.append("/TRCD/01000/")
            out.append(
                _wrap86(
                    f"/PREF/{e.block.pmtinf_id}//NRTX/{len(e.block.collections)}//CSID/{bank.creditor_id}//"
                    f"REMI/USTD//SEPA Incasso batch/"
                )
            )
        elif e.kind == "return":
            out.append(f":61:{ymd}{md}D{_mt_amount(e.amount_cents)}NDDT{e.end_to_end_id[:16]}//{e.ref}")
            out.append("/TRCD/01016/")
            out.append(
                _wrap86(
                    f"/RTRN/{e.reason}/EREF/{e.end_to_end_id}//MARF/{e.mandate_reference}//CSID/"
                    f"{bank.creditor_id}//CNTP/{e.iban}/{e.bic}/{e.name}///REMI/USTD//{e.text}/"
                )
            )
        else:
            out.append(f":61:{ymd}{md}{sign}{_mt_amount(e.amount_cents)}NTRFNONREF//{e.ref}")
            out.append("/TRCD/00100/")
            out.append(_wrap86(f"/EREF/NOTPROVIDED//CNTP/{e.iban}/{e.bic}/{e.name}///REMI/USTD//{e.text}/"))
    out.append(f":62F:{'C' if closing >= 0 else 'D'}{ymd}EUR{_mt_amount(closing)}")
    out.append(f":64:{'C' if closing >= 0 else 'D'}{ymd}EUR{_mt_amount(closing)}")
    out.append("-}")
    return ("\r\n".join(out) + "\r\n").encode("ascii")


def _camt_amount(cents: int) -> str:
    return f"{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _bal(code: str, cents: int, day: dt.date) -> str:
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="EUR">{_camt_amount(cents)}</Amt><CdtDbtInd>{"CRDT" if cents >= 0 else "DBIT"}</CdtDbtInd>'
        f"<Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>"
    )


def _party(role: str, name: str, iban: str) -> str:
    return (
        f"<RltdPties><{role}><Nm>{escape(name)}</Nm></{role}>"
        f"<{role}Acct><Id><IBAN>{iban}</IBAN></Id></{role}Acct></RltdPties>"
    )


def _bktxcd(family: str, subfamily: str, proprietary: str, issuer: str) -> str:
    return (
        f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{family}</Cd><SubFmlyCd>{subfamily}</SubFmlyCd></Fmly></Domn>"
        f"<Prtry><Cd>{proprietary}</Cd><Issr>{issuer}</Issr></Prtry></BkTxCd>"
    )


def _camt053(bank: Bank, day: dt.date, opening: int, entries: list[Entry], *, details: bool) -> bytes:
    closing = opening + sum(e.amount_cents for e in entries)
    issuer = "ABNAMRO" if details else "RABOBANK"
    ntries = []
    for e in entries:
        head = (
            f'<Ntry><Amt Ccy="EUR">{_camt_amount(e.amount_cents)}</Amt>'
            f"<CdtDbtInd>{'CRDT' if e.amount_cents > 0 else 'DBIT'}</CdtDbtInd>"
            + ("<RvslInd>true</RvslInd>" if e.kind == "return" and not details else "")
            + f"<Sts>BOOK</Sts><BookgDt><Dt>{day.isoformat()}</Dt></BookgDt><ValDt><Dt>{day.isoformat()}</Dt></ValDt>"
            f"<AcctSvcrRef>{e.ref}</AcctSvcrRef>"
        )
        if e.kind == "batch":
            assert e.block is not None
            block = e.block
            code = _bktxcd("IDDT", "ESDD", "N650" if details else "2062", issuer)
            btch = (
                f"<Btch><PmtInfId>{block.pmtinf_id}</PmtInfId><NbOfTxs>{len(block.collections)}</NbOfTxs>"
                f'<TtlAmt Ccy="EUR">{_camt_amount(block.total_cents)}</TtlAmt><CdtDbtInd>CRDT</CdtDbtInd></Btch>'
            )
            if details:
                txs = "".join(
                    f"<TxDtls><Refs><AcctSvcrRef>{e.ref}-{i + 1}</AcctSvcrRef>"
                    f"<EndToEndId>{c.end_to_end_id}</EndToEndId>"
                    f"<MndtId>{c.mandate_reference}</MndtId></Refs>"
                    f'<AmtDtls><TxAmt><Amt Ccy="EUR">{_camt_amount(c.amount_cents)}</Amt></TxAmt></AmtDtls>'
                    + _party("Dbtr", c.name, c.iban)
                    + f"<RmtInf><Ustrd>{escape(c.text)}</Ustrd></RmtInf></TxDtls>"
                    for i, c in enumerate(block.collections)
                )
                ntries.append(head + code + f"<NtryDtls>{btch}{txs}</NtryDtls></Ntry>")
            else:
                ntries.append(
                    head
                    + code
                    + f"<NtryDtls>{btch}</NtryDtls><AddtlNtryInf>SEPA Incasso algemeen doorlopend</AddtlNtryInf></Ntry>"
                )
        elif e.kind == "return":
            code = _bktxcd("IDDT", "UPDD", "2065", issuer)
            ntries.append(
                head
                + code
                + f"<NtryDtls><TxDtls><Refs><EndToEndId>{e.end_to_end_id}</EndToEndId>"
                + f"<MndtId>{e.mandate_reference}</MndtId></Refs>"
                + f'<AmtDtls><TxAmt><Amt Ccy="EUR">{_camt_amount(e.amount_cents)}</Amt></TxAmt></AmtDtls>'
                + _party("Dbtr", e.name, e.iban)
                + f"<RmtInf><Ustrd>{escape(e.text)}</Ustrd></RmtInf>"
                + f"<RtrInf><Rsn><Cd>{e.reason}</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>"
            )
        else:
            family = "RCDT" if e.amount_cents > 0 else "ICDT"
            role = "Dbtr" if e.amount_cents > 0 else "Cdtr"
            ntries.append(
                head
                + f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{family}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
                + "</Domn></BkTxCd>"
                + "<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
                + f'<AmtDtls><TxAmt><Amt Ccy="EUR">{_camt_amount(e.amount_cents)}</Amt></TxAmt></AmtDtls>'
                + _party(role, e.name, e.iban)
                + f"<RmtInf><Ustrd>{escape(e.text)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
            )
    stmt_id = f"{bank.iban}-{day.isoformat()}"
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
        f"<BkToCstmrStmt><GrpHdr><MsgId>{bank.bic[:8]}-{day:%Y%m%d}</MsgId>"
        f"<CreDtTm>{day.isoformat()}T06:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{stmt_id}</Id><CreDtTm>{day.isoformat()}T06:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{bank.iban}</IBAN></Id><Ccy>EUR</Ccy>"
        f"<Svcr><FinInstnId><BIC>{bank.bic}</BIC></FinInstnId></Svcr></Acct>"
        + _bal("OPBD", opening, day - dt.timedelta(days=1))
        + _bal("CLBD", closing, day)
        + "".join(ntries)
        + "</Stmt></BkToCstmrStmt></Document>"
    )
    return xml.encode("utf-8")
