"""On a phone (390 px): pick up an electric car with a key box (the code on the booking
page), see its known damage, start the trip with photos; return it below the battery
minimum with photos and a new damage report with a photo, in one form. Photos are small
generated PNG/JPEG files given through set_input_files."""

import datetime as dt
import io
import os
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

from ledger.models import PenaltyKind, Tariff, Transaction
from ledger.penalties import penalty_rate_set
from members.models import Role
from reservations import keys
from reservations.models import TripPhoto
from reservations.services import reservation_create
from tests.factories import PASSWORD, MemberFactory
from tests.fixtures.browser import login
from vehicles.models import DamageReport, Fuel, KeyBoxKind
from vehicles.services import damage_report, keybox_set

from .factories import coop_with_cars

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("DEEL_SCREENSHOTS")  # a folder: save the pages as PNG (docs, review)


def image(name: str, fmt: str = "PNG", color=(30, 120, 200)) -> dict:
    buf = io.BytesIO()
    Image.new("RGB", (16, 12), color).save(buf, format=fmt)
    return {"name": name, "mimeType": f"image/{fmt.lower()}", "buffer": buf.getvalue()}


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def phone(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


def test_pick_up_and_return_with_photos_on_a_phone(phone, live_server):
    page = phone
    coop, (car, _), (ann, bob) = coop_with_cars()
    caretaker = MemberFactory(cooperative=coop, roles=[Role.CARETAKER])
    car.fuel, car.nickname, car.caretaker = Fuel.ELECTRIC, "Groene Zoe", caretaker
    car.save()
    keybox_set(vehicle=car, by=caretaker, kind=KeyBoxKind.ELECTRONIC, box_id="BB-07", location="naast de voordeur")
    tariff = Tariff.objects.create(
        cooperative=coop,
        valid_from=dt.date(2020, 1, 1),
        per_km=Decimal("0.20"),
        decision_reference="ALV 2026 punt 3",
    )
    penalty_rate_set(tariff=tariff, kind=PenaltyKind.LOW_ENERGY, amount_cents=1000, by=None)
    damage_report(vehicle=car, reported_by=bob, description="Kras op de achterbumper")
    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=20)
    r = reservation_create(member=ann, vehicle=car, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    r = type(r).objects.select_related("vehicle__key_box", "cooperative").get(pk=r.pk)
    (code,) = keys.codes_for(r)

    login(page, live_server.url, ann.user.email, PASSWORD)
    base = f"{live_server.url}/c/{coop.slug}/reservations/{r.pk}/"
    page.goto(base)
    assert code.grouped in page.locator("[data-testid=key-code]").inner_text()
    shot(page, "booking-with-key-code")

    page.click("text=Rit starten")
    assert "Kras op de achterbumper" in page.locator("[data-testid=known-damage]").inner_text()
    page.fill("input[name=odometer_km]", "12000")
    page.fill("input[name=battery_percent]", "92")
    page.set_input_files("input[name=photos]", [image("voor.png"), image("achter.jpg", "JPEG")])
    shot(page, "trip-start")
    page.click("button:has-text('Start de rit')")
    page.wait_for_load_state()
    assert page.locator("[data-testid=trip-photos] img").count() == 2

    page.click("text=Rit afsluiten")
    assert "70%" in page.locator("[data-testid=battery-rule]").inner_text()
    page.fill("input[name=odometer_km]", "12085")
    page.fill("input[name=battery_percent]", "55")
    page.set_input_files("input[name=photos]", [image("terug.png", color=(10, 160, 60))])
    page.fill("textarea[name=damage_description]", "Deuk in het rechterportier")
    page.set_input_files("input[name=damage_photos]", [image("deuk.jpg", "JPEG", color=(90, 90, 90))])
    shot(page, "trip-end")
    page.click("button:has-text('Afsluiten')")
    page.wait_for_load_state()
    assert "De rit is afgesloten" in page.content()
    shot(page, "booking-after-return")

    trip = r.__class__.objects.get(pk=r.pk).trip
    assert (trip.odometer_end_km, trip.battery_start_percent, trip.battery_end_percent) == (12085, 92, 55)
    assert TripPhoto.objects.filter(trip=trip).count() == 3
    report = DamageReport.objects.get(description="Deuk in het rechterportier")
    assert report.photos.count() == 1 and trip.damage_reports.filter(pk=report.pk).exists()
    assert Transaction.objects.filter(source_key=f"evfee:{trip.pk}").exists()
    assert page.locator("[data-testid=key-code]").count() == 0  # a finished booking shows no code
