"""The platform admin's Django admin for members and cars: every list answers, is
searchable and filterable, in a fixed number of queries, with Dutch column names."""

import pytest
from django.urls import reverse

from members.models import Role, User
from tests.factories import MemberFactory, VehicleFactory
from tests.members.factories import build_world
from vehicles.admin import VehicleAdminForm
from vehicles.services import odometer_record, vehicle_update

pytestmark = pytest.mark.django_db

LISTS = [
    ("members", "member", "q=Lindelaan"),
    ("members", "memberrole", "role__exact=board"),
    ("members", "cooperative", "q=linden"),
    ("vehicles", "vehicle", "q=AB"),
    ("vehicles", "vehiclecontribution", ""),
    ("vehicles", "vehicledocument", "expiry=soon"),
    ("vehicles", "odometerreading", "q=AB"),
    ("vehicles", "damagereport", "status__exact=reported"),
    ("vehicles", "maintenanceentry", "q=beurt"),
    ("vehicles", "vehicleevent", "kind__exact=updated"),
]


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser(email="beheer@example.nl", password="x")
    client.force_login(admin)
    return client


def _fill(world, n):
    for _ in range(n):
        m = MemberFactory(cooperative=world.coop, roles=[Role.CARETAKER])
        car = VehicleFactory(cooperative=world.coop, caretaker=m)
        odometer_record(vehicle=car, km=100, recorded_by=m)
        vehicle_update(vehicle=car, by=m, notes="Nieuwe ruitenwissers")


@pytest.mark.parametrize(("app", "model", "query"), LISTS)
def test_admin_lists_answer_in_a_fixed_number_of_queries(
    admin_client, app, model, query, django_assert_max_num_queries
):
    world = build_world()
    url = reverse(f"admin:{app}_{model}_changelist")
    _fill(world, 2)
    with django_assert_max_num_queries(14) as few:
        assert admin_client.get(url).status_code == 200
    _fill(world, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(url).status_code == 200
    assert admin_client.get(f"{url}?{query}").status_code == 200


def test_admin_columns_are_dutch_and_documents_filter_on_expiry(admin_client):
    world = build_world()
    body = admin_client.get(reverse("admin:vehicles_vehicledocument_changelist") + "?expiry=soon").content.decode()
    assert world.car.plate in body  # the world's APK expires in 10 days
    assert "Coöperatie" in body or "coöperatie" in body
    body = admin_client.get(reverse("admin:members_member_changelist")).content.decode()
    assert "Rollen" in body and world.people["board"].user.email in body


def test_admin_refuses_a_caretaker_of_another_cooperative():
    world, other = build_world(), build_world("eiken")
    form = VehicleAdminForm(
        data={
            "cooperative": world.coop.pk,
            "plate": "gbb12x",
            "make": "Kia",
            "model": "Picanto",
            "fuel": "petrol",
            "vehicle_class": "small",
            "seats": 4,
            "address": "Lindelaan 1",
            "status": "active",
            "buffer_minutes": 15,
            "caretaker": other.people["caretaker"].pk,
        }
    )
    assert not form.is_valid() and "dezelfde coöperatie" in str(form.errors["caretaker"])


def test_a_cars_history_is_shown_read_only_in_the_admin(admin_client):
    world = build_world()
    vehicle_update(vehicle=world.car, by=world.people["board"], notes="Trekhaak")
    body = admin_client.get(reverse("admin:vehicles_vehicle_change", args=[world.car.pk])).content.decode()
    assert "Gewijzigd: bijzonderheden" in body
    event = world.car.events.get()
    assert admin_client.get(reverse("admin:vehicles_vehicleevent_change", args=[event.pk])).status_code == 200
    assert (
        admin_client.post(reverse("admin:vehicles_vehicleevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert world.car.events.count() == 1
