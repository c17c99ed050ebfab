"""A car's history: every change a vehicles service makes is appended with who made it,
shown on the car's page to the board, treasurer, audit committee and the car's caretaker,
and never rewritten."""

import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.members.factories import build_world
from vehicles import permissions as perms
from vehicles import services
from vehicles.errors import InvalidDamageStep, NotAllowed, OdometerImplausible
from vehicles.models import DamageStatus, DocumentKind, VehicleEvent, VehicleEventKind, VehicleStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def url(world, name, **kw):
    return reverse(name, kwargs={"coop": world.coop.slug, **kw})


def kinds(vehicle):
    return list(VehicleEvent.objects.filter(vehicle=vehicle).order_by("pk").values_list("kind", flat=True))


def car_form(car, **over):
    data = {
        "plate": car.plate,
        "nickname": car.nickname,
        "make": car.make,
        "model": car.model,
        "fuel": car.fuel,
        "vehicle_class": car.vehicle_class,
        "seats": car.seats,
        "address": car.address,
        "location_note": car.location_note,
        "status": car.status,
        "buffer_minutes": car.buffer_minutes,
        "notes": car.notes,
    }
    if car.caretaker_id:
        data["caretaker"] = car.caretaker_id
    data.update(over)
    return data


def test_a_change_by_the_board_shows_the_board_member_in_the_history(client, world):
    board = world.people["board"]
    client.force_login(board.user)
    response = client.post(url(world, "vehicles:edit", pk=world.car.pk), car_form(world.car, nickname="De Groene"))
    assert response.status_code == 302
    event = VehicleEvent.objects.get(vehicle=world.car)
    assert event.kind == VehicleEventKind.UPDATED and event.actor == board
    assert event.changes == {"nickname": [world.car.nickname, "De Groene"]}
    body = client.get(url(world, "vehicles:detail", pk=world.car.pk)).content.decode()
    assert "Geschiedenis" in body and board.name in body and "bijnaam" in body


def test_a_change_by_the_caretaker_shows_the_caretaker(client, world):
    caretaker = world.people["caretaker"]
    client.force_login(caretaker.user)
    client.post(url(world, "vehicles:edit", pk=world.car.pk), car_form(world.car, location_note="Achter de school"))
    event = VehicleEvent.objects.get(vehicle=world.car)
    assert event.actor == caretaker and event.changes["location_note"][1] == "Achter de school"
    body = client.get(url(world, "vehicles:detail", pk=world.car.pk)).content.decode()
    assert caretaker.name in body.split("Geschiedenis", 1)[1]


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("board", True),
        ("treasurer", True),
        ("audit", True),
        ("caretaker", True),
        ("member", False),
        ("other_caretaker", False),
        ("suspended", False),
    ],
)
def test_who_sees_the_history(client, world, who, sees):
    services.vehicle_update(vehicle=world.car, by=world.people["board"], notes="Trekhaak gemonteerd")
    assert perms.can_see_history(world.people[who], world.car) is sees
    client.force_login(world.people[who].user)
    body = client.get(url(world, "vehicles:detail", pk=world.car.pk)).content.decode()
    assert ('id="geschiedenis"' in body) is sees
    assert (world.people["board"].name in body) is sees


def test_a_status_change_is_its_own_event(world):
    board = world.people["board"]
    services.vehicle_update(vehicle=world.car, by=board, status=VehicleStatus.MAINTENANCE, notes="Naar de garage")
    events = list(VehicleEvent.objects.filter(vehicle=world.car).order_by("pk"))
    assert [e.kind for e in events] == [VehicleEventKind.STATUS_CHANGED, VehicleEventKind.UPDATED]
    assert events[0].changes == {"status": [VehicleStatus.ACTIVE, VehicleStatus.MAINTENANCE]}
    assert all(e.actor == board for e in events)


def test_an_unchanged_save_writes_no_event(world):
    services.vehicle_update(vehicle=world.car, by=world.people["board"], notes=world.car.notes)
    assert kinds(world.car) == []


