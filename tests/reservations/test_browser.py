"""In Chromium: log in, find a free car, book it, see it in the week grid, cancel it; and
the same core flows (plus recording the odometer) on a phone with JavaScript turned off."""

import datetime as dt

import pytest
from django.utils import timezone

from reservations.models import Reservation, ReservationStatus
from tests.factories import PASSWORD
from tests.fixtures.browser import login

from .factories import coop_with_cars

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_without_js(chromium_browser):
    context = chromium_browser.new_context(
        viewport={"width": 390, "height": 844}, locale="nl-NL", java_script_enabled=False
    )
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture(params=["desktop", "phone_without_js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "desktop" else request.param)


def test_find_book_see_in_week_grid_and_cancel(any_page, live_server):
    page = any_page
    coop, (taken, free), (ann, bob) = coop_with_cars()
    free.nickname = "Groene Yaris"
    free.save()
    day = timezone.localdate() + dt.timedelta(days=2)
    start = dt.datetime.combine(day, dt.time(10), tzinfo=timezone.get_current_timezone())
    from reservations.services import reservation_create

    reservation_create(member=bob, vehicle=taken, starts_at=start, ends_at=start + dt.timedelta(hours=3))

    login(page, live_server.url, ann.user.email, PASSWORD)
    page.goto(f"{live_server.url}/c/{coop.slug}/reservations/find/")
    page.fill("input[name=starts_at]", f"{day.isoformat()}T11:00")
    page.fill("input[name=ends_at]", f"{day.isoformat()}T13:00")
    page.click("#find-form button[type=submit]")
    assert page.locator(".freecar").count() == 1  # the taken car is not offered
    page.click("text=Reserveer Groene Yaris")
    page.wait_for_load_state()
    assert "Geboekt" in page.content()
    reservation = Reservation.objects.get(member=ann)
    assert reservation.vehicle == free

    monday = day - dt.timedelta(days=day.weekday())
    page.goto(f"{live_server.url}/c/{coop.slug}/reservations/week/?start={monday.isoformat()}")
    mine = page.locator(".slot--mine")
    assert mine.count() == 1 and "11:00–13:00" in mine.inner_text()
    assert bob.user.first_name in page.locator(".weekgrid").inner_text()  # who booked the other car

    mine.locator("a").click()
    page.click("[data-testid=cancel]")
    page.wait_for_load_state()
    assert "geannuleerd" in page.content()
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.CANCELLED
    page.goto(f"{live_server.url}/c/{coop.slug}/reservations/week/?start={monday.isoformat()}")
    assert page.locator(".slot--mine").count() == 0


def test_trip_odometer_without_javascript(phone_without_js, live_server):
    """Start and end a trip on a phone without JavaScript: the forms post as plain HTML."""
    page = phone_without_js
    coop, (car, _), (ann, _) = coop_with_cars()
    from reservations.services import reservation_create
    from vehicles.services import odometer_record

    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=5)
    r = reservation_create(member=ann, vehicle=car, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    odometer_record(vehicle=car, km=12_000, recorded_by=None)
    login(page, live_server.url, ann.user.email, PASSWORD)
    page.goto(f"{live_server.url}/c/{coop.slug}/reservations/{r.pk}/trip/start/")
    assert page.input_value("input[name=odometer_km]") == "12000"  # the last reading, suggested
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/c/{coop.slug}/reservations/{r.pk}/trip/end/")
    page.fill("input[name=odometer_km]", "12080")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    r.refresh_from_db()
    assert r.status == ReservationStatus.COMPLETED and r.trip.distance_km == 80
    assert "80 km" in page.content()
