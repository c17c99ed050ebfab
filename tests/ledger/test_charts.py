"""Charts (reports/charts.py): server-rendered SVG without script or inline style (CSP), with a
title, a description and a table alternative; the same figures drawn in the settlement PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from ledger.figures import monthly_costs_by_category, months_between, use_by_car
from ledger.models import AccountType, Posting
from ledger.selectors import cars_cost_per_km
from ledger.services import period_resolve, settlement_run
from reports import charts
from tests.ledger.factories import aware, make_trip

CHARTS_CSS = Path(settings.BASE_DIR) / "deel" / "static" / "deel" / "charts.css"


def test_the_svg_has_no_script_no_style_and_no_outside_reference(coop, books):
    data = charts.cost_per_km_chart(cars_cost_per_km(cooperative=coop, year=2026), when=2026)
    svg = str(charts.svg(data))
    assert svg.startswith("<svg") and "<script" not in svg and "<style" not in svg
    assert "style=" not in svg  # CSP style-src 'self': no style attributes either
    outside = set(re.findall(r'(?:href|src)="([^"]+)"', svg))
    assert not outside
    urls = set(re.findall(r"https?://[^\"'\s<>]+", svg))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    # Accessible: an image with a title and a description the screen reader reads.
    assert 'role="img"' in svg and 'aria-labelledby="chart-cost-per-km-title chart-cost-per-km-desc"' in svg
    assert '<title id="chart-cost-per-km-title">Kosten per km per auto in 2026</title>' in svg
    # The series labels are text in the legend.
    assert "Kosten per km" in svg and "Tarief per km" in svg


def test_the_figure_carries_a_table_with_the_same_numbers(coop, car, books):
    cars = cars_cost_per_km(cooperative=coop, year=2026)
    data = charts.cost_per_km_chart(cars, when=2026)
    html = str(charts.figure(data))
    assert '<details class="chart__table">' in html and "<table>" in html
    (row,) = [c for c in cars if c.km]
    assert f'<th scope="row">{car.plate}</th>' in html
    assert data.value_text(float(row.cost_per_km)) in html
    assert data.value_text(0.25) in html  # the tariff per km of the books fixture


def test_an_empty_chart_says_so_instead_of_drawing(coop):
    html = str(charts.figure(charts.use_chart([], when=2026)))
    assert "<svg" not in html and 'class="empty"' in html


def test_the_stylesheet_is_what_pygal_writes_for_our_style():
    text = CHARTS_CSS.read_text()
    assert text.split("\n", 1)[1] == charts.pygal_stylesheet()
    assert "&gt;" not in text and "#chart-" not in text


def test_monthly_costs_add_up_to_the_cost_postings(coop, books):
    start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    costs = monthly_costs_by_category(cooperative=coop, start=start, end=end)
    assert costs.months == months_between(start, end)
    posted = sum(
        Posting.objects.filter(
            transaction__cooperative=coop,
            account__type=AccountType.EXPENSE,
            transaction__date__gte=start,
            transaction__date__lte=end,
        ).values_list("amount_cents", flat=True)
    )
    assert sum(costs.totals) == posted and costs.by_category["insurance"][0] == 60_000


def test_use_per_car_is_the_charged_trips(coop, car, books, member):
    extra = make_trip(member, car, start=aware(2026, 2, 3), km=55, hours=3)
    from ledger.services import trip_charge

    trip_charge(trip=extra)
    (row,) = use_by_car(cooperative=coop, start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28))
    assert (row.vehicle, row.km, row.minutes) == (car, 55, 180)


def test_dashboard_shows_the_charts_under_the_csp(client, coop, treasurer, books, django_assert_max_num_queries):
    client.force_login(treasurer.user)
    with django_assert_max_num_queries(21):
        response = client.get(reverse("ledger:dashboard", kwargs={"coop": coop.slug}))
    body = response.content.decode()
    assert set(re.findall(r'data-chart="([^"]+)"', body)) == {"cost-per-km", "monthly-costs", "use", "use-hours"}
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    main = body.split('<main id="main"', 1)[1]
    assert "<script" not in main and "<style" not in main and " style=" not in main
    assert "/static/deel/charts.css" in body


def test_the_member_sees_their_own_monthly_costs(client, coop, books):
    member = books[0]
    client.force_login(member.user)
    body = client.get(reverse("ledger:my_balance", kwargs={"coop": coop.slug})).content.decode()
    assert 'data-chart="my-costs"' in body and "Jouw kosten per maand" in body


def test_the_settlement_report_has_the_charts(client, coop, treasurer, books):
    period = period_resolve(cooperative=coop, period="2026-Q1")
    settlement_run(cooperative=coop, period=period, posted_by=treasurer)
    client.force_login(treasurer.user)
    pdf = client.get(reverse("ledger:settlement_pdf", kwargs={"coop": coop.slug, "pk": period.pk}))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "In grafieken" in text
    for title in ("Kosten per km per auto in 2026-Q1", "Kosten per maand per soort", "Gebruik per auto in 2026-Q1"):
        assert title in text
    assert "Kosten per km" in text and "Tarief per km" in text  # the legend


def test_the_svg_keeps_plain_names_whatever_else_registered_a_namespace():
    import xml.etree.ElementTree as ET

    ET.register_namespace("", "urn:example:other")  # as another library might
    data = charts.ChartData(key="k", title="T", description="D", labels=["a"], series=[("S", [1.0])], unit="km")
    svg = str(charts.svg(data))
    assert svg.startswith("<svg ") and "ns0:" not in svg and svg.count("<title") == 1
