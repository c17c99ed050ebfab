"""The member statement (afschrift) as PDF."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.formats import format_date, format_iban, format_minutes_clock, format_thousands
from deel.money import format_cents
from ledger.models import Statement
from ledger.selectors import StatementData, statements_data
from payments.selectors import active_mandates_of, collection_day, due_date, earliest_collection_date

from .pdf import PdfDocument, escape


def _short(text: str, limit: int = 70) -> str:
    """Descriptions fit one line of the statement's table."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _day(date: dt.date) -> str:
    return format_date(date, year=True)


@dataclass(frozen=True)
class PaymentNote:
    """How a statement is paid: by when, and for a mandate holder when it is collected."""

    due_on: dt.date
    collection_on: dt.date | None = None
    mandate_iban_last4: str = ""


def payment_notes(statements: list[Statement]) -> dict[int, PaymentNote]:
    """Statement id -> its payment note; one query for the mandates, one per issue day."""
    if not statements:
        return {}
    coop = statements[0].cooperative
    mandates = {
        m.member_id: m for m in active_mandates_of(cooperative=coop, member_ids=[s.member_id for s in statements])
    }
    earliest: dict[dt.date, dt.date] = {}
    notes = {}
    for s in statements:
        due_on = due_date(statement=s)
        mandate = mandates.get(s.member_id)
        if mandate is None or s.amount_due_cents <= 0:
            notes[s.pk] = PaymentNote(due_on=due_on)
            continue
        issued = timezone.localdate(s.issued_at)
        if issued not in earliest:
            earliest[issued] = earliest_collection_date(cooperative=coop, today=issued)
        notes[s.pk] = PaymentNote(
            due_on=due_on,
            collection_on=collection_day(due_on=due_on, earliest=earliest[issued]),
            mandate_iban_last4=mandate.iban[-4:],
        )
    return notes


def statement_pdf(statement: Statement) -> bytes:
    """One statement; reads its lines with `statements_data` (one query)."""
    data = statements_data(statements=[statement])[0]
    return statement_pdf_from_data(data, note=payment_notes([statement])[statement.pk])


def statement_pdf_from_data(data: StatementData, *, note: PaymentNote | None = None) -> bytes:
    s = data.statement
    note = note or PaymentNote(due_on=due_date(statement=s))
    coop = s.cooperative
    member = s.member
    doc = PdfDocument(
        cooperative=coop,
        title=_("Afschrift %(number)s") % {"number": s.number},
        subtitle=_("%(start)s t/m %(end)s") % {"start": _day(s.period_start), "end": _day(s.period_end)},
    )
    address = f"{member.street}, {member.postal_code} {member.city}"
    doc.facts(
        [
            (
                _("Lid"),
                _("%(name)s (lidnummer %(number)s)") % {"name": member.name, "number": member.number}
                if member.number
                else member.name,
            ),
            (_("Adres"), address),
            (_("Datum"), format_date(s.issued_at, year=True)),
            *([(_("Te betalen vóór"), format_date(note.due_on, year=True))] if s.amount_due_cents > 0 else []),
            (_("Beginsaldo"), format_cents(s.opening_balance_cents)),
        ],
        plain=True,
    )
    trips = data.sections["trips"]
    if trips:
        doc.heading(_("Ritten"))
        rows: list[list[str]] = [[_("Datum"), _("Auto"), _("Km"), _("Uren"), _("Bedrag")]]
        rows += [
            [
                _day(t.date),
                t.plate,
                format_thousands(t.km or 0),
                format_minutes_clock(t.minutes),
                format_cents(t.amount_cents),
            ]
            for t in trips
        ]
        total = format_cents(data.total("trips"))
        rows.append(
            [_("Totaal"), "", format_thousands(data.trip_km or 0), format_minutes_clock(data.trip_minutes), total]
        )
        doc.table(rows, money_columns={2, 3, 4}, total_row=True, col_widths=[80, 248, 45, 45, 75], plain=True)
    labels = {
        "fees": _("Contributie"),
        "expenses": _("Goedgekeurde declaraties"),
        "settlement": _("Nacalculatie"),
        "payments": _("Betalingen en overige boekingen"),
    }
    for key, label in labels.items():
        lines = data.sections[key]
        if not lines:
            continue
        doc.heading(label)
        rows = [[_("Datum"), _("Omschrijving"), _("Bedrag")]]
        rows += [[_day(line.date), _short(line.description), format_cents(line.amount_cents)] for line in lines]
        rows.append([_("Totaal"), "", format_cents(data.total(key))])
        doc.table(rows, money_columns={2}, total_row=True, col_widths=[80, 338, 75], plain=True)
        if key == "settlement":
            _settlements_explained(doc, data)
    doc.heading(_("Saldo"))
    summary = [
        [_("Omschrijving"), _("Bedrag")],
        [_("Beginsaldo"), format_cents(s.opening_balance_cents)],
    ]
    for key in ("trips", "fees", "expenses", "settlement", "payments"):
        if data.sections[key]:
            summary.append([labels.get(key, _("Ritten")), format_cents(data.total(key))])
    summary.append([_("Eindsaldo"), format_cents(s.closing_balance_cents)])
    doc.table(summary, money_columns={1}, total_row=True, col_widths=[403, 90], keep_together=True, plain=True)
    doc.spacer(4)
    if s.amount_due_cents > 0 and note.collection_on is not None:
        # A mandate holder pays nothing by hand: telling them to transfer would make them pay twice.
        doc.paragraph(
            _(
                "Te betalen: <b>%(amount)s</b>. Wordt geïncasseerd op <b>%(date)s</b> van je rekening "
                "die eindigt op %(last4)s. Je hoeft niets over te maken."
            )
            % {
                "amount": format_cents(s.amount_due_cents),
                "date": format_date(note.collection_on, year=True),
                "last4": note.mandate_iban_last4,
            },
            markup=True,
        )
    elif s.amount_due_cents > 0:
        doc.paragraph(
            _(
                "Te betalen: <b>%(amount)s</b> vóór <b>%(date)s</b>. Maak het bedrag over naar %(iban)s "
                "t.n.v. %(name)s onder vermelding van betalingskenmerk <b>%(reference)s</b>."
            )
            % {
                "amount": format_cents(s.amount_due_cents),
                "date": format_date(note.due_on, year=True),
                "iban": format_iban(coop.iban),
                "name": coop.name,
                "reference": s.payment_reference,
            },
            markup=True,
        )
    elif s.amount_due_cents < 0:
        doc.paragraph(
            _("Je krijgt <b>%(amount)s</b> terug; de penningmeester maakt het over naar %(iban)s.")
            % {
                "amount": format_cents(-s.amount_due_cents),
                "iban": format_iban(member.iban) if member.iban else _("je rekening"),
            },
            markup=True,
        )
    else:
        doc.paragraph(_("Je saldo is nul: er hoeft niets betaald te worden."))
    doc.facts(
        # A mandate holder gets no account to transfer to: only the reference their bank shows.
        [
            *([] if note.collection_on else [(_("IBAN coöperatie"), format_iban(coop.iban))]),
            (_("Betalingskenmerk"), s.payment_reference),
        ],
        plain=True,
    )
    doc.spacer(3)
    doc.paragraph(
        _(
            "Wat je betaalt is een voorschot op de werkelijke kosten van de auto's. Na elke periode "
            "rekent de coöperatie na: iedereen betaalt precies zijn deel van de echte kosten."
        ),
        "small",
    )
    return doc.render()


