"""In a real browser, on a phone and on a desktop: the inbox items lead to where the work is
done, the dashboard's chart is drawn (an <svg> with its series in the legend) without a CSP
complaint, and a long action's button is disabled once it is sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ledger.services import expense_submit
from members.models import MemberStatus, Role
from payments.models import BankImport, BankLine, BankLineStatus
from payments.target_days import next_target_business_day
from tests.factories import PASSWORD, CooperativeFactory, MemberFactory, VehicleFactory
from tests.fixtures.browser import login
from tests.ledger.factories import aware, make_tariff, make_trip
from tests.payments.factories import charge, mandate

pytestmark = pytest.mark.browser

SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture
def world(transactional_db):
    coop = CooperativeFactory(slug="inbox-browser", bic="ABNANL2A", sepa_creditor_id="NL79ZZZ999999990000")
    treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    member = MemberFactory(cooperative=coop)
    expense_submit(member=member, description="Tanken", amount_cents=4_210, spent_on=timezone.localdate())
    imp = BankImport.objects.create(cooperative=coop, filename="nov.xml", format="camt053")
    BankLine.objects.create(
        cooperative=coop,
        bank_import=imp,
        unique_key="b1",
        booked_on=timezone.localdate(),
        amount_cents=2_500,
        counterparty_name="Onbekend",
        status=BankLineStatus.QUEUED,
    )
    MemberFactory(cooperative=coop, status=MemberStatus.APPLIED)
    car = VehicleFactory(cooperative=coop)
    year = timezone.localdate().year
    make_tariff(coop, per_km="0.25", per_hour="1.00", monthly_fee="3.00", valid_from=dt.date(year, 1, 1))
    from ledger.services import car_cost_create, trip_charge

    trip_charge(trip=make_trip(member, car, start=aware(year, 1, 5), km=120, hours=3))
    car_cost_create(
        vehicle=car, category="insurance", description="Premie", amount_cents=60_000, incurred_on=dt.date(year, 1, 2)
    )
    charge(member, 4_321, billed=True)
    mandate(member)
    return {"coop": coop, "treasurer": treasurer, "board": board, "car": car}


def _watch_csp(page) -> list[str]:
    complaints: list[str] = []
    page.on(
        "console",
        lambda msg: complaints.append(msg.text)
        if "Content Security Policy" in msg.text or "Refused" in msg.text
        else None,
    )
    return complaints


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_treasurer_clicks_through_the_inbox(page, live_server, world, screen):
    page.set_viewport_size(SCREENS[screen])
    complaints = _watch_csp(page)
    login(page, live_server.url, world["treasurer"].user.email, PASSWORD)
    home = f"{live_server.url}/c/inbox-browser/"
    for key, lands_on in (
        ("claims", "/books/expenses/"),
        ("bank_lines", "/payments/bank/queue/"),
        ("sepa", "/payments/sepa/"),
    ):
        page.goto(home)
        page.click(f"[data-inbox={key}] a")
        page.wait_for_load_state("networkidle")
        assert page.url.startswith(f"{live_server.url}/c/inbox-browser{lands_on}"), (key, page.url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SCREENS[screen]["width"], f"page is {width}px wide"
    assert not complaints


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_board_clicks_through_to_the_applications(page, live_server, world, screen):
    page.set_viewport_size(SCREENS[screen])
    login(page, live_server.url, world["board"].user.email, PASSWORD)
    page.goto(f"{live_server.url}/c/inbox-browser/")
    assert page.locator("[data-inbox]").count() >= 1
    page.click("[data-inbox=applications] a")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/c/inbox-browser/board/"


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_dashboard_draws_its_charts_under_the_csp(page, live_server, world, screen):
    page.set_viewport_size(SCREENS[screen])
    complaints = _watch_csp(page)
    login(page, live_server.url, world["treasurer"].user.email, PASSWORD)
    page.goto(f"{live_server.url}/c/inbox-browser/books/treasurer/")
    page.wait_for_load_state("networkidle")
    chart = page.locator("figure[data-chart=cost-per-km] svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    legend = chart.locator(".legends").text_content() or ""
    assert "Kosten per km" in legend and "Tarief per km" in legend
    assert chart.locator(".bars rect.rect").count() == 2  # one car: its cost per km and its tariff
    # pygal's stylesheet (served from our static files) applies: the bars are coloured.
    fill = chart.locator(".bars rect.rect").first.evaluate("el => getComputedStyle(el).fill")
    assert fill not in ("", "none", "rgb(0, 0, 0)")
    # The text alternative opens without JavaScript.
    page.locator("figure[data-chart=cost-per-km] summary").click()
    assert page.locator("figure[data-chart=cost-per-km] table").is_visible()
    assert not complaints


def test_a_long_action_is_sent_once(page, live_server, world):
    page.set_viewport_size(SCREENS["phone"])
    login(page, live_server.url, world["treasurer"].user.email, PASSWORD)
    page.goto(f"{live_server.url}/c/inbox-browser/payments/sepa/")
    day = next_target_business_day(timezone.localdate() + dt.timedelta(days=20))
    page.fill("input[name=collection_date]", day.isoformat())
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("form[data-once]")
    assert page.locator("[data-confirm=count]").inner_text().strip() == "1"
    # Stop the real submission, then send the form: the button is disabled, a second send is refused.
    state = page.evaluate(
        """() => new Promise(resolve => {
            const form = document.querySelector('form[data-once]');
            form.addEventListener('submit', e => e.preventDefault());
            form.requestSubmit();
            setTimeout(() => {
                const button = form.querySelector('button[type=submit]');
                const again = new Event('submit', {bubbles: true, cancelable: true});
                form.dispatchEvent(again);
                resolve({
                    disabled: button.disabled,
                    busy: button.textContent.trim(),
                    secondPrevented: again.defaultPrevented,
                });
            }, 20);
        })"""
    )
    assert state["disabled"] and state["busy"] == "Bezig…" and state["secondPrevented"]
