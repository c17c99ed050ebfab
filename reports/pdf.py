"""PDF building blocks (reportlab platypus): one look for every DEEL document.

Usage:
    doc = PdfDocument(cooperative=coop, title="Afschrift maart 2026", subtitle="Lid 17 · Anouk de Vries")
    doc.heading("Ritten")
    doc.table([["Datum", "Auto", "Km", "Bedrag"], ...], money_columns={3}, total_row=True)
    doc.paragraph("Te betalen vóór ...")
    pdf_bytes = doc.render()
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from deel.formats import format_date

GREEN = colors.HexColor("#1f6f5c")
LINE = colors.HexColor("#dfe5e2")
MUTED = colors.HexColor("#5d6b66")

_styles = getSampleStyleSheet()
STYLES = {
    "title": ParagraphStyle(
        "DeelTitle",
        parent=_styles["Title"],
        fontName="Helvetica-Bold",
        fontSize=18,
        leading=22,
        alignment=0,
        textColor=GREEN,
        spaceAfter=2 * mm,
    ),
    "subtitle": ParagraphStyle("DeelSub", parent=_styles["Normal"], fontSize=10, textColor=MUTED, spaceAfter=6 * mm),
    "h2": ParagraphStyle(
        "DeelH2",
        parent=_styles["Heading2"],
        fontName="Helvetica-Bold",
        fontSize=12.5,
        leading=15,
        textColor=GREEN,
        spaceBefore=5 * mm,
        spaceAfter=2 * mm,
    ),
    "body": ParagraphStyle("DeelBody", parent=_styles["Normal"], fontName="Helvetica", fontSize=9.5, leading=13),
    "small": ParagraphStyle(
        "DeelSmall", parent=_styles["Normal"], fontName="Helvetica", fontSize=8, leading=10, textColor=MUTED
    ),
    "cell": ParagraphStyle("DeelCell", parent=_styles["Normal"], fontName="Helvetica", fontSize=8.5, leading=10.5),
    "cell_right": ParagraphStyle(
        "DeelCellR", parent=_styles["Normal"], fontName="Helvetica", fontSize=8.5, leading=10.5, alignment=TA_RIGHT
    ),
}


def escape(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PdfDocument:
    """An A4 document with the cooperative's name (and logo) in the header and page numbers."""

    def __init__(self, *, cooperative, title: str, subtitle: str = "", author: str = "DEEL"):
        self.cooperative = cooperative
        self.title = title
        self.subtitle = subtitle
        self.author = author
        self.story: list = []
        logo = getattr(cooperative, "logo", None)
        if logo:
            # A missing logo file must not stop a statement.
            with contextlib.suppress(OSError, ValueError):
                self.story.append(Image(logo.path, width=25 * mm, height=25 * mm, kind="proportional", hAlign="LEFT"))
        self.story.append(Paragraph(escape(title), STYLES["title"]))
        if subtitle:
            self.story.append(Paragraph(escape(subtitle), STYLES["subtitle"]))

    def heading(self, text: str) -> None:
        self.story.append(Paragraph(escape(text), STYLES["h2"]))

    def paragraph(self, text: str, style: str = "body", *, markup: bool = False) -> None:
        """Plain text is escaped; pass markup=True for reportlab's mini-HTML (<b>, <i>, <br/>)."""
        self.story.append(Paragraph(text if markup else escape(text).replace("\n", "<br/>"), STYLES[style]))

    def drawing(self, drawing, *, heading: str = "") -> None:
        """A reportlab graphics drawing (a chart, reports/charts.py), kept on one page (with the
        heading above it, when given)."""
        parts = [Paragraph(escape(heading), STYLES["h2"])] if heading else []
        self.story.append(KeepTogether([*parts, drawing, Spacer(1, 3 * mm)]))

    def spacer(self, height_mm: float = 4) -> None:
        self.story.append(Spacer(1, height_mm * mm))

    def facts(self, pairs: Iterable[tuple[str, str]], *, plain: bool = False) -> None:
        """A two-column block of label/value pairs (member, IBAN, reference, ...).
        `plain=True`: short one-line values drawn as strings (faster, no wrapping)."""
        if plain:
            rows = [[str(k), str(v)] for k, v in pairs]
            table = Table(rows, colWidths=[45 * mm, 125 * mm], hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (0, -1), "Helvetica", 8, 10),
                        ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                        ("FONT", (1, 0), (1, -1), "Helvetica", 8.5, 10.5),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ]
                )
            )
            self.story.append(table)
            return
        rows = [[Paragraph(escape(k), STYLES["small"]), Paragraph(escape(v), STYLES["cell"])] for k, v in pairs]
        table = Table(rows, colWidths=[45 * mm, None], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        self.story.append(table)

    def table(
        self,
        rows: Sequence[Sequence],
        *,
        money_columns: Iterable[int] = (),
        col_widths: Sequence | None = None,
        total_row: bool = False,
        keep_together: bool = False,
        plain: bool = False,
    ) -> None:
        """A table whose first row is the header; numeric columns (money_columns) are right-aligned.

        `plain=True` draws cells as plain strings (no wrapping, several times faster):
        for short cells in documents made by the thousand (statements)."""
        right = set(money_columns)
        if plain:
            self._plain_table(rows, right, col_widths, total_row, keep_together)
            return
        data = []
        for r, row in enumerate(rows):
            cells = []
            for c, value in enumerate(row):
                style = STYLES["cell_right"] if c in right else STYLES["cell"]
                text = escape(value if value is not None else "")
                if r == 0 or (total_row and r == len(rows) - 1):
                    text = f"<b>{text}</b>"
                cells.append(Paragraph(text, style))
            data.append(cells)
        table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        commands = [
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREEN),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if total_row and len(rows) > 1:
            commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black))
        table.setStyle(TableStyle(commands))
        self.story.append(KeepTogether(table) if keep_together else table)

    def _plain_table(
        self, rows: Sequence[Sequence], right: set[int], col_widths: Sequence | None, total_row: bool, keep: bool
    ) -> None:
        data = [["" if v is None else str(v) for v in row] for row in rows]
        table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        last = len(rows) - 1
        commands = [
            ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5, 10.5),
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5, 10.5),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREEN),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        commands += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in sorted(right)]
        if total_row and last > 0:
            commands += [
                ("FONT", (0, last), (-1, last), "Helvetica-Bold", 8.5, 10.5),
                ("LINEABOVE", (0, last), (-1, last), 0.8, colors.black),
            ]
        table.setStyle(TableStyle(commands))
        self.story.append(KeepTogether(table) if keep else table)

    def render(self) -> bytes:
        buffer = io.BytesIO()
        coop_name = str(self.cooperative.name)
        printed = format_date(timezone.localdate(), year=True)
        # The sender as a Dutch invoice names it: address and Chamber of Commerce number.
        kvk = getattr(self.cooperative, "kvk_number", "")
        sender = " · ".join(
            part
            for part in (
                coop_name,
                getattr(self.cooperative, "address", ""),
                _("KvK %(number)s") % {"number": kvk} if kvk else "",
                printed,
            )
            if part
        )

        def decorate(canvas, doc):
            canvas.saveState()
            canvas.setFillColor(GREEN)
            canvas.rect(0, A4[1] - 8 * mm, A4[0], 8 * mm, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont("Helvetica-Bold", 9)
            canvas.drawString(18 * mm, A4[1] - 5.5 * mm, coop_name)
            canvas.setFont("Helvetica", 8)
            canvas.drawRightString(A4[0] - 18 * mm, A4[1] - 5.5 * mm, "DEEL")
            canvas.setFillColor(MUTED)
            canvas.drawString(18 * mm, 10 * mm, sender)
            canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"{doc.page}")
            canvas.restoreState()

        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            title=self.title,
            author=self.author,
            subject=coop_name,
        )
        doc.build(self.story, onFirstPage=decorate, onLaterPages=decorate)
        return buffer.getvalue()
