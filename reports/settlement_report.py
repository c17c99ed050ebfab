"""The settlement report (nacalculatie) as PDF: per car and per member."""

from __future__ import annotations

from django.utils.translation import gettext as _

from deel.formats import format_date, format_minutes_clock, format_thousands
from deel.money import format_cents
from ledger import selectors as figures
from ledger.models import CostCategory
from ledger.selectors import cars_cost_per_km_between
from ledger.services import SettlementResult

from . import charts
from .pdf import PdfDocument

WIDTH = 480  # points: the width the other tables of this report take (A4 less margins and padding)


def _perkm_text(cents: int, km: int) -> str:
    if not km:
        return "-"
    return f"€ {cents / 100 / km:.4f}".replace(".", ",")  # display only, never booked


def settlement_pdf(result: SettlementResult) -> bytes:
    period = result.period
    state = _("simulatie, niet geboekt") if result.simulate else _("geboekt")
    doc = PdfDocument(
        cooperative=result.cooperative,
        title=_("Nacalculatie %(period)s") % {"period": period.label},
        subtitle=f"{format_date(period.starts_on, year=True)} t/m {format_date(period.ends_on, year=True)} · {state}",
    )
    doc.facts(
        [
            (_("Werkelijke kosten"), format_cents(result.cost_cents)),
            (_("Opbrengst tarieven en contributie"), format_cents(result.income_cents)),
            (_("Reserve (besluit ALV)"), format_cents(result.reserve_cents)),
            (_("Te verdelen"), format_cents(result.total_difference_cents)),
            (_("Verdeelsleutel"), _("km en uren") if result.key == "km_hours" else _("km")),
        ]
    )
    doc.heading(_("Per auto"))
    rows: list[list[str]] = [[_("Auto"), _("Kosten"), _("Opbrengst"), _("Km"), _("Per km"), _("Te verdelen")]]
    for car in result.cars:
        rows.append(
            [
                f"{car.plate} {car.name}".strip(),
                format_cents(car.cost_cents),
                format_cents(car.income_cents),
                format_thousands(car.km),
                _perkm_text(car.cost_cents, car.km),
                format_cents(car.net_cents),
            ]
        )
    total_km = sum(c.km for c in result.cars)
    car_cost = sum(c.cost_cents for c in result.cars)
    rows.append(
        [
            _("Totaal"),
            format_cents(car_cost),
            format_cents(sum(c.income_cents for c in result.cars)),
            format_thousands(total_km),
            _perkm_text(car_cost, total_km),
            format_cents(sum(c.net_cents for c in result.cars)),
        ]
    )
    doc.table(rows, money_columns={1, 2, 3, 4, 5}, total_row=True, col_widths=[None, 72, 72, 48, 58, 72])
    if result.pool_cents:
        doc.paragraph(
            _("Over alle rijders samen verdeeld (pool, reserve, kosten zonder auto): %(amount)s")
            % {"amount": format_cents(result.pool_cents)},
            "small",
        )
    doc.heading(_("Kosten per soort"))
    categories = [c for c in CostCategory.values if any(c in car.costs_by_category for car in result.cars)]
    if len(result.cars) <= 5:
        header = [_("Soort")] + [car.plate for car in result.cars] + [_("Totaal")]
        rows = [header]
        for c in categories:
            amounts = [car.costs_by_category.get(c, 0) for car in result.cars]
            rows.append(
                [str(CostCategory(c).label)] + [format_cents(a) for a in amounts] + [format_cents(sum(amounts))]
            )
        # The category names need the room; the amount columns share the rest.
        rest = (WIDTH - 90) / (len(header) - 1)
        doc.table(rows, money_columns=set(range(1, len(header))), col_widths=[90] + [rest] * (len(header) - 1))
    else:
        rows = [[_("Auto"), _("Soort"), _("Bedrag")]]
        for car in result.cars:
            for c in categories:
                if car.costs_by_category.get(c):
                    rows.append([car.plate, str(CostCategory(c).label), format_cents(car.costs_by_category[c])])
        doc.table(rows, money_columns={2}, col_widths=[80, None, 80])
    doc.heading(_("Per lid"))
    rows = [[_("Lid"), _("Km"), _("Uren"), _("Betaald"), _("Aandeel"), _("Verschil")]]
    for m in result.members:
        rows.append(
            [
                m.name,
                format_thousands(m.km),
                format_minutes_clock(m.minutes),
                format_cents(m.paid_cents),
                format_cents(m.share_cents),
                format_cents(m.difference_cents),
            ]
        )
    rows.append(
        [
            _("Totaal"),
            format_thousands(sum(m.km for m in result.members)),
            format_minutes_clock(sum(m.minutes for m in result.members)),
            format_cents(sum(m.paid_cents for m in result.members)),
            format_cents(sum(m.share_cents for m in result.members)),
            format_cents(result.total_difference_cents),
        ]
    )
    doc.table(rows, money_columns={1, 2, 3, 4, 5}, total_row=True, col_widths=[None, 48, 48, 70, 70, 70])
    doc.paragraph(
        _(
            "Verschil: positief betaalt het lid bij, negatief krijgt het lid terug. De som van de "
            "verschillen is precies kosten min opbrengst plus reserve."
        ),
        "small",
    )
    _charts(doc, result)
    return doc.render()


def _charts(doc: PdfDocument, result: SettlementResult) -> None:
    """The dashboard's charts for this period, drawn from the same figures (the numbers are in
    the tables above)."""
    coop, period = result.cooperative, result.period
    start, end = period.starts_on, period.ends_on
    heading = _("In grafieken")
    cars = cars_cost_per_km_between(cooperative=coop, start=start, end=end)
    use = figures.use_by_car(cooperative=coop, start=start, end=end)
    for data in (
        charts.cost_per_km_chart(cars, when=period.label),
        charts.monthly_costs_chart(figures.monthly_costs_by_category(cooperative=coop, start=start, end=end)),
        charts.use_chart(use, when=period.label),
        charts.hours_chart(use, when=period.label),
    ):
        if not data.is_empty:
            doc.drawing(charts.drawing(data, width=WIDTH), heading=heading)
            heading = ""
