"""Demo data of payments (runs last): mandates, bank transfers matched to statements, one
member in arrears, one unmatched transfer in the treasurer's queue.

Deterministic (ctx.rng, ids and balances left by the earlier seeders) and idempotent:
mandates are made once per member, the demo bank file is imported once (by file name),
and a re-import would skip every line anyway.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from schwifty import IBAN

from ledger.models import Statement
from ledger.selectors import balances_by_member
from members.models import Cooperative
from payments.models import BankImport, Mandate, MandateStatus, PaymentSettings
from payments.services import bank_import_file

from .members import DemoContext

DEMO_FILE = "demo-rabobank-camt053.xml"
BANKS = ["RABO", "INGB", "ABNA", "SNSB", "ASNB", "TRIO", "KNAB", "BUNQ"]


def camt053_document(*, account_iban: str, opening_cents: int, lines: list[dict[str, Any]]) -> bytes:
    """A CAMT.053 statement as Dutch banks send it. Each line: date, cents (signed), name, iban,
    text, ref (the bank's unique reference)."""

    def amount(cents: int) -> str:
        return f"{abs(cents) // 100}.{abs(cents) % 100:02d}"

    closing = opening_cents + sum(line["cents"] for line in lines)
    last = max((line["date"] for line in lines), default=timezone.localdate())
    entries = []
    for line in lines:
        credit = line["cents"] > 0
        party = "Dbtr" if credit else "Cdtr"
        entries.append(
            f'<Ntry><Amt Ccy="EUR">{amount(line["cents"])}</Amt><CdtDbtInd>{"CRDT" if credit else "DBIT"}</CdtDbtInd>'
            f"<Sts>BOOK</Sts><BookgDt><Dt>{line['date'].isoformat()}</Dt></BookgDt>"
            f"<ValDt><Dt>{line['date'].isoformat()}</Dt></ValDt><AcctSvcrRef>{escape(line['ref'])}</AcctSvcrRef>"
            f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{'RCDT' if credit else 'ICDT'}</Cd>"
            f"<SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls>"
            f"<Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RltdPties><{party}><Nm>{escape(line['name'])}</Nm>"
            f"</{party}><{party}Acct><Id><IBAN>{line['iban']}</IBAN></Id></{party}Acct></RltdPties>"
            f"<RmtInf><Ustrd>{escape(line['text'])}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>DEMO-{last:%Y%m%d}</MsgId><CreDtTm>{last.isoformat()}T06:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{account_iban}-{last.isoformat()}</Id><Acct><Id><IBAN>{account_iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        f'<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{amount(opening_cents)}</Amt>'
        f"<CdtDbtInd>{'CRDT' if opening_cents >= 0 else 'DBIT'}</CdtDbtInd><Dt><Dt>{last.isoformat()}</Dt></Dt></Bal>"
        f'<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{amount(closing)}</Amt>'
        f"<CdtDbtInd>{'CRDT' if closing >= 0 else 'DBIT'}</CdtDbtInd><Dt><Dt>{last.isoformat()}</Dt></Dt></Bal>"
        + "".join(entries)
        + "</Stmt></BkToCstmrStmt></Document>"
    )
    return xml.encode("utf-8")


def seed(ctx: DemoContext) -> None:
    coop = ctx.coop
    if coop is None or not ctx.members:
        return
    PaymentSettings.objects.get_or_create(cooperative=coop, defaults={"arrears_limit_cents": 150_00})
    rng = ctx.rng
    members = ctx.members
    # Mandates: eight members pay by direct debit (they stay open for the treasurer's next batch).
    mandate_holders = members[12:20]
    for i, member in enumerate(mandate_holders):
        if Mandate.objects.filter(member=member).exists():
            continue
        iban = IBAN.generate(
            "NL", bank_code=BANKS[i % len(BANKS)], account_code=f"{rng.randint(10**8, 10**9 - 1):010d}"
        )
        Mandate.objects.create(
            cooperative=coop,
            member=member,
            reference=f"DEEL-{coop.pk}-{member.pk}-1",
            iban=iban.compact,
            bic=str(iban.bic) if iban.bic else "",
            account_holder=member.name,
            signed_on=timezone.localdate() - dt.timedelta(days=rng.randint(60, 600)),
            status=MandateStatus.ACTIVE,
        )
    if BankImport.objects.filter(cooperative=coop, filename=DEMO_FILE).exists():
        return
    _bank_transfers(ctx, coop, exclude={m.pk for m in mandate_holders})


def _backdate(member_id: int) -> None:
    """The demo issues every statement today; a real one was issued the day after its period,
    which is what makes this member's balance overdue."""
    for statement in Statement.objects.filter(member_id=member_id):
        issued = timezone.make_aware(dt.datetime.combine(statement.period_end + dt.timedelta(days=1), dt.time(9)))
        if statement.issued_at > issued:
            Statement.objects.filter(pk=statement.pk).update(issued_at=issued)


def _partial_payment(member_id: int) -> int:
    """What the member in arrears paid: every statement but the last two (arrears count from
    the oldest unpaid statement, so they are a month and some days late)."""
    dues = list(
        Statement.objects.filter(member_id=member_id, amount_due_cents__gt=0)
        .order_by("period_end")
        .values_list("amount_due_cents", flat=True)
    )
    return max(dues[:-2], default=0)


def _bank_transfers(ctx: DemoContext, coop: Cooperative, *, exclude: set[int]) -> None:
    """Everyone else with an open balance paid it by transfer with their statement's reference,
    except one member who stays in arrears; plus one gift nobody can be matched to and one
    garage bill paid from the account."""
    today = timezone.localdate()
    balances = balances_by_member(cooperative=coop)
    latest: dict[int, Statement] = {}
    statements = Statement.objects.filter(cooperative=coop, amount_due_cents__gt=0)
    for st in statements.order_by("member_id", "-period_end", "-issued_at"):
        latest.setdefault(st.member_id, st)
    arrears_case = None
    lines = []
    for member in ctx.members[20:] + ctx.members[:12]:
        owed = balances.get(member.pk, 0)
        statement = latest.get(member.pk)
        if member.pk in exclude or owed <= 0 or statement is None:
            continue
        cents = owed
        if arrears_case is None:
            arrears_case = member  # this one pays late and too little: the board sees them in arrears
            _backdate(member.pk)
            cents = min(_partial_payment(member.pk), owed - 1)
            if cents <= 0:
                continue
        iban = IBAN.generate("NL", bank_code="INGB", account_code=f"{7_000_000 + member.pk:010d}")
        lines.append(
            {
                "date": today,
                "cents": cents,
                "name": member.name,
                "iban": iban.compact,
                "text": f"Afschrift {statement.number} kenmerk {statement.payment_reference}",
                "ref": f"DEMO-{coop.pk}-{statement.number}",
            }
        )
    lines.append(
        {
            "date": today,
            "cents": 2_500,
            "name": "Stichting Buurtfeest Bomenbuurt",
            "iban": "NL63TRIO0212345678",
            "text": "bijdrage parkeerplaats buurtfeest",
            "ref": f"DEMO-{coop.pk}-GIFT",
        }
    )
    # An outgoing payment: listed with the import, not booked (car costs are booked where entered).
    lines.append(
        {
            "date": today,
            "cents": -18_750,
            "name": "Autobedrijf Laan van Meerdervoort",
            "iban": "NL66ASNB0707070707",
            "text": "Factuur 2026-1187 onderhoud",
            "ref": f"DEMO-{coop.pk}-GARAGE",
        }
    )
    data = camt053_document(account_iban=coop.iban or "NL91ABNA0417164300", opening_cents=250_000, lines=lines)
    bank_import_file(cooperative=coop, data=data, filename=DEMO_FILE, by=ctx.treasurer)
    if arrears_case is not None:
        ctx.extra["arrears_member"] = arrears_case
