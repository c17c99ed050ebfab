"""Key boxes on cars: a booking's member gets a code valid from the start minus the margin
to the end plus the buffer, shown on their booking page and in their reminder, never to
anyone else (other members, the caretaker, the board, the iCal feed, the admin). Cancelling,
moving or returning early revokes the code; the secret is encrypted and rotated by the
caretaker (recorded)."""

import base64
import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from members.models import Role
from reservations import keys
from reservations.emails import send_reminder
from reservations.services import (
    calendar_token_issue,
    reservation_cancel,
    reservation_change,
    reservation_set_return,
    trip_start,
)
from tests.factories import MemberFactory
from vehicles import keycodes
from vehicles.errors import NotAllowed
from vehicles.models import KeyBox, KeyBoxKind, KeyCodeRevocation, VehicleEvent, VehicleEventKind
from vehicles.services import ProvisionedSecret, keybox_rotate_secret, keybox_set, revoked_windows

from .factories import book, coop_with_cars, soon

pytestmark = pytest.mark.django_db


def with_box(car, caretaker):
    car.caretaker = caretaker
    car.save()
    provisioned = keybox_set(vehicle=car, by=caretaker, kind=KeyBoxKind.ELECTRONIC, box_id=f"BOX-{car.pk}")
    assert isinstance(provisioned, ProvisionedSecret)
    car.refresh_from_db()
    return provisioned


def opens(provisioned, code, at, revoked=()):
    box = provisioned.box
    return keycodes.verify(
        bytes.fromhex(provisioned.secret_hex),
        box.box_id,
        code,
        at,
        digits=box.digits,
        step_seconds=box.step_seconds,
        revoked=revoked,
    )


def detail(coop, r):
    return reverse("reservations:detail", kwargs={"coop": coop.slug, "pk": r.pk})


@pytest.fixture
def world():
    coop, (car, other_car), (ann, bob) = coop_with_cars()
    caretaker = MemberFactory(cooperative=coop, roles=[Role.CARETAKER])
    provisioned = with_box(car, caretaker)
    r = book(ann, car, soon(2, 10), hours=2)
    return coop, car, ann, bob, caretaker, provisioned, r


def test_code_opens_from_start_minus_margin_to_end_plus_buffer(world):
    coop, car, ann, bob, caretaker, provisioned, r = world
    (code,) = keys.codes_for(r)
    assert code.valid_from == r.starts_at - dt.timedelta(minutes=15)  # the default margin
    assert code.valid_until == r.ends_at + dt.timedelta(minutes=car.buffer_minutes)
    assert opens(provisioned, code.code, code.valid_from)
    assert opens(provisioned, code.code, code.valid_until - dt.timedelta(seconds=1))
    assert not opens(provisioned, code.code, code.valid_from - dt.timedelta(seconds=1))
    assert not opens(provisioned, code.code, code.valid_until)


def test_secret_is_stored_encrypted_never_in_clear(world):
    *_, provisioned, r = world
    stored = KeyBox.objects.get(pk=provisioned.box.pk).secret_encrypted
    assert provisioned.secret_hex not in stored and provisioned.secret_base32 not in stored
    assert bytes.fromhex(provisioned.secret_hex) == base64.b32decode(provisioned.secret_base32)


def test_only_the_booking_member_sees_the_code(client, world):
    coop, car, ann, bob, caretaker, provisioned, r = world
    (code,) = keys.codes_for(r)
    client.force_login(ann.user)
    assert code.grouped in client.get(detail(coop, r)).content.decode()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    for other in (caretaker, board):
        client.force_login(other.user)
        page = client.get(detail(coop, r))
        assert page.status_code == 200 and code.grouped not in page.content.decode()
    client.force_login(bob.user)
    assert client.get(detail(coop, r)).status_code == 403


def test_code_is_not_in_the_calendar_feeds(client, world):
    coop, car, ann, bob, caretaker, provisioned, r = world
    (code,) = keys.codes_for(r)
    for token in (calendar_token_issue(member=ann), calendar_token_issue(member=caretaker, vehicle=car)):
        body = client.get(f"/cal/{token.token}.ics").content.decode()
        assert code.code not in body and code.grouped not in body


def test_code_is_in_the_reminder_to_the_member(world):
    *_, r = world
    (code,) = keys.codes_for(r)
    assert send_reminder(reservation_id=r.pk)
    (message,) = mail.outbox
    assert message.to == [r.member.user.email] and code.grouped in message.body


def test_cancel_revokes_the_code_and_hides_it(client, world):
    coop, car, ann, bob, caretaker, provisioned, r = world
    (code,) = keys.codes_for(r)
    reservation_cancel(reservation=r, by=ann)
    revoked = revoked_windows(box=provisioned.box)
    assert revoked == [(code.start_step, code.end_step)]
    assert not opens(provisioned, code.code, code.valid_from, revoked=revoked)
    client.force_login(ann.user)
    assert code.grouped not in client.get(detail(coop, r)).content.decode()
    assert VehicleEvent.objects.filter(vehicle=car, kind=VehicleEventKind.KEY_CODE_REVOKED).count() == 1


def test_same_slot_booked_again_gets_a_code_that_is_not_revoked(world):
    coop, car, ann, bob, caretaker, provisioned, r = world
    (old,) = keys.codes_for(r)
    reservation_cancel(reservation=r, by=ann)
    again = book(bob, car, r.starts_at, hours=2)
    (new,) = keys.codes_for(again)
    revoked = revoked_windows(box=provisioned.box)
    assert new.code != old.code
    assert opens(provisioned, new.code, again.starts_at, revoked=revoked)


