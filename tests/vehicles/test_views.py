"""What a member, caretaker and board member notice on the pool pages, bad input included:
a clear Dutch message and nothing stored."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.members.factories import build_world, pdf_bytes, png_bytes
from vehicles.models import (
    DamagePhoto,
    DamageReport,
    DamageStatus,
    MaintenanceEntry,
    OdometerReading,
    Vehicle,
    VehicleContribution,
    VehicleDocument,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def url(world, name, **kw):
    return reverse(name, kwargs={"coop": world.coop.slug, **kw})


def car_data(**over):
    data = {
        "plate": "12abc3",
        "make": "Škoda",
        "model": "Fabia",
        "fuel": "petrol",
        "vehicle_class": "small",
        "seats": 5,
        "address": "Lindelaan 4, Den Haag",
        "status": "active",
        "buffer_minutes": 15,
    }
    data.update(over)
    return data


def test_board_adds_a_car_and_the_plate_is_normalised(client, world):
    client.force_login(world.people["board"].user)
    response = client.post(url(world, "vehicles:new"), car_data())
    car = Vehicle.objects.get(cooperative=world.coop, make="Škoda")
    assert response.status_code == 302 and car.plate == "12-ABC-3"


def test_invalid_plate_gets_a_dutch_message_and_stores_nothing(client, world):
    client.force_login(world.people["board"].user)
    count = Vehicle.objects.count()
    response = client.post(url(world, "vehicles:new"), car_data(plate="ABC-DEF"))
    assert response.status_code == 200
    assert "geen geldig Nederlands kenteken" in response.content.decode()
    assert Vehicle.objects.count() == count


def test_duplicate_plate_is_refused(client, world):
    client.force_login(world.people["board"].user)
    response = client.post(url(world, "vehicles:new"), car_data(plate=world.car.plate.replace("-", "")))
    assert "staat al een auto met kenteken" in response.content.decode()


def test_caretaker_edits_own_car(client, world):
    client.force_login(world.people["caretaker"].user)
    response = client.post(
        url(world, "vehicles:edit", pk=world.car.pk),
        car_data(plate=world.car.plate, location_note="Achter de school", caretaker=world.people["caretaker"].pk),
    )
    assert response.status_code == 302
    world.car.refresh_from_db()
    assert world.car.location_note == "Achter de school"


def test_pool_page_shows_cards_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.people["member"].user)
    with django_assert_max_num_queries(12):
        response = client.get(url(world, "vehicles:pool"))
    body = response.content.decode()
    assert world.car.plate in body and world.other_car.plate in body
    assert "1 schade open" in body


def test_car_page_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world.people["board"].user)
    with django_assert_max_num_queries(20):
        response = client.get(url(world, "vehicles:detail", pk=world.car.pk))
    assert response.status_code == 200


def test_plain_member_sees_document_status_but_not_the_file(client, world):
    client.force_login(world.people["member"].user)
    body = client.get(url(world, "vehicles:detail", pk=world.car.pk)).content.decode()
    assert "verloopt binnenkort" in body
    assert url(world, "vehicles:document_file", pk=world.document.pk) not in body
    client.force_login(world.people["caretaker"].user)
    body = client.get(url(world, "vehicles:detail", pk=world.car.pk)).content.decode()
    assert url(world, "vehicles:document_file", pk=world.document.pk) in body


def test_lower_odometer_reading_is_refused_with_the_last_reading(client, world):
    client.force_login(world.people["member"].user)
    client.post(url(world, "vehicles:odometer", pk=world.car.pk), {"km": 50_100})
    response = client.post(url(world, "vehicles:odometer", pk=world.car.pk), {"km": 50_000}, follow=True)
    assert "lager dan de laatst bekende stand van 50.100 km" in response.content.decode()
    assert list(OdometerReading.objects.filter(vehicle=world.car).values_list("km", flat=True)) == [50_100]


def test_implausible_jump_by_a_member_is_refused_but_the_caretaker_may(client, world):
    """973.780 typed for 97.378 would block every later reading; a member's check that
    far above the last reading is refused, the caretaker (who sees the car) may record it."""
    odometer = url(world, "vehicles:odometer", pk=world.car.pk)
    client.force_login(world.people["member"].user)
    client.post(odometer, {"km": 97_378})
    response = client.post(odometer, {"km": 973_780}, follow=True)
    body = response.content.decode()
    assert "meer dan 5.000 km hoger dan de laatst bekende stand van 97.378 km" in body
    assert client.post(odometer, {"km": 99_000}).status_code == 302
    client.force_login(world.people["caretaker"].user)
    client.post(odometer, {"km": 120_000})
    kms = sorted(OdometerReading.objects.filter(vehicle=world.car).values_list("km", flat=True))
    assert kms == [97_378, 99_000, 120_000]


def test_suspended_member_cannot_record_or_report(client, world):
    client.force_login(world.people["suspended"].user)
    assert client.post(url(world, "vehicles:odometer", pk=world.car.pk), {"km": 1}).status_code == 403
    assert client.post(url(world, "vehicles:damage_new", pk=world.car.pk), {"description": "x"}).status_code == 403
    assert not OdometerReading.objects.exists()


def test_member_reports_damage_with_photos(client, world):
    client.force_login(world.people["member"].user)
    photos = [SimpleUploadedFile(f"p{i}.png", png_bytes(), content_type="image/png") for i in range(2)]
    response = client.post(
        url(world, "vehicles:damage_new", pk=world.other_car.pk), {"description": "Spiegel kapot", "photos": photos}
    )
    assert response.status_code == 302
    report = DamageReport.objects.get(vehicle=world.other_car)
    assert report.photos.count() == 2 and report.reported_by == world.people["member"]


def test_non_image_damage_photo_is_refused_and_nothing_stored(client, world):
    client.force_login(world.people["member"].user)
    fake = SimpleUploadedFile("foto.jpg", b"MZ this is not an image", content_type="image/jpeg")
    response = client.post(
        url(world, "vehicles:damage_new", pk=world.other_car.pk), {"description": "Deuk", "photos": [fake]}
    )
    assert response.status_code == 200
    assert "afbeelding" in response.content.decode()
    assert not DamageReport.objects.filter(vehicle=world.other_car).exists()
    assert DamagePhoto.objects.count() == 1  # only the world's own


def test_oversized_upload_is_refused_and_nothing_stored(client, world, settings):
    settings.DEEL_MAX_UPLOAD_BYTES = 1024
    client.force_login(world.people["member"].user)
    big = SimpleUploadedFile("groot.png", png_bytes(size=(800, 800)) + b"\0" * 2048, content_type="image/png")
    response = client.post(
        url(world, "vehicles:damage_new", pk=world.other_car.pk), {"description": "Deuk", "photos": [big]}
    )
    assert "te groot" in response.content.decode()
    assert not DamageReport.objects.filter(vehicle=world.other_car).exists()


def test_oversized_file_is_called_too_large_whatever_it_holds_and_no_file_is_written(client, world, settings):
    """Size is checked before the image is parsed: a huge upload gets the size message,
    and neither a row nor a file in MEDIA_ROOT is left behind."""
    settings.DEEL_MAX_UPLOAD_BYTES = 1024
    media = settings.MEDIA_ROOT
    before = {p for p in media.rglob("*") if p.is_file()} if media.exists() else set()
    client.force_login(world.people["caretaker"].user)
    junk = SimpleUploadedFile("groot.jpg", b"\x00" * 4096, content_type="image/jpeg")
    damage_url = url(world, "vehicles:damage_new", pk=world.car.pk)
    response = client.post(damage_url, {"description": "Kras", "photos": [junk]})
    body = response.content.decode()
    assert response.status_code == 200 and "te groot" in body and "geen afbeelding" not in body
    junk = SimpleUploadedFile("groot.png", png_bytes(size=(600, 600)) + b"\x00" * 4096, content_type="image/png")
    edit_url = url(world, "vehicles:edit", pk=world.car.pk)
    response = client.post(edit_url, {**car_data(plate=world.car.plate), "photo": junk})
    assert response.status_code == 200 and "te groot" in response.content.decode()
    big_pdf = SimpleUploadedFile("polis.pdf", pdf_bytes() + b"\x00" * 4096, content_type="application/pdf")
    response = client.post(url(world, "vehicles:document_new", pk=world.car.pk), {"kind": "insurance", "file": big_pdf})
    assert response.status_code == 200 and "te groot" in response.content.decode()
    world.car.refresh_from_db()
    assert world.car.photo.name.endswith(".png") and "groot" not in world.car.photo.name
    assert DamageReport.objects.filter(vehicle=world.car).count() == 1
    assert not VehicleDocument.objects.filter(kind="insurance").exists()
    after = {p for p in media.rglob("*") if p.is_file()}
    assert not [p for p in after - before if "groot" in p.name or "polis" in p.name]


def test_non_image_car_photo_is_refused(client, world):
    client.force_login(world.people["board"].user)
    fake = SimpleUploadedFile("auto.png", b"%PDF-1.4 not a picture", content_type="image/png")
    response = client.post(url(world, "vehicles:new"), {**car_data(plate="GBB12X"), "photo": fake})
    assert response.status_code == 200
    assert "Dit bestand is geen afbeelding" in response.content.decode()
    assert not Vehicle.objects.filter(plate="GBB-12-X").exists()


def test_caretaker_moves_damage_forward_but_not_back(client, world):
    client.force_login(world.people["caretaker"].user)
    client.post(url(world, "vehicles:damage_status", pk=world.damage.pk), {"status": "assessed", "assessment": "Klein"})
    world.damage.refresh_from_db()
    assert world.damage.status == DamageStatus.ASSESSED and world.damage.assessment == "Klein"
    client.post(url(world, "vehicles:damage_status", pk=world.damage.pk), {"status": "repaired"})
    world.damage.refresh_from_db()
    assert world.damage.status == DamageStatus.REPAIRED and world.damage.repaired_at is not None
    response = client.post(
        url(world, "vehicles:damage_status", pk=world.damage.pk), {"status": "assessed"}, follow=True
    )
    assert "kan niet naar" in response.content.decode()
    client.force_login(world.people["other_caretaker"].user)
    assert (
        client.post(url(world, "vehicles:damage_status", pk=world.damage.pk), {"status": "repaired"}).status_code == 403
    )


def test_document_upload_and_download(client, world):
    client.force_login(world.people["treasurer"].user)
    expires = timezone.localdate() + dt.timedelta(days=365)
    response = client.post(
        url(world, "vehicles:document_new", pk=world.car.pk),
        {"kind": "insurance", "expires_on": expires.isoformat(), "file": SimpleUploadedFile("polis.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    doc = VehicleDocument.objects.get(vehicle=world.car, kind="insurance")
    download = client.get(url(world, "vehicles:document_file", pk=doc.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_document_that_is_neither_pdf_nor_image_is_refused(client, world):
    client.force_login(world.people["caretaker"].user)
    response = client.post(
        url(world, "vehicles:document_new", pk=world.car.pk),
        {"kind": "insurance", "file": SimpleUploadedFile("polis.docx", b"PK\x03\x04 word")},
    )
    assert response.status_code == 200 and "geen afbeelding" in response.content.decode()
    assert not VehicleDocument.objects.filter(kind="insurance").exists()


def test_expiring_list_shows_newest_document_per_kind(client, world):
    VehicleDocument.objects.create(
        vehicle=world.other_car, kind="apk", expires_on=timezone.localdate() - dt.timedelta(days=3)
    )
    client.force_login(world.people["board"].user)
    body = client.get(url(world, "vehicles:expiring")).content.decode()
    assert "verlopen" in body and world.car.plate in body and world.other_car.plate in body
    # A renewed APK replaces the warning.
    VehicleDocument.objects.create(
        vehicle=world.car, kind="apk", expires_on=timezone.localdate() + dt.timedelta(days=700)
    )
    body = client.get(url(world, "vehicles:expiring")).content.decode()
    assert world.car.plate not in body
    # A caretaker sees only their own car.
    client.force_login(world.people["caretaker"].user)
    body = client.get(url(world, "vehicles:expiring")).content.decode()
    assert world.other_car.plate not in body


def test_caretaker_without_the_role_still_sees_expiring_papers_of_their_car(client, world):
    """The board may make any active member caretaker of a car; the papers of that car then
    reach them on the pool page, the expiring list and their home page."""
    helper = world.people["member"]
    world.other_car.caretaker = helper
    world.other_car.save()
    VehicleDocument.objects.create(
        vehicle=world.other_car, kind="insurance", expires_on=timezone.localdate() + dt.timedelta(days=5)
    )
    client.force_login(helper.user)
    assert url(world, "vehicles:expiring") in client.get(url(world, "vehicles:pool")).content.decode()
    body = client.get(url(world, "vehicles:expiring")).content.decode()
    assert world.other_car.plate in body and world.car.plate not in body
    assert world.other_car.plate in client.get(url(world, "coop_home")).content.decode()
    client.force_login(world.people["audit"].user)
    assert url(world, "vehicles:expiring") not in client.get(url(world, "vehicles:pool")).content.decode()


def test_maintenance_and_contribution(client, world):
    client.force_login(world.people["caretaker"].user)
    today = timezone.localdate()
    client.post(
        url(world, "vehicles:maintenance_new", pk=world.car.pk),
        {"performed_on": today.isoformat(), "description": "Olie ververst", "km": 50_000},
    )
    assert MaintenanceEntry.objects.filter(vehicle=world.car).count() == 1
    response = client.post(
        url(world, "vehicles:maintenance_new", pk=world.car.pk),
        {"performed_on": (today + dt.timedelta(days=3)).isoformat(), "description": "Later"},
    )
    assert "toekomst" in response.content.decode()
    client.force_login(world.people["treasurer"].user)
    response = client.post(
        url(world, "vehicles:contribution", pk=world.car.pk),
        {
            "member": world.people["caretaker"].pk,
            "contributed_on": "2025-03-01",
            "agreed_value": "8.500,00",
            "depreciation_months": 60,
            "residual_value": "500",
            "kind": "capital",
        },
    )
    assert response.status_code == 302
    contribution = VehicleContribution.objects.get(vehicle=world.car)
    assert (contribution.agreed_value_cents, contribution.residual_value_cents) == (850_000, 50_000)
    body = client.get(url(world, "vehicles:detail", pk=world.car.pk)).content.decode()
    assert "8.500,00" in body
    client.force_login(world.people["member"].user)
    assert "8.500,00" not in client.get(url(world, "vehicles:detail", pk=world.car.pk)).content.decode()


def test_residual_above_value_is_refused(client, world):
    client.force_login(world.people["board"].user)
    response = client.post(
        url(world, "vehicles:contribution", pk=world.car.pk),
        {
            "member": world.people["caretaker"].pk,
            "contributed_on": "2025-03-01",
            "agreed_value": "1000",
            "depreciation_months": 60,
            "residual_value": "2000",
            "kind": "capital",
        },
    )
    assert "restwaarde" in response.content.decode().lower()
    assert not VehicleContribution.objects.exists()


def test_caretaker_cannot_hand_the_car_to_someone_else(client, world):
    client.force_login(world.people["caretaker"].user)
    client.post(
        url(world, "vehicles:edit", pk=world.car.pk),
        car_data(plate=world.car.plate, caretaker=world.people["member"].pk),
    )
    world.car.refresh_from_db()
    assert world.car.caretaker == world.people["caretaker"]
    client.force_login(world.people["board"].user)
    client.post(
        url(world, "vehicles:edit", pk=world.car.pk),
        car_data(plate=world.car.plate, caretaker=world.people["member"].pk),
    )
    world.car.refresh_from_db()
    assert world.car.caretaker == world.people["member"]
