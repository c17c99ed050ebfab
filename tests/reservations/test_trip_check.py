"""Pick-up and return: the car's open damage is shown at pick-up, photos are kept with the
trip (typed by content, served only to who may see the booking), the statutes' setting can
require them; at return odometer, battery or tank, photos and a damage report in one step.
Electric cars: a charging reminder before the end, and a charging block the overlap rules respect."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.models import Role
from reservations.errors import BookingConflict, ReservationError, TripPhotosMissing
from reservations.models import BookingRules, ReservationKind, TripPhoto, TripPhotoStage
from reservations.services import maintenance_block_create, trip_end, trip_start
from reservations.tasks import scan_battery_reminders_task
from tests.factories import MemberFactory
from vehicles.errors import UploadRejected
from vehicles.models import DamageReport, Fuel
from vehicles.services import damage_report

from .factories import book, coop_with_cars, soon

pytestmark = pytest.mark.django_db


def png(name="auto.png", color=(200, 30, 30), fmt="PNG"):
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buf, format=fmt)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def url(name, coop, **kw):
    return reverse(f"reservations:{name}", kwargs={"coop": coop.slug, **kw})


@pytest.fixture
def ev_booking(time_machine):
    coop, (car, _), (ann, bob) = coop_with_cars()
    car.fuel = Fuel.ELECTRIC
    car.save()
    r = book(ann, car, soon(1, 10), hours=3)
    time_machine.move_to(r.starts_at + dt.timedelta(minutes=2))
    return coop, car, ann, bob, r


def test_pick_up_shows_the_known_damage(client, ev_booking):
    coop, car, ann, bob, r = ev_booking
    damage_report(vehicle=car, reported_by=bob, description="Kras op de achterklep")
    client.force_login(ann.user)
    page = client.get(url("trip_start", coop, pk=r.pk)).content.decode()
    assert "Kras op de achterklep" in page and 'name="battery_percent"' in page


def test_photos_at_pick_up_are_typed_by_content_and_served_to_the_booking_only(client, ev_booking):
    coop, car, ann, bob, r = ev_booking
    client.force_login(ann.user)
    response = client.post(
        url("trip_start", coop, pk=r.pk),
        {"odometer_km": 1000, "battery_percent": 88, "photos": [png("voor.html"), png("achter.jpg", fmt="JPEG")]},
    )
    assert response.status_code == 302
    photos = list(TripPhoto.objects.filter(trip__reservation=r).order_by("pk"))
    assert [p.stage for p in photos] == [TripPhotoStage.START] * 2
    assert photos[0].image.name.endswith(".png") and photos[1].image.name.endswith(".jpg")
    assert TripPhoto.objects.get(pk=photos[0].pk).trip.battery_start_percent == 88
    photo_url = url("trip_photo", coop, photo_pk=photos[0].pk)
    served = client.get(photo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    client.force_login(bob.user)
    assert client.get(photo_url).status_code == 403


def test_rules_can_require_photos(ev_booking):
    coop, car, ann, bob, r = ev_booking
    BookingRules.objects.create(cooperative=coop, trip_photos_min=2)
    coop.refresh_from_db()
    with pytest.raises(TripPhotosMissing) as err:
        trip_start(reservation=r, odometer_km=1000, by=ann, photos=[png()])
    assert err.value.required == 2
    trip = trip_start(reservation=r, odometer_km=1000, by=ann, photos=[png(), png()], battery_percent=90)
    assert trip.photos.count() == 2


def test_return_records_battery_photos_and_damage_in_one_step(ev_booking, time_machine):
    coop, car, ann, bob, r = ev_booking
    trip = trip_start(reservation=r, odometer_km=1000, by=ann, battery_percent=90)
    time_machine.move_to(r.ends_at)
    trip = trip_end(
        trip=trip,
        odometer_km=1042,
        by=ann,
        battery_percent=74,
        photos=[png()],
        damage_description="Deuk in het linkerportier",
        damage_photos=[png("deuk.png")],
    )
    assert trip.battery_end_percent == 74 and trip.photos.filter(stage=TripPhotoStage.END).count() == 1
    (report,) = trip.damage_reports.all()
    assert report.description == "Deuk in het linkerportier" and report.photos.count() == 1
    assert report.vehicle == car


def test_bad_damage_photo_rolls_back_the_return(ev_booking, time_machine):
    coop, car, ann, bob, r = ev_booking
    trip = trip_start(reservation=r, odometer_km=1000, by=ann)
    time_machine.move_to(r.ends_at)
    fake = SimpleUploadedFile("x.png", b"<html>not an image</html>", content_type="image/png")
    with pytest.raises(UploadRejected):
        trip_end(trip=trip, odometer_km=1042, by=ann, damage_description="Kras", damage_photos=[fake])
    trip.refresh_from_db()
    assert trip.odometer_end_km is None and not DamageReport.objects.exists()


def test_battery_is_a_percentage(ev_booking):
    coop, car, ann, bob, r = ev_booking
    with pytest.raises(ReservationError):
        trip_start(reservation=r, odometer_km=1000, by=ann, battery_percent=140)


def test_charging_block_between_bookings_respects_the_overlap_rules(ev_booking):
    coop, car, ann, bob, r = ev_booking
    caretaker = MemberFactory(cooperative=coop, roles=[Role.CARETAKER])
    car.caretaker = caretaker
    car.save()
    block = maintenance_block_create(
        vehicle=car,
        by=caretaker,
        starts_at=r.ends_at + dt.timedelta(minutes=30),
        ends_at=r.ends_at + dt.timedelta(hours=3),
        kind=ReservationKind.CHARGING,
    )
    assert block.is_charging_block and block.is_maintenance
    with pytest.raises(BookingConflict):
        book(bob, car, r.ends_at + dt.timedelta(hours=1), hours=1)
    with pytest.raises(BookingConflict):
        maintenance_block_create(
            vehicle=car, by=caretaker, starts_at=r.starts_at, ends_at=r.ends_at, kind=ReservationKind.CHARGING
        )


def test_charging_block_only_for_electric_cars():
    coop, (car, _), (ann, _) = coop_with_cars()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    with pytest.raises(ReservationError):
        maintenance_block_create(
            vehicle=car, by=board, starts_at=soon(2, 10), ends_at=soon(2, 12), kind=ReservationKind.CHARGING
        )


def test_charging_reminder_before_the_end_once(ev_booking, time_machine, django_capture_on_commit_callbacks):
    coop, car, ann, bob, r = ev_booking
    time_machine.move_to(r.ends_at - dt.timedelta(hours=2))
    assert scan_battery_reminders_task() == {"battery_reminders": 0}  # default: 90 minutes before
    time_machine.move_to(r.ends_at - dt.timedelta(minutes=80))
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_battery_reminders_task() == {"battery_reminders": 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_battery_reminders_task() == {"battery_reminders": 0}
    (message,) = mail.outbox
    assert message.to == [ann.user.email] and "70%" in message.body


def test_no_charging_reminder_without_a_minimum_or_for_other_cars(ev_booking, time_machine):
    coop, car, ann, bob, r = ev_booking
    BookingRules.objects.create(cooperative=coop, ev_min_battery_percent=None)
    time_machine.move_to(r.ends_at - dt.timedelta(minutes=30))
    assert scan_battery_reminders_task() == {"battery_reminders": 0}