def test_moving_a_booking_revokes_the_old_code(world):
    coop, car, ann, bob, caretaker, provisioned, r = world
    (old,) = keys.codes_for(r)
    r = reservation_change(reservation=r, starts_at=soon(3, 10), ends_at=soon(3, 12), by=ann)
    (new,) = keys.codes_for(r)
    revoked = revoked_windows(box=provisioned.box)
    assert (old.start_step, old.end_step) in revoked
    assert opens(provisioned, new.code, soon(3, 11), revoked=revoked)


def test_early_return_revokes_the_code(world, time_machine):
    coop, car, ann, bob, caretaker, provisioned, r = world
    (code,) = keys.codes_for(r)
    time_machine.move_to(r.starts_at + dt.timedelta(minutes=5))
    trip_start(reservation=r, odometer_km=100, by=ann)
    time_machine.move_to(r.starts_at + dt.timedelta(minutes=50))
    reservation_set_return(reservation=r, returned_at=r.starts_at + dt.timedelta(minutes=45), by=ann)
    assert KeyCodeRevocation.objects.filter(box=provisioned.box, start_step=code.start_step).exists()


def test_rotation_changes_every_code_and_is_recorded(world):
    coop, car, ann, bob, caretaker, provisioned, r = world
    (before,) = keys.codes_for(r)
    rotated = keybox_rotate_secret(box=provisioned.box, by=caretaker)
    r.vehicle.refresh_from_db()
    r = type(r).objects.select_related("vehicle__key_box", "cooperative").get(pk=r.pk)
    (after,) = keys.codes_for(r)
    assert after.code != before.code
    assert not opens(rotated, before.code, before.valid_from)
    assert opens(rotated, after.code, after.valid_from)
    event = VehicleEvent.objects.get(vehicle=car, kind=VehicleEventKind.KEYBOX_ROTATED)
    assert event.actor == caretaker and rotated.secret_hex not in str(event.changes)


def test_only_caretaker_and_board_manage_the_box(world):
    coop, car, ann, bob, caretaker, provisioned, r = world
    with pytest.raises(NotAllowed):
        keybox_rotate_secret(box=provisioned.box, by=ann)
    with pytest.raises(NotAllowed):
        keybox_set(vehicle=car, by=bob, kind=KeyBoxKind.CODED_SAFE, box_id="X1")


def test_keybox_page_shows_the_secret_once_and_the_revocation_list(client, world):
    coop, car, ann, bob, caretaker, provisioned, r = world
    page_url = reverse("vehicles:keybox", kwargs={"coop": coop.slug, "pk": car.pk})
    client.force_login(caretaker.user)
    page = client.get(page_url).content.decode()
    assert provisioned.secret_hex not in page
    rotated = client.post(reverse("vehicles:keybox_rotate", kwargs={"coop": coop.slug, "pk": car.pk}))
    assert rotated["Cache-Control"] == "no-store"
    new_hex = rotated.content.decode().split('class="keybox-secret__value">')[1].split("<")[0]
    assert new_hex != provisioned.secret_hex and len(new_hex) == 40
    assert new_hex not in client.get(page_url).content.decode()
    reservation_cancel(reservation=r, by=ann)
    listed = client.get(reverse("vehicles:keybox_revocations", kwargs={"coop": coop.slug, "pk": car.pk})).json()
    assert listed["box_id"] == provisioned.box.box_id and len(listed["revoked"]) == 1
    client.force_login(ann.user)
    assert client.get(page_url).status_code == 403


def test_car_without_box_has_no_code(client):
    coop, (car, _), (ann, _) = coop_with_cars()
    r = book(ann, car, soon(2, 10))
    assert keys.codes_for(r) == []
    client.force_login(ann.user)
    assert 'data-testid="key-code"' not in client.get(detail(coop, r)).content.decode()


def test_admin_lists_show_neither_code_nor_secret(client, world):
    from members.models import User

    coop, car, ann, bob, caretaker, provisioned, r = world
    (code,) = keys.codes_for(r)
    admin = User.objects.create_superuser(email="beheer@example.test", password="x-very-secret-1")
    client.force_login(admin)
    pages = [
        reverse("admin:reservations_reservation_changelist"),
        reverse("admin:reservations_reservation_change", args=[r.pk]),
        reverse("admin:vehicles_keybox_changelist"),
        reverse("admin:vehicles_keybox_change", args=[provisioned.box.pk]),
    ]
    for page in pages:
        body = client.get(page).content.decode()
        assert code.code not in body and code.grouped not in body
        assert provisioned.secret_hex not in body and provisioned.box.secret_encrypted not in body


def test_member_claims_home_charging_through_the_page(client, world):
    from decimal import Decimal

    from ledger.models import Expense, Tariff
    from vehicles.models import Fuel

    coop, car, ann, bob, caretaker, provisioned, r = world
    car.fuel = Fuel.ELECTRIC
    car.save()
    Tariff.objects.create(
        cooperative=coop,
        valid_from=dt.date(2020, 1, 1),
        per_km=Decimal("0.2"),
        per_kwh=Decimal("0.30"),
        decision_reference="ALV",
    )
    client.force_login(ann.user)
    page = reverse("ledger:charging_claim_new", kwargs={"coop": coop.slug})
    assert client.get(page).status_code == 200
    response = client.post(
        page, {"vehicle": car.pk, "charged_on": "2026-01-10", "meter_start": "100,5", "meter_end": "120,5"}
    )
    assert response.status_code == 302
    claim = Expense.objects.get(member=ann)
    assert claim.kwh == Decimal("20.000") and claim.amount_cents == 600 and claim.is_submitted
