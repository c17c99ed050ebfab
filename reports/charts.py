"""Charts: one description (ChartData, built from the ledger's figures) drawn twice: as SVG for
the web pages (pygal, its JavaScript off, made CSP-safe here) and as a reportlab drawing for the
PDFs. Every chart has a title, a description and a table with the same numbers (the text
alternative, shown under the chart).

CSP: the pages allow no inline script or style. pygal's SVG carries both (a config script and
a <style> element), so `svg` removes them, and every `style` attribute, and deel/static/deel/
charts.css holds pygal's stylesheet for `.pygal-chart` (made by `pygal_stylesheet()`; see
tests/reports/test_charts.py, which checks it is still what pygal writes)."""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET  # noqa: S405  (building only; parsing goes through defusedxml)
from dataclasses import dataclass

import pygal
from defusedxml.ElementTree import fromstring
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from deel.formats import format_thousands
from deel.money import format_cents
from ledger.models import CostCategory
from ledger.selectors import CarUse, CarYear, MonthGroup, MonthlyCosts, last_months, months_between

COLOURS = ("#1f6f5c", "#c77d1a", "#2b5d9c", "#b23a3a", "#6b4fa0", "#3d8b3d", "#8a6d3b", "#4a4a4a", "#1a8c9c")
STYLE = Style(
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    background="transparent",
    plot_background="transparent",
    foreground="#1d2a26",
    foreground_strong="#1d2a26",
    foreground_subtle="#5d6b66",
    colors=COLOURS,
    title_font_size=18,
    legend_font_size=17,
    label_font_size=15,
    major_label_font_size=15,
)
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"


@dataclass
class ChartData:
    key: str  # for ids and tests
    title: str
    description: str
    labels: list[str]
    series: list[tuple[str, list[float | None]]]
    unit: str  # how a value reads: "euro", "euro_km", "km", "hours"
    category: str = ""  # what a label is (the first column of the table): "Auto", "Maand"
    stacked: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.labels or all(not v for _name, values in self.series for v in values)

    def value_text(self, value: float | None) -> str:
        if value is None:
            return "–"
        unit = self.unit
        if unit == "euro":
            return format_cents(round(value * 100))
        if unit == "euro_km":
            return f"€ {value:.3f}".replace(".", ",")
        if unit == "hours":
            return f"{value:.0f} u"
        return f"{format_thousands(round(value))} km"

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """The text alternative: per label, each series' value as text."""
        return [
            (label, [self.value_text(values[i]) for _name, values in self.series])
            for i, label in enumerate(self.labels)
        ]


# --- building the charts from the figures ---------------------------------------------------


def _euros(cents: int) -> float:
    return cents / 100  # display only: a bar's height, never booked


def cost_per_km_chart(cars: list[CarYear], *, when: str | int) -> ChartData:
    """`when`: the year or the period the figures are of."""
    used = [c for c in cars if c.km]
    return ChartData(
        key="cost-per-km",
        title=_("Kosten per km per auto in %(when)s") % {"when": when},
        description=_("Per auto de werkelijke kosten per gereden km naast het huidige kilometertarief."),
        labels=[c.vehicle.plate for c in used],
        series=[
            (_("Kosten per km"), [float(c.cost_per_km) if c.cost_per_km is not None else None for c in used]),
            (_("Tarief per km"), [float(c.tariff_per_km) if c.tariff_per_km is not None else None for c in used]),
        ],
        unit="euro_km",
        category=_("Auto"),
    )


def monthly_costs_chart(costs: MonthlyCosts) -> ChartData:
    return ChartData(
        key="monthly-costs",
        title=_("Kosten per maand per soort"),
        description=_("De kosten van de auto's en de pool per maand, gestapeld per kostensoort."),
        labels=[date_format(m, "M Y") for m in costs.months],
        series=[(str(CostCategory(c).label), [_euros(v) for v in values]) for c, values in costs.by_category.items()],
        unit="euro",
        category=_("Maand"),
        stacked=True,
    )


def use_chart(use: list[CarUse], *, when: str | int) -> ChartData:
    return ChartData(
        key="use",
        title=_("Gebruik per auto in %(when)s: kilometers") % {"when": when},
        description=_("Per auto de gereden kilometers (uit de afgerekende ritten)."),
        labels=[u.vehicle.plate for u in use],
        series=[(_("Kilometers"), [float(u.km) for u in use])],
        unit="km",
        category=_("Auto"),
    )


