"""The platform admin looks up reservations, trips, receipts, booking rules and calendar
addresses in /admin/; it changes nothing but can revoke a leaked calendar address, and
never sees the secret."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.models import Role, User
from reservations.models import BookingRules, BookingRulesChange, CalendarToken, Receipt, Reservation, Trip
from reservations.services import booking_rules_update, calendar_token_issue, receipt_add, trip_end, trip_start
from tests.factories import MemberFactory

from .factories import book, coop_with_cars, soon

pytestmark = pytest.mark.django_db

MODELS = [Reservation, Trip, Receipt, BookingRules, BookingRulesChange, CalendarToken]


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(email="beheer@example.test", password="x-very-secret-1")
    client.force_login(user)
    return client


@pytest.fixture
def world(time_machine):
    coop, (car, _), (ann, _) = coop_with_cars()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    r = book(ann, car, soon(1, 10))
    time_machine.move_to(r.starts_at)
    trip = trip_start(reservation=r, odometer_km=1000, by=ann)
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 10, 10)).save(buf, format="PNG")
    photo = SimpleUploadedFile("bon.png", buf.getvalue(), content_type="image/png")
    receipt_add(trip=trip, by=ann, amount_cents=4560, paid_on=r.starts_at.date(), photo=photo)
    time_machine.move_to(r.ends_at + dt.timedelta(minutes=5))
    trip_end(trip=trip, odometer_km=1080, by=ann)
    booking_rules_update(cooperative=coop, by=board, max_bookings_7d=3)
    token = calendar_token_issue(member=ann)
    return token


def _url(model, view, *args):
    return reverse(f"admin:reservations_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_pages_render_and_change_nothing(admin_client, world, model):
    listing = admin_client.get(_url(model, "changelist"))
    assert listing.status_code == 200
    obj = model.objects.order_by("pk").first()
    detail = admin_client.get(_url(model, "change", obj.pk))
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert admin_client.get(_url(model, "add")).status_code == 403
    assert admin_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()
    # Searching the list answers too.
    assert admin_client.get(_url(model, "changelist"), {"q": "x"}).status_code == 200


def test_calendar_token_secret_is_never_shown_and_can_be_revoked(admin_client, world):
    token = world
    for page in (
        admin_client.get(_url(CalendarToken, "changelist")),
        admin_client.get(_url(CalendarToken, "change", token.pk)),
    ):
        assert token.token not in page.content.decode()
    response = admin_client.post(
        _url(CalendarToken, "changelist"), {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert admin_client.get(f"/cal/{token.token}.ics").status_code == 404


def test_admin_is_only_for_the_platform_admin(client, world):
    token = world
    client.force_login(token.member.user)
    response = client.get(_url(Reservation, "changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]
