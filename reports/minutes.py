"""The minutes (notulen) of a general assembly as a PDF, built on reports.pdf.PdfDocument.

Reads only the minutes' recorded content (drafted from the agenda, attendance, proxies
and ballots), so adopted minutes always print the same.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from deel.formats import format_date, format_datetime
from reports.pdf import STYLES, PdfDocument, escape


def _names(people: list[dict]) -> str:
    return ", ".join(p["name"] for p in people) or "-"


def minutes_pdf(*, minutes) -> bytes:
    meeting = minutes.meeting
    coop = meeting.cooperative
    content = minutes.content or {}
    starts = timezone.localtime(meeting.starts_at)
    status = (
        _("Vastgesteld op %(date)s") % {"date": format_date(minutes.adopted_on, year=True)}
        if minutes.is_adopted
        else _("CONCEPT — nog niet vastgesteld")
    )
    doc = PdfDocument(
        cooperative=coop,
        title=_("Notulen %(title)s") % {"title": meeting.title},
        subtitle=f"{coop.name} · {format_datetime(starts, year=True)} · {meeting.location} · {status}",
    )
    present = content.get("present", [])
    represented = content.get("represented", [])
    doc.facts(
        [
            (_("Coöperatie"), f"{coop.name}, {coop.city}"),
            (_("Vergadering"), meeting.title),
            (_("Datum en aanvang"), format_datetime(starts, year=True)),
            (_("Plaats"), meeting.location + (f" / {_('online')}" if meeting.online_url else "")),
            (_("Voorzitter"), content.get("chair") or "-"),
            (_("Aanwezig"), _("%(n)s leden") % {"n": len(present)}),
            (_("Vertegenwoordigd"), _("%(n)s leden bij volmacht") % {"n": len(represented)}),
        ]
    )
    doc.heading(_("Aanwezig"))
    doc.paragraph(_names(present))
    doc.heading(_("Vertegenwoordigd bij volmacht"))
    if represented:
        doc.table(
            [[_("Volmachtgever"), _("Gemachtigde")]] + [[r["grantor"], r["holder"]] for r in represented],
            col_widths=[80 * mm, 80 * mm],
        )
    else:
        doc.paragraph(_("Geen volmachten."))
    if content.get("general"):
        doc.heading(_("Algemeen"))
        doc.paragraph(content["general"])

    doc.heading(_("Agenda en besprekingen"))
    decisions = []
    for item in content.get("items", []):
        doc.paragraph(f"<b>{item['position']}. {escape(item['title'])}</b>", markup=True)
        if item.get("notes"):
            doc.paragraph(item["notes"])
        for b in item.get("ballots", []):
            doc.paragraph(f"{b['proposal']}: {b['outcome']}", style="small")
            if b.get("declared_by"):
                doc.paragraph(_declaration(b), style="small")
            decisions.append(b)
        doc.spacer(2)

    doc.heading(_("Besluiten"))
    if decisions:
        rows = [[_("Nr."), _("Voorstel"), _("Voor"), _("Tegen"), _("Onth."), _("Uitkomst")]]
        for b in decisions:
            rows.append(
                [
                    b.get("decision") or "-",
                    b["proposal"],
                    "" if b["for"] is None else str(b["for"]),
                    "" if b["against"] is None else str(b["against"]),
                    str(b.get("abstain") or 0),
                    _outcome_word(b),
                ]
            )
        doc.table(rows, money_columns={2, 3, 4}, col_widths=[20 * mm, 78 * mm, 14 * mm, 14 * mm, 14 * mm, 34 * mm])
    else:
        doc.paragraph(_("Er is niet gestemd."))

    doc.story.append(_signatures(minutes))
    return doc.render()


def _declaration(ballot: dict) -> str:
    """The chair's declaration of the outcome (art. 2:13 lid 1 BW), as recorded."""
    at = dt.datetime.fromisoformat(ballot["declared_at"]) if ballot.get("declared_at") else None
    when = format_datetime(at, weekday=False, year=True) if at else ""
    return _("Uitslag vastgesteld door de voorzitter, %(name)s, op %(when)s.") % {
        "name": ballot["declared_by"],
        "when": when,
    }


def _outcome_word(ballot: dict) -> str:
    if ballot.get("election"):
        names = ", ".join(ballot.get("elected") or [])
        return _("gekozen: %(names)s") % {"names": names} if names else _("niemand gekozen")
    return _("aangenomen") if ballot["carried"] else _("verworpen")


def _signatures(minutes) -> KeepTogether:
    """Adopted: chair and secretary with names and date above a signature line; a draft
    says it still awaits adoption."""
    flow = [Paragraph(escape(_("Ondertekening")), STYLES["h2"])]
    if minutes.is_adopted:
        adopted_at = minutes.adopted_at_meeting
        flow.append(
            Paragraph(
                escape(
                    _("Vastgesteld door de algemene ledenvergadering van %(date)s.")
                    % {"date": format_date(adopted_at.starts_at, year=True)}
                ),
                STYLES["body"],
            )
        )
        signed = format_date(minutes.signed_at, year=True)
        names = [minutes.chair_name, minutes.secretary_name]
    else:
        flow.append(
            Paragraph(
                escape(_("Concept: wordt vastgesteld door de volgende algemene ledenvergadering.")), STYLES["body"]
            )
        )
        signed, names = "", ["", ""]
    cell, small = STYLES["cell"], STYLES["small"]
    rows = [
        [Paragraph(escape(_("Voorzitter")), small), "", Paragraph(escape(_("Secretaris")), small)],
        ["", "", ""],
        [Paragraph(f"<b>{escape(names[0])}</b>", cell), "", Paragraph(f"<b>{escape(names[1])}</b>", cell)],
        [
            Paragraph(escape(_("Datum: %(date)s") % {"date": signed}), small),
            "",
            Paragraph(escape(_("Datum: %(date)s") % {"date": signed}), small),
        ],
    ]
    table = Table(rows, colWidths=[75 * mm, 20 * mm, 75 * mm], rowHeights=[None, 18 * mm, None, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 1), (0, 1), 0.6, colors.black),
                ("LINEBELOW", (2, 1), (2, 1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    flow += [Spacer(1, 4 * mm), table]
    return KeepTogether(flow)