def hours_chart(use: list[CarUse], *, when: str | int) -> ChartData:
    return ChartData(
        key="use-hours",
        title=_("Gebruik per auto in %(when)s: uren") % {"when": when},
        description=_("Per auto de uren dat hij onderweg was (uit de afgerekende ritten)."),
        labels=[u.vehicle.plate for u in use],
        series=[(_("Uren"), [u.minutes / 60 for u in use])],
        unit="hours",
        category=_("Auto"),
    )


def member_costs_chart(months: list[MonthGroup], *, today: dt.date, count: int = 12) -> ChartData:
    """The member's own costs per month of the last `count` (oldest first): what was charged on
    their account (trips, fee, a settlement to pay). Payments are left out: they would dwarf it."""
    first, _today = last_months(today=today, count=count)
    by_month = {g.month: g for g in months}
    shown = months_between(first, today)
    return ChartData(
        key="my-costs",
        title=_("Jouw kosten per maand"),
        description=_(
            "Per maand wat er op je rekening kwam: ritten, contributie en een nacalculatie die je bijbetaalt."
        ),
        labels=[date_format(m, "M Y") for m in shown],
        series=[
            (_("Kosten"), [_euros(by_month[m].charged_cents) if m in by_month else 0 for m in shown]),
        ],
        unit="euro",
        category=_("Maand"),
    )


# --- SVG for the web pages (pygal) ---------------------------------------------------------------


def _from_zero(data: ChartData) -> tuple[float, float] | None:
    """The axis from zero to just above the largest value (pygal would start at the smallest,
    and a bar's height would no longer be its value)."""
    values = [v for _name, vs in data.series for v in vs if v]
    return (0, max(values) * 1.05) if values and not data.stacked else None


