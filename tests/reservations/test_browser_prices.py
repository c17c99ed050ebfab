"""In Chromium, on a 390x844 phone without JavaScript and on a desktop: the prices page, an
estimate on the search and the booking form, and booking from a car's timeline."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ledger.models import Tariff
from reservations.models import Reservation
from tests.factories import PASSWORD
from tests.fixtures.browser import login

from .factories import coop_with_cars

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium_browser):
    context = chromium_browser.new_context(
        viewport={"width": 390, "height": 844}, locale="nl-NL", java_script_enabled=False
    )
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture(params=["desktop", "phone"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "desktop" else request.param)


def _priced_coop():
    coop, (car, other), (ann, bob) = coop_with_cars()
    Tariff.objects.create(
        cooperative=coop,
        valid_from=dt.date(2020, 1, 1),
        per_km=Decimal("0.25"),
        per_hour=Decimal("2.00"),
        day_cap=Decimal("25.00"),
        decision_reference="ALV 2020 punt 4",
    )
    return coop, car, other, ann, bob


def test_prices_and_estimates(any_page, live_server):
    page = any_page
    coop, car, _other, ann, _bob = _priced_coop()
    login(page, live_server.url, ann.user.email, PASSWORD)
    page.goto(f"{live_server.url}/c/{coop.slug}/books/prices/")
    tariff = page.locator('[data-testid="tariff"]')
    assert tariff.count() == 1 and "€ 0,2500" in tariff.inner_text() and "ALV 2020 punt 4" in tariff.inner_text()

    day = timezone.localdate() + dt.timedelta(days=2)
    page.goto(f"{live_server.url}/c/{coop.slug}/reservations/find/")
    page.fill("input[name=starts_at]", f"{day.isoformat()}T10:00")
    page.fill("input[name=ends_at]", f"{day.isoformat()}T13:00")
    page.fill("input[name=km]", "40")
    page.click("#find-form button[type=submit]")
    estimates = page.locator('[data-testid="result"] [data-testid="estimate"]')
    assert estimates.count() == 2
    assert "€ 16,00" in estimates.first.inner_text()  # 40 x 0.25 + 3 x 2.00
    page.click("text=Met notitie of andere tijden >> nth=0")
    page.fill("input[name=km]", "100")
    page.click("text=Prijs opnieuw berekenen")
    assert "€ 31,00" in page.locator('[data-testid="estimate"]').inner_text()  # 100 x 0.25 + 3 x 2.00
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


def test_book_from_the_cars_timeline(any_page, live_server):
    page = any_page
    coop, car, _other, ann, bob = _priced_coop()
    from reservations.services import reservation_create

    day = timezone.localdate() + dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time(10), tzinfo=timezone.get_current_timezone())
    reservation_create(member=bob, vehicle=car, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    login(page, live_server.url, ann.user.email, PASSWORD)
    page.goto(f"{live_server.url}/c/{coop.slug}/reservations/car/{car.pk}/?dag={day.isoformat()}&weergave=dag")
    day_box = page.locator('[data-testid="timeline-day"]')
    assert "bezet" in day_box.inner_text()
    windows = page.locator('[data-testid="free-window"]')
    assert windows.count() == 2
    windows.nth(1).click()  # after bob's booking and the buffer
    page.wait_for_load_state()
    assert page.locator('[data-testid="estimate"]').count() == 1
    page.click('[data-testid="book"]')
    page.wait_for_load_state()
    mine = Reservation.objects.get(member=ann)
    assert mine.vehicle == car and mine.starts_at >= start + dt.timedelta(hours=2, minutes=car.buffer_minutes)
    assert "Geboekt" in page.content()
