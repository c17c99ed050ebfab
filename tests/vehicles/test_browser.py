"""The pool and a car page in a real browser, on a phone and a desktop: no sideways scrolling,
photos load through the permission-checked view, damage can be reported."""

import pytest

from tests.factories import PASSWORD
from tests.fixtures.browser import login
from tests.members.factories import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pool_and_car_page_fit_a_phone_and_a_desktop(page, live_server):
    world = build_world()
    login(page, live_server.url, world.people["member"].user.email, PASSWORD)
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/c/{world.coop.slug}/cars/")
        assert page.locator(".carcard").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # The photo is served (through the checked view) and decoded by the browser.
        page.wait_for_function(
            # A function, not an expression: Playwright evals an expression, which the CSP forbids.
            "() => document.images.length > 0"
            " && Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
        )
        page.click(f"text={world.car.plate} >> nth=0")
        page.wait_for_load_state("networkidle")
        assert "Open schade" in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_member_reports_damage_and_records_odometer_in_the_browser(page, live_server):
    world = build_world()
    login(page, live_server.url, world.people["member"].user.email, PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/c/{world.coop.slug}/cars/{world.other_car.pk}/")
    page.fill("input[name=km]", "4321")
    page.click("text=Doorgeven")
    page.wait_for_load_state("networkidle")
    assert "Kilometerstand opgeslagen" in page.content()
    page.fill("input[name=km]", "4000")
    page.click("text=Doorgeven")
    page.wait_for_load_state("networkidle")
    assert "lager dan de laatst bekende stand van 4.321 km" in page.content()
    page.click("text=Schade melden")
    page.fill("textarea[name=description]", "Kras op de motorkap")
    page.click("main form.stack button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "de schade is gemeld" in page.content()
