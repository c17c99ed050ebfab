"""The presence list (presentielijst) of a general assembly, to sign at the door, built on
reports.pdf.PdfDocument from governance.presence.presence_list.

One row per member entitled to attend, by member number: whether they registered (in the
room or online, with the time), the proxies they hold or gave, and an empty box to sign.
Members suspended as a member (art. 2:38 lid 1 BW) have no access and are listed apart.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from reports.pdf import GREEN, LINE, STYLES, PdfDocument, escape


def _presence(row: dict) -> str:
    attendance = row["attendance"]
    if attendance is None:
        return ""
    at = timezone.localtime(attendance.checked_in_at).strftime("%H:%M")
    return _("online %(time)s") % {"time": at} if attendance.is_online else _("zaal %(time)s") % {"time": at}


def _proxies(row: dict) -> str:
    parts = []
    for p in row["holds"]:
        text = _("stemt ook voor %(name)s") % {"name": p.grantor.name}
        parts.append(text + (f" ({_('papier')})" if p.paper else ""))
    if row["gave"] is not None:
        parts.append(_("volmacht aan %(name)s") % {"name": row["gave"].holder.name})
    return "; ".join(parts)


def presence_list_pdf(*, data: dict) -> bytes:
    meeting = data["meeting"]
    coop = data["cooperative"]
    starts = timezone.localtime(meeting.starts_at)
    doc = PdfDocument(
        cooperative=coop,
        title=_("Presentielijst %(title)s") % {"title": meeting.title},
        subtitle=f"{coop.name} · {date_format(starts, 'l j F Y, H:i')} · {meeting.location}",
    )
    chair = data["chair"]
    doc.facts(
        [
            (_("Voorzitter"), chair.name if chair else _("nog niet aangewezen")),
            (_("Leden met stemrecht"), str(len(data["rows"]))),
            (
                _("Aangemeld tot nu toe"),
                _("%(n)s, waarvan %(online)s online") % {"n": data["present_count"], "online": data["online_count"]},
            ),
            (_("Volmachten"), str(data["proxy_count"])),
        ]
    )
    doc.spacer(3)
    doc.paragraph(
        _(
            "Wie in de zaal is, tekent in de kolom Handtekening. Wie online deelneemt, is aangemeld met de eigen "
            "inlog en tekent niet. Een volmacht op papier wordt aan de deur aan het bestuur gegeven."
        ),
        style="small",
    )
    doc.spacer(2)
    cell, small = STYLES["cell"], STYLES["small"]
    header = [_("Nr."), _("Naam"), _("Aanwezig"), _("Volmacht"), _("Handtekening")]
    rows = [[Paragraph(f"<b>{escape(h)}</b>", cell) for h in header]]
    for row in data["rows"]:
        member = row["member"]
        name = escape(member.name)
        if row["booking_suspended"]:
            name += f"<br/><font size=7 color='#5d6b66'>{escape(_('reserveren geblokkeerd; mag stemmen'))}</font>"
        rows.append(
            [
                Paragraph(escape(member.number or ""), cell),
                Paragraph(name, cell),
                Paragraph(escape(_presence(row)), small),
                Paragraph(escape(_proxies(row)), small),
                # Online participants are identified by their log-in; they sign nothing.
                Paragraph(escape(_("online, tekent niet")), small)
                if row["attendance"] is not None and row["attendance"].is_online
                else "",
            ]
        )
    table = Table(
        rows,
        colWidths=[12 * mm, 50 * mm, 22 * mm, 48 * mm, 42 * mm],
        rowHeights=[None] + [11 * mm] * (len(rows) - 1),
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREEN),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
                ("BOX", (4, 1), (4, -1), 0.4, colors.black),
                ("LINEBELOW", (4, 1), (4, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    doc.story.append(table)
    if data["suspended"]:
        doc.heading(_("Geschorst als lid: geen toegang (art. 2:38 lid 1 BW)"))
        doc.paragraph(", ".join(f"{m.name} ({m.number})" if m.number else m.name for m in data["suspended"]))
    sign = Table(
        [
            [Paragraph(escape(_("Voor akkoord, de voorzitter")), small)],
            [""],
            [Paragraph(f"<b>{escape(chair.name if chair else '')}</b>", cell)],
        ],
        colWidths=[75 * mm],
        rowHeights=[None, 16 * mm, None],
        hAlign="LEFT",
    )
    sign.setStyle(TableStyle([("LINEBELOW", (0, 1), (0, 1), 0.6, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    doc.story.append(KeepTogether([Spacer(1, 6 * mm), sign]))
    return doc.render()
