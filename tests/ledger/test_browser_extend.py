"""On a phone without JavaScript: extend a running booking with one tap, after seeing the
new estimate (issue 14)."""

import datetime as dt

import pytest
from django.utils import timezone

from reservations.models import Reservation
from tests.factories import PASSWORD, MemberFactory, VehicleFactory
from tests.fixtures.browser import login

from .factories import make_tariff

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


def test_extend_on_the_phone(phone, live_server):
    member = MemberFactory()
    coop = member.cooperative
    car = VehicleFactory(cooperative=coop)
    make_tariff(coop, per_km="0.25", per_hour="2.00")
    start = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(hours=1)
    r = Reservation.objects.create(
        cooperative=coop,
        vehicle=car,
        member=member,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        blocked_until=start + dt.timedelta(hours=2),
    )
    login(phone, live_server.url, member.user.email, PASSWORD)
    phone.goto(f"{live_server.url}/c/{coop.slug}/reservations/{r.pk}/")
    phone.click("[data-testid=extend]")
    phone.click("[data-testid=plus-60]")
    assert "6,00" in phone.inner_text("[data-testid=estimate]")  # three hours at 2,00
    phone.click("[data-testid=confirm]")
    phone.wait_for_load_state("networkidle")
    assert f"/reservations/{r.pk}/" in phone.url
    r.refresh_from_db()
    assert r.ends_at == start + dt.timedelta(hours=3)