def test_every_service_that_changes_the_car_records_its_actor(world):
    board, caretaker, member = world.people["board"], world.people["caretaker"], world.people["member"]
    car = services.vehicle_create(
        cooperative=world.coop, by=board, plate="12abc3", make="Škoda", model="Fabia", fuel="petrol", address="Laan 1"
    )
    car = services.vehicle_update(vehicle=car, by=board, caretaker=caretaker)
    services.document_add(
        vehicle=car, kind=DocumentKind.APK, by=caretaker, expires_on=timezone.localdate() + dt.timedelta(days=300)
    )
    services.maintenance_add(vehicle=car, performed_on=timezone.localdate(), description="Olie ververst", by=caretaker)
    services.contribution_set(
        vehicle=car, member=member, contributed_on=timezone.localdate(), agreed_value_cents=500_000, by=board
    )
    report = services.damage_report(vehicle=car, reported_by=member, description="Kras op de motorkap")
    report.vehicle = car
    services.damage_set_status(report=report, status=DamageStatus.ASSESSED, by=caretaker, assessment="Poetsen")
    services.odometer_check(vehicle=car, km=12_000, by=caretaker)
    events = list(VehicleEvent.objects.filter(vehicle=car).order_by("pk"))
    assert [(e.kind, e.actor) for e in events] == [
        (VehicleEventKind.CREATED, board),
        (VehicleEventKind.UPDATED, board),
        (VehicleEventKind.DOCUMENT_ADDED, caretaker),
        (VehicleEventKind.MAINTENANCE_LOGGED, caretaker),
        (VehicleEventKind.CONTRIBUTION_SET, board),
        (VehicleEventKind.DAMAGE_REPORTED, member),
        (VehicleEventKind.DAMAGE_UPDATED, caretaker),
        (VehicleEventKind.ODOMETER_SET, caretaker),
    ]
    assert all(e.cooperative_id == world.coop.pk and e.summary for e in events)
    assert events[1].changes == {"caretaker": [None, caretaker.name]}


def test_a_members_own_reading_is_no_history_but_the_caretakers_is(world):
    services.odometer_check(vehicle=world.car, km=10_000, by=world.people["member"])
    assert kinds(world.car) == []
    services.odometer_check(vehicle=world.car, km=10_500, by=world.people["caretaker"])
    assert kinds(world.car) == [VehicleEventKind.ODOMETER_SET]


def test_only_caretaker_and_board_may_enter_any_odometer_jump(world):
    car, p = world.car, world.people
    assert perms.can_enter_any_odometer_jump(p["caretaker"], car)
    assert perms.can_enter_any_odometer_jump(p["board"], car)
    assert not perms.can_enter_any_odometer_jump(p["member"], car)
    assert not perms.can_enter_any_odometer_jump(p["other_caretaker"], car)
    services.odometer_check(vehicle=car, km=10_000, by=p["member"])
    with pytest.raises(OdometerImplausible):
        services.odometer_check(vehicle=car, km=10_000 + perms.MAX_CHECK_JUMP_KM + 1, by=p["member"])
    services.odometer_check(vehicle=car, km=10_000 + perms.MAX_CHECK_JUMP_KM + 1, by=p["board"])


def test_damage_steps_go_forward_only(world):
    report = world.damage
    assert perms.damage_next_steps(report) == (DamageStatus.ASSESSED, DamageStatus.REPAIRED)
    assert perms.can_change_damage_status(world.people["caretaker"], report)
    assert not perms.can_change_damage_status(world.people["member"], report)
    repaired = services.damage_set_status(report=report, status=DamageStatus.REPAIRED, by=world.people["caretaker"])
    repaired.vehicle = world.car
    assert perms.damage_next_steps(repaired) == ()
    assert not perms.can_change_damage_status(world.people["caretaker"], repaired)
    with pytest.raises(InvalidDamageStep):
        services.damage_set_status(report=repaired, status=DamageStatus.ASSESSED, by=world.people["caretaker"])
    assert kinds(world.car) == [VehicleEventKind.DAMAGE_UPDATED]


@pytest.mark.parametrize(
    "change",
    [
        lambda w, by: services.vehicle_update(vehicle=w.car, by=by, notes="x"),
        lambda w, by: services.document_add(vehicle=w.car, kind=DocumentKind.OTHER, by=by),
        lambda w, by: services.maintenance_add(
            vehicle=w.car, performed_on=timezone.localdate(), description="x", by=by
        ),
        lambda w, by: services.damage_set_status(report=w.damage, status=DamageStatus.ASSESSED, by=by),
        lambda w, by: services.contribution_set(
            vehicle=w.car, member=by, contributed_on=timezone.localdate(), agreed_value_cents=1, by=by
        ),
    ],
)
def test_a_member_without_the_role_changes_nothing(world, change):
    with pytest.raises(NotAllowed):
        change(world, world.people["member"])
    assert kinds(world.car) == []


def test_events_are_never_updated(world):
    services.vehicle_update(vehicle=world.car, by=world.people["board"], notes="Nieuwe banden")
    with pytest.raises(DatabaseError), transaction.atomic():
        VehicleEvent.objects.filter(vehicle=world.car).update(summary="iets anders")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            VehicleEvent.objects.filter(vehicle=world.car).delete()
    assert VehicleEvent.objects.get(vehicle=world.car).summary.startswith("Gewijzigd")


def test_the_admin_only_shows_the_history(world, admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = site._registry[VehicleEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_car_page_with_history_keeps_its_query_count(client, world, django_assert_max_num_queries):
    for note in ("een", "twee", "drie", "vier"):
        services.vehicle_update(vehicle=world.car, by=world.people["board"], notes=note)
    client.force_login(world.people["board"].user)
    with django_assert_max_num_queries(20):
        response = client.get(url(world, "vehicles:detail", pk=world.car.pk))
    assert response.content.decode().count("Gewijzigd: bijzonderheden") == 4