def _settlements_explained(doc: PdfDocument, data: StatementData) -> None:
    """Each settlement on the statement, per car the member drove: the car's real cost per
    km against what the member paid per km, their km and hours, their share, and the
    outcome in plain words."""
    for explained in data.settlements:
        doc.heading(_("Nacalculatie %(period)s uitgelegd") % {"period": explained.period_label})
        doc.paragraph(f"<b>{escape(explained.outcome)}</b>", markup=True)
        if not explained.rows:
            continue
        rows: list[list[str]] = [
            [_("Auto"), _("Kosten/km"), _("Jij/km"), _("Km"), _("Uren"), _("Betaald"), _("Jouw deel"), _("Verschil")]
        ]
        for r in explained.rows:
            label = _("Gezamenlijke kosten") if r.is_pool else _short(r.label, 24)
            if r.via_pool:
                label = _("%(car)s (via pot)") % {"car": _short(r.label, 14)}
            rows.append(
                [
                    label,
                    r.cost_per_km,
                    r.paid_per_km,
                    format_thousands(r.km),
                    "" if r.is_pool else format_minutes_clock(r.minutes),
                    format_cents(r.paid_cents),
                    format_cents(r.share_cents),
                    format_cents(r.difference_cents),
                ]
            )
        rows.append(
            [
                _("Totaal"),
                "",
                "",
                format_thousands(explained.km),
                format_minutes_clock(explained.minutes),
                format_cents(explained.paid_cents),
                format_cents(explained.share_cents),
                format_cents(explained.difference_cents),
            ]
        )
        doc.table(
            rows,
            money_columns={1, 2, 3, 4, 5, 6, 7},
            total_row=True,
            col_widths=[113, 55, 55, 40, 40, 62, 62, 66],
            keep_together=True,
            plain=True,
        )
        doc.paragraph(
            _(
                "Kosten/km: wat de auto deze periode echt kostte per gereden km. Jij/km: wat je via het "
                "tarief per km betaalde (uren meegeteld). Jouw deel is naar je km (en uren) verdeeld; "
                "gezamenlijke kosten (contributie, kosten zonder auto, reserve) over alle rijders. "
                "Verschil: positief betaal je bij, negatief krijg je terug."
            ),
            "small",
        )


def _render_chunk(chunk: list[tuple[StatementData, PaymentNote]]) -> list[tuple[int, bytes]]:
    return [(data.statement.pk, statement_pdf_from_data(data, note=note)) for data, note in chunk]


def statement_pdfs(statements: list[Statement], *, workers: int | None = None) -> Iterator[tuple[int, bytes]]:
    """(statement id, PDF) for many statements: their lines read in one query, the PDFs
    rendered on every core (rendering needs no database; the connections are closed
    before the worker processes fork)."""
    notes = payment_notes(statements)
    datas = [(data, notes[data.statement.pk]) for data in statements_data(statements=statements)]
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(datas) < 50:
        for data, note in datas:
            yield data.statement.pk, statement_pdf_from_data(data, note=note)
        return
    size = max(1, len(datas) // (workers * 4))
    chunks = [datas[i : i + size] for i in range(0, len(datas), size)]
    connections.close_all()
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for result in pool.map(_render_chunk, chunks):
            yield from result
