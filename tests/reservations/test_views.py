"""Pages a member uses: find a free car and book it, the week grid (who booked, only for
members, fixed queries), lists with filters, changing, cancelling, trips, receipts."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from members.models import Role
from reservations.models import (
    BookingRules,
    BookingRulesChange,
    Receipt,
    Reservation,
    ReservationEvent,
    ReservationEventKind,
    ReservationStatus,
)
from reservations.services import trip_start
from tests.factories import MemberFactory, VehicleFactory
from vehicles.models import DamageReport

from .factories import book, coop_with_cars, soon

pytestmark = pytest.mark.django_db


def url(name, coop, **kw):
    return reverse(f"reservations:{name}", kwargs={"coop": coop.slug, **kw})


def fmt(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def png() -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 10, 10)).save(buf, format="PNG")
    buf.seek(0)
    buf.name = "bon.png"
    return buf


def test_find_lists_only_free_cars_and_books_one(client):
    coop, (taken, free), (ann, bob) = coop_with_cars()
    book(bob, taken, soon(2, 10))
    client.force_login(ann.user)
    start, end = soon(2, 11), soon(2, 13)
    page = client.get(url("find", coop), {"starts_at": fmt(start), "ends_at": fmt(end)})
    assert page.status_code == 200
    html = page.content.decode()
    assert free.plate in html and taken.plate not in html
    response = client.post(
        url("book", coop), {"vehicle": free.pk, "starts_at": fmt(start), "ends_at": fmt(end)}, follow=True
    )
    r = Reservation.objects.get(member=ann)
    assert (r.vehicle, r.starts_at, r.ends_at) == (free, start, end)
    assert response.redirect_chain[-1][0] == url("detail", coop, pk=r.pk)


def test_booking_a_taken_car_shows_the_conflict_and_changes_nothing(client):
    coop, (car, other), (ann, bob) = coop_with_cars()
    book(bob, car, soon(2, 10))
    client.force_login(ann.user)
    response = client.post(
        url("book", coop), {"vehicle": car.pk, "starts_at": fmt(soon(2, 11)), "ends_at": fmt(soon(2, 12))}, follow=True
    )
    assert "bezet tot" in response.content.decode()
    assert not Reservation.objects.filter(member=ann).exists()


def test_other_cooperatives_car_or_reservation_is_404(client):
    coop, (car, _), (ann, _) = coop_with_cars()
    other_coop, (foreign_car, _), (stranger, _) = coop_with_cars()
    foreign = book(stranger, foreign_car, soon(2))
    client.force_login(ann.user)
    assert client.get(url("detail", coop, pk=foreign.pk)).status_code == 404
    assert client.get(url("car", coop, vehicle_pk=foreign_car.pk)).status_code == 404
    r = client.post(
        url("book", coop), {"vehicle": foreign_car.pk, "starts_at": fmt(soon(3)), "ends_at": fmt(soon(3, 12))}
    )
    assert r.status_code == 404
    # and non-members do not see the cooperative at all
    assert client.get(url("week", other_coop)).status_code == 404


def test_someone_elses_reservation_is_403_for_a_plain_member(client):
    coop, (car, _), (ann, bob) = coop_with_cars()
    r = book(bob, car, soon(2))
    client.force_login(ann.user)
    assert client.get(url("detail", coop, pk=r.pk)).status_code == 403
    assert client.post(url("cancel", coop, pk=r.pk)).status_code == 403
    assert Reservation.objects.get(pk=r.pk).status == ReservationStatus.BOOKED


def test_week_grid_shows_who_booked_in_fixed_queries(client, django_assert_max_num_queries):
    coop, cars, members = coop_with_cars(n_cars=30, n_members=6)
    monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
    for i, car in enumerate(cars):
        for d in range(0, 7, 2):
            start = dt.datetime.combine(monday + dt.timedelta(days=d), dt.time(9 + i % 5)).replace(
                tzinfo=timezone.get_current_timezone()
            )
            book(members[i % 6], car, start, hours=3)
    viewer = members[0]
    client.force_login(viewer.user)
    with django_assert_max_num_queries(12):
        page = client.get(url("week", coop), {"start": monday.isoformat()})
    html = page.content.decode()
    assert page.status_code == 200
    assert members[1].user.first_name in html
    assert len(re.findall(r'class="slot[ "]', html)) == 30 * 4
    assert html.count("slot--mine") == 5 * 4


def test_week_grid_handles_the_dst_day(client):
    coop, (car, _), (ann, _) = coop_with_cars()
    client.force_login(ann.user)
    page = client.get(url("week", coop), {"start": "2026-10-19"})
    assert page.status_code == 200
    assert "zo 25 okt" in page.content.decode().lower()


def test_my_list_filters_by_car_and_status(client, django_assert_max_num_queries):
    coop, (car, other), (ann, _) = coop_with_cars()
    book(ann, car, soon(2))
    book(ann, other, soon(3))
    client.force_login(ann.user)
    with django_assert_max_num_queries(10):
        page = client.get(url("mine", coop), {"vehicle": other.pk, "status": "booked"})
    html = page.content.decode()
    upcoming = html.split('data-testid="upcoming"')[1].split('data-testid="history"')[0]
    assert other.plate in upcoming and car.plate not in upcoming


def test_edit_extends_and_cancel_frees(client):
    coop, (car, _), (ann, _) = coop_with_cars()
    r = book(ann, car, soon(2, 10))
    client.force_login(ann.user)
    client.post(url("edit", coop, pk=r.pk), {"starts_at": fmt(soon(2, 10)), "ends_at": fmt(soon(2, 15))})
    r.refresh_from_db()
    assert r.ends_at == soon(2, 15) and r.sequence == 1
    client.post(url("cancel", coop, pk=r.pk))
    r.refresh_from_db()
    assert r.status == ReservationStatus.CANCELLED


def test_trip_start_suggests_last_reading_and_refuses_lower(client, time_machine):
    coop, (car, _), (ann, _) = coop_with_cars()
    ten = soon(1, 10)
    r = book(ann, car, ten)
    from vehicles.services import odometer_record

    odometer_record(vehicle=car, km=12000, recorded_by=None)
    time_machine.move_to(ten)
    client.force_login(ann.user)
    page = client.get(url("trip_start", coop, pk=r.pk))
    assert 'value="12000"' in page.content.decode()
    page = client.post(url("trip_start", coop, pk=r.pk), {"odometer_km": 11999})
    assert "lager" in page.content.decode()
    client.post(url("trip_start", coop, pk=r.pk), {"odometer_km": 12000})
    r.refresh_from_db()
    assert r.trip.odometer_start_km == 12000
    page = client.post(url("trip_end", coop, pk=r.pk), {"odometer_km": 12000})
    assert "hoger" in page.content.decode()
    client.post(url("trip_end", coop, pk=r.pk), {"odometer_km": 12042})
    r.refresh_from_db()
    assert r.trip.distance_km == 42 and r.status == ReservationStatus.COMPLETED


def test_receipt_with_photo_and_damage_from_the_trip(client, time_machine):
    coop, (car, _), (ann, bob) = coop_with_cars()
    ten = soon(1, 10)
    r = book(ann, car, ten)
    time_machine.move_to(ten)
    trip = trip_start(reservation=r, odometer_km=100, by=ann)
    client.force_login(ann.user)
    bad = io.BytesIO(b"not an image")
    bad.name = "bon.jpg"
    page = client.post(
        url("receipt_add", coop, pk=r.pk), {"kind": "fuel", "amount": "45,60", "paid_on": "2026-11-01", "photo": bad}
    )
    assert "geen afbeelding" in page.content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    page = client.post(
        url("receipt_add", coop, pk=r.pk), {"kind": "fuel", "amount": "45,60", "paid_on": tomorrow, "photo": png()}
    )
    assert "in de toekomst" in page.content.decode() and not Receipt.objects.exists()
    client.post(
        url("receipt_add", coop, pk=r.pk),
        {
            "kind": "fuel",
            "amount": "45,60",
            "paid_on": "2026-11-01",
            "litres": "25,5".replace(",", "."),
            "photo": png(),
        },
    )
    receipt = Receipt.objects.get(trip=trip)
    assert receipt.amount_cents == 4560
    # The ledger turns the receipt into an expense claim of the member.
    from ledger.models import Expense

    claim = Expense.objects.get(receipt=receipt)
    assert (claim.member, claim.amount_cents, claim.vehicle) == (ann, 4560, car)
    assert client.get(url("receipt_photo", coop, receipt_pk=receipt.pk)).status_code == 200
    client.force_login(bob.user)
    assert client.get(url("receipt_photo", coop, receipt_pk=receipt.pk)).status_code == 403
    client.force_login(ann.user)
    client.post(url("damage", coop, pk=r.pk), {"description": "Deuk in de bumper"})
    report = DamageReport.objects.get(vehicle=car)
    assert list(trip.damage_reports.all()) == [report]


def test_rules_page_is_for_the_board(client):
    coop, _, (ann, _) = coop_with_cars()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    client.force_login(ann.user)
    assert client.get(url("rules", coop)).status_code == 403
    client.force_login(board.user)
    assert client.get(url("rules", coop)).status_code == 200
    data = {
        "min_duration_minutes": 60,
        "max_duration_hours": 48,
        "max_days_ahead": 30,
        "min_notice_minutes": 0,
        "max_bookings_7d": 2,
        "late_cancellation_hours": 12,
        "reminder_minutes": 60,
    }
    client.post(url("rules", coop), data)
    coop.booking_rules.refresh_from_db()
    assert coop.booking_rules.max_bookings_7d == 2 and coop.booking_rules.updated_by == board


@pytest.mark.parametrize(
    "change, message",
    [
        ({"min_duration_minutes": 2}, "minstens 5 minuten"),
        ({"max_duration_hours": 0}, "minstens 1 uur"),
        ({"max_days_ahead": 0}, "minstens 1 dag vooruit"),
        ({"min_duration_minutes": 180, "max_duration_hours": 2}, "langer dan de langste boeking"),
        ({"max_hours_7d": 50, "max_hours_30d": 10}, "hoger dan dat in 30 dagen"),
        ({"max_bookings_7d": 5, "max_bookings_30d": 3}, "hoger dan dat in 30 dagen"),
    ],
)
def test_rules_page_refuses_impossible_rules_with_a_clear_message(client, change, message):
    coop, _, _ = coop_with_cars()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    client.force_login(board.user)
    data = {
        "min_duration_minutes": 30,
        "max_duration_hours": 48,
        "max_days_ahead": 30,
        "min_notice_minutes": 0,
        "late_cancellation_hours": 12,
        "reminder_minutes": 60,
        **change,
    }
    page = client.post(url("rules", coop), data)
    assert page.status_code == 200 and message in page.content.decode()
    assert "rules_" not in page.content.decode()  # no constraint names
    assert not BookingRules.objects.filter(cooperative=coop).exists()


def test_maintenance_block_page_for_caretaker_only(client):
    coop, (car, _), (ann, caretaker) = coop_with_cars()
    car.caretaker = caretaker
    car.save()
    client.force_login(ann.user)
    assert client.get(url("block", coop, vehicle_pk=car.pk)).status_code == 403
    client.force_login(caretaker.user)
    client.post(url("block", coop, vehicle_pk=car.pk), {"starts_at": fmt(soon(3, 8)), "ends_at": fmt(soon(3, 17))})
    assert Reservation.objects.get(vehicle=car).kind == "maintenance"


def test_series_plan_then_book_the_free_weeks(client):
    coop, (car, _), (ann, bob) = coop_with_cars()
    book(bob, car, soon(15, 9))  # blocks the third Tuesday-like occurrence
    client.force_login(ann.user)
    data = {"vehicle": car.pk, "starts_at": fmt(soon(1, 8)), "ends_at": fmt(soon(1, 12)), "weeks": 4}
    page = client.post(url("series", coop), data)
    assert page.content.decode().count("niet mogelijk") == 1
    client.post(url("series", coop), {**data, "confirm": "1"})
    assert Reservation.objects.filter(member=ann).count() == 3


def test_home_panel_lists_upcoming(rf):
    from django.template.loader import render_to_string

    from deel.home import upcoming_panel as upcoming

    coop, (car, _), (ann, bob) = coop_with_cars()
    r = book(ann, car, soon(2))
    book(bob, car, soon(3))
    request = rf.get("/")
    request.member, request.coop = ann, coop
    panel = upcoming(request)
    assert [x.pk for x in panel["upcoming"]] == [r.pk]
    html = render_to_string(panel["template"], {"panel": panel, "coop": coop}, request=request)
    assert url("detail", coop, pk=r.pk) in html


def test_vehicle_factory_car_in_other_coop_not_listed_as_free(client):
    coop, (car, _), (ann, _) = coop_with_cars()
    VehicleFactory(plate="ZZ-999-Z")
    client.force_login(ann.user)
    page = client.get(url("find", coop), {"starts_at": fmt(soon(2, 10)), "ends_at": fmt(soon(2, 12))})
    assert "ZZ-999-Z" not in page.content.decode()


@pytest.mark.parametrize(
    ("roles", "status"), [((), 403), ((Role.BOARD,), 200), ((Role.TREASURER,), 200), ((Role.CARETAKER,), 200)]
)
def test_all_reservations_list_by_role_in_fixed_queries(client, django_assert_max_num_queries, roles, status):
    coop, cars, members = coop_with_cars(n_cars=3, n_members=4)
    for i, car in enumerate(cars):
        for d in range(1, 6):
            book(members[(i + d) % 4], car, soon(d, 8 + i))
    viewer = MemberFactory(cooperative=coop, roles=list(roles))
    client.force_login(viewer.user)
    with django_assert_max_num_queries(10):
        page = client.get(url("overview", coop))
    assert page.status_code == status
    if status == 200:
        assert page.content.decode().count("<tr>") == 1 + 15


def test_rules_page_shows_who_changed_which_rule(client):
    coop, _, _ = coop_with_cars()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    client.force_login(board.user)
    data = {
        "min_duration_minutes": 30,
        "max_duration_hours": 48,
        "max_days_ahead": 30,
        "min_notice_minutes": 0,
        "late_cancellation_hours": 12,
        "reminder_minutes": 60,
    }
    client.post(url("rules", coop), {**data, "max_bookings_7d": 2})
    client.post(url("rules", coop), {**data, "max_bookings_7d": 2})  # nothing changed: no new entry
    changes = list(BookingRulesChange.objects.filter(cooperative=coop))
    assert len(changes) == 1 and changes[0].by == board
    assert changes[0].changes["max_bookings_7d"] == [None, 2]
    html = client.get(url("rules", coop)).content.decode()
    assert "Eerdere wijzigingen" in html and board.name in html


def test_detail_shows_who_changed_and_cancelled(client):
    coop, (car, _), (ann, _) = coop_with_cars()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    r = book(ann, car, soon(3, 10))
    client.force_login(ann.user)
    client.post(url("edit", coop, pk=r.pk), {"starts_at": fmt(soon(3, 10)), "ends_at": fmt(soon(3, 13))})
    client.force_login(board.user)
    client.post(url("cancel", coop, pk=r.pk))
    assert [(e.kind, e.by) for e in ReservationEvent.objects.filter(reservation=r).order_by("pk")] == [
        (ReservationEventKind.CHANGED, ann),
        (ReservationEventKind.CANCELLED, board),
    ]
    html = client.get(url("detail", coop, pk=r.pk)).content.decode()
    assert "Geschiedenis" in html and board.name in html and "Geannuleerd" in html
    assert 'data-testid="cancel"' not in html  # cancelled: nothing left to cancel
