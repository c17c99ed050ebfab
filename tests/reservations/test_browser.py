"""In Chromium: log in, find a free car, book it, see it in the week grid, cancel it."""

import datetime as dt

import pytest
from django.utils import timezone

from reservations.models import Reservation, ReservationStatus
from tests.factories import PASSWORD
from tests.fixtures.browser import login

from .factories import coop_with_cars

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_book_see_in_week_grid_and_cancel(page, live_server):
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