def _pygal_chart(data: ChartData) -> pygal.Graph:
    kind = pygal.StackedBar if data.stacked else pygal.Bar
    chart = kind(
        range=_from_zero(data),
        max_scale=6,
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        width=600,
        height=380 + 30 * ((len(data.series) - 1) // 2),
        style=STYLE,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(data.series), 2) or 1,
        show_title=False,  # the page's own <h3>; the SVG carries it as <title>
        print_values=False,
        x_label_rotation=-40 if len(data.labels) > 5 else 0,
        truncate_label=-1,
        truncate_legend=-1,
        # pygal leaves too little room under a legend of several rows.
        margin_bottom=8 * ((len(data.series) - 1) // 2),
        value_formatter=lambda v: data.value_text(v),
    )
    chart.x_labels = data.labels
    for name, values in data.series:
        chart.add(name, values)
    return chart


def _clean(svg_text: str, *, title: str, description: str, element_id: str) -> str:
    """pygal's SVG without script, style, comments, tooltips or style attributes; with a title
    and a description the screen reader reads (role=img, aria-labelledby)."""
    root = fromstring(svg_text)  # the XML parser drops the comments
    # pygal's own <title>Pygal</title> too: the chart gets ours below.
    drop = {f"{{{SVG_NS}}}{tag}" for tag in ("script", "style", "defs", "title")}
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in drop or "tooltip-overlay" in child.get("class", ""):
                parent.remove(child)
    for node in root.iter():
        node.attrib.pop("style", None)
    root.set("id", element_id)
    root.set("role", "img")
    root.set("aria-labelledby", f"{element_id}-title {element_id}-desc")
    root.set("focusable", "false")
    desc = ET.Element(f"{{{SVG_NS}}}desc", id=f"{element_id}-desc")
    desc.text = description
    root.insert(0, desc)
    heading = ET.Element(f"{{{SVG_NS}}}title", id=f"{element_id}-title")
    heading.text = title
    root.insert(0, heading)
    # Written with plain names and the namespace declared on the root, not through ET's
    # process-wide prefix registry (which another library may change: "ns0:svg").
    for node in root.iter():
        node.tag = node.tag.removeprefix(f"{{{SVG_NS}}}")
        for key in [k for k in node.attrib if k.startswith(f"{{{XLINK_NS}}}")]:
            node.set(key.replace(f"{{{XLINK_NS}}}", "xlink:"), node.attrib.pop(key))
    root.set("xmlns", SVG_NS)
    root.set("xmlns:xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


def svg(data: ChartData) -> SafeString:
    """The chart as inline SVG, safe under the pages' CSP (no script, no inline style)."""
    text = _pygal_chart(data).render(is_unicode=True)
    # Built by pygal from our own numbers and escaped labels; the result is markup.
    return mark_safe(_clean(text, title=data.title, description=data.description, element_id=f"chart-{data.key}"))  # noqa: S308


def pygal_stylesheet() -> str:
    """pygal's stylesheet for our style, for any `.pygal-chart` (written to deel/static/deel/charts.css)."""
    chart = pygal.Bar(js=[], disable_xml_declaration=True, style=STYLE, legend_at_bottom=True)
    for i in range(len(COLOURS)):
        chart.add(str(i), [1])
    text = chart.render(is_unicode=True)
    css = re.search(r"<style[^>]*>(.*?)</style>", text, re.S)
    assert css is not None
    chart_id = re.search(r'id="(chart-[0-9a-f-]+)"', text)
    assert chart_id is not None
    return html.unescape(css.group(1)).replace(f"#{chart_id.group(1)}", ".pygal-chart").strip() + "\n"


def figure(data: ChartData) -> SafeString:
    """The chart with its title and its table (the text alternative), as a <figure>."""
    head = "".join(format_html('<th scope="col" class="num">{}</th>', name) for name, _values in data.series)
    body = "".join(
        format_html(
            '<tr><th scope="row">{}</th>{}</tr>',
            label,
            mark_safe("".join(format_html('<td class="num">{}</td>', v) for v in values)),  # noqa: S308
        )
        for label, values in data.rows
    )
    table = format_html(
        '<details class="chart__table"><summary>{}</summary><div class="table-wrap"><table>'
        '<caption class="sr-only">{}</caption><thead><tr><th scope="col">{}</th>{}</tr></thead>'
        "<tbody>{}</tbody></table></div></details>",
        _("De cijfers als tabel"),
        data.title,
        data.category,
        mark_safe(head),  # noqa: S308
        mark_safe(body),  # noqa: S308
    )
    if data.is_empty:
        return format_html(
            '<figure class="chart" data-chart="{}"><figcaption>{}</figcaption><p class="empty">{}</p></figure>',
            data.key,
            data.title,
            _("Nog geen cijfers."),
        )
    return format_html(
        '<figure class="chart" data-chart="{}"><figcaption>{}</figcaption>{}{}</figure>',
        data.key,
        data.title,
        svg(data),
        table,
    )


# --- drawings for the PDFs (reportlab) -----------------------------------------------------------


def drawing(data: ChartData, *, width: float = 480, height: float = 200) -> Drawing:
    """The chart as a reportlab drawing (bars), with its title on top and a legend below."""
    series = data.series
    legend_height = 14 * ((len(series) + 2) // 3)
    d = Drawing(width, height + legend_height + 18)
    d.add(String(0, height + legend_height + 6, data.title, fontName="Helvetica-Bold", fontSize=10))
    chart = VerticalBarChart()
    chart.x, chart.y = 40, legend_height + 24
    chart.width, chart.height = width - 50, height - 30
    chart.data = [[v or 0 for v in values] for _name, values in series] or [[0]]
    chart.categoryAxis.categoryNames = data.labels or [""]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    if len(data.labels) > 6:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: data.value_text(v)
    if data.stacked:
        chart.categoryAxis.style = "stacked"
    for i, _s in enumerate(series):
        chart.bars[i].fillColor = colors.HexColor(COLOURS[i % len(COLOURS)])
        chart.bars[i].strokeColor = None
    d.add(chart)
    if series:
        legend = Legend()
        legend.x, legend.y = 40, legend_height
        legend.fontName, legend.fontSize = "Helvetica", 7.5
        legend.columnMaximum = 1
        legend.dx = legend.dy = 7
        legend.deltax = (width - 50) / 3
        legend.alignment = "right"
        legend.colorNamePairs = [
            (colors.HexColor(COLOURS[i % len(COLOURS)]), name) for i, (name, _v) in enumerate(series)
        ]
        legend.columnMaximum = 1 if len(series) <= 3 else 2
        d.add(legend)
    return d
