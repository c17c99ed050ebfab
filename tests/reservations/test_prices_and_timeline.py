"""What a member sees before deciding: prices, estimates, a car's free windows; the search
refuses impossible slots; a late cancellation is confirmed first; Mijn reserveringen."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Decision
from ledger.models import Tariff
from members.models import MemberEvent, MemberEventKind, MemberStatus, Role
from reservations.forms import next_quarter_hour
from reservations.models import BookingRules, Reservation, ReservationStatus
from reservations.services import reservation_cancel, trip_start
from tests.factories import MemberFactory

from .factories import book, coop_with_cars, soon

pytestmark = pytest.mark.django_db


def url(name, coop, **kw):
    return reverse(f"reservations:{name}", kwargs={"coop": coop.slug, **kw})


def fmt(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def tariff(coop, **kw):
    values = {"valid_from": dt.date(2020, 1, 1), "per_km": Decimal("0.25"), "per_hour": Decimal("2.00")}
    values.update(kw)
    return Tariff.objects.create(cooperative=coop, decision_reference="ALV 2020 punt 4", **values)


def test_prices_page_for_every_member_links_the_decision(client, django_assert_max_num_queries):
    coop, _cars, (ann, _) = coop_with_cars()
    decision = Decision.objects.create(
        cooperative=coop, number="2026-001", decided_on=dt.date(2026, 1, 6), title="Tarieven 2026", text="..."
    )
    tariff(coop, day_cap=Decimal("25.00"), monthly_fee=Decimal("5.00"), decision=decision)
    BookingRules.objects.create(cooperative=coop, late_cancellation_fee_cents=500)
    client.force_login(ann.user)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("ledger:prices", kwargs={"coop": coop.slug}))
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("governance:decision", kwargs={"coop": coop.slug, "pk": decision.pk}) in html
    assert "€ 0,2500" in html and "€ 25,00" in html and "€ 5,00" in html
    assert re.search(r'data-testid="late-fee">[^<]*€ 5,00', html)


def test_prices_page_shows_the_penalties_the_alv_set(client, django_assert_max_num_queries):
    from ledger.models import PenaltyKind
    from ledger.penalties import penalty_rate_set

    coop, _cars, (ann, _) = coop_with_cars()
    old = tariff(coop, per_kwh=Decimal("0.29"))
    penalty_rate_set(tariff=old, kind=PenaltyKind.CLEANING, amount_cents=2_500, by=None)
    penalty_rate_set(tariff=old, kind=PenaltyKind.LATE_RETURN, amount_cents=500, by=None)
    newer = tariff(coop, valid_from=dt.date(2021, 1, 1))
    penalty_rate_set(tariff=newer, kind=PenaltyKind.CLEANING, amount_cents=3_000, by=None)
    client.force_login(ann.user)
    with django_assert_max_num_queries(11):
        html = client.get(reverse("ledger:prices", kwargs={"coop": coop.slug})).content.decode()
    penalties = html.split('data-testid="penalties"', 1)[1].split("</section>", 1)[0]
    assert "€ 30,00" in penalties and "€ 25,00" not in penalties  # the newer tariff's amount
    assert "€ 5,00" in penalties and "kwartier" in penalties  # late return runs on from the older tariff


def test_search_shows_an_estimate_per_free_car(client, django_assert_max_num_queries):
    coop, (car, other), (ann, _) = coop_with_cars()
    tariff(coop)
    client.force_login(ann.user)
    start = soon(2, 10)
    with django_assert_max_num_queries(12):
        page = client.get(url("find", coop), {"starts_at": fmt(start), "ends_at": fmt(soon(2, 13)), "km": "40"})
    html = page.content.decode()
    # 40 km x 0.25 + 3 h x 2.00 = 16.00, on each free car
    assert html.count('data-testid="estimate"') == 2
    assert html.count("€ 16,00") == 2


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (lambda: soon(-1, 10), lambda: soon(-1, 12), "starts_at"),  # yesterday
        (lambda: soon(2, 12), lambda: soon(2, 10), "__all__"),  # end before start
        (lambda: soon(-1, 12), lambda: soon(-1, 10), "starts_at"),  # both: the past is said at its field
    ],
)
def test_search_refuses_a_past_or_reversed_slot_before_any_result(client, start, end, field):
    coop, (car, _), (ann, _) = coop_with_cars()
    client.force_login(ann.user)
    page = client.get(url("find", coop), {"starts_at": fmt(start()), "ends_at": fmt(end())})
    assert page.status_code == 200
    form = page.context["form"]
    assert field in form.errors
    assert page.context["free"] is None and car.plate not in page.content.decode()


def test_time_pickers_start_at_the_next_quarter_hour_and_step_by_it(client):
    coop, _cars, (ann, _) = coop_with_cars()
    client.force_login(ann.user)
    html = client.get(url("find", coop)).content.decode()
    assert html.count('step="900"') == 2
    value = re.search(r'name="starts_at" value="([^"]+)"', html).group(1)
    start = timezone.make_aware(dt.datetime.fromisoformat(value))
    assert start.minute % 15 == 0 and dt.timedelta(0) < start - timezone.now() <= dt.timedelta(minutes=15)
    moment = timezone.make_aware(dt.datetime(2026, 3, 1, 14, 7))
    assert next_quarter_hour(moment).strftime("%H:%M") == "14:15"


def test_booking_form_prices_the_chosen_times_and_km_then_books(client):
    coop, (car, _), (ann, _) = coop_with_cars()
    tariff(coop, day_cap=Decimal("30.00"))
    client.force_login(ann.user)
    start, end = soon(3, 9), soon(4, 9)  # 24 h: capped at 30.00
    query = {"vehicle": car.pk, "starts_at": fmt(start), "ends_at": fmt(end), "km": "100"}
    page = client.get(url("book", coop), query)
    assert page.status_code == 200
    assert page.context["estimate"].amount_cents == 100 * 25 + 3000
    response = client.post(url("book", coop), {**query, "note": "verhuizen"})
    r = Reservation.objects.get(member=ann)
    assert response.status_code == 302 and (r.starts_at, r.ends_at, r.note) == (start, end, "verhuizen")


def test_booking_form_of_a_taken_slot_stays_with_the_error(client):
    coop, (car, _), (ann, bob) = coop_with_cars()
    book(bob, car, soon(2, 10))
    client.force_login(ann.user)
    page = client.post(
        url("book", coop), {"vehicle": car.pk, "starts_at": fmt(soon(2, 11)), "ends_at": fmt(soon(2, 12))}
    )
    assert page.status_code == 200 and page.context["form"].non_field_errors()
    assert not Reservation.objects.filter(member=ann).exists()


def test_trip_cost_is_shown_when_the_trip_ends(client):
    coop, (car, _), (ann, _) = coop_with_cars()
    tariff(coop)
    start = timezone.now() - dt.timedelta(hours=3)
    r = Reservation.objects.create(
        cooperative=coop,
        vehicle=car,
        member=ann,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        blocked_until=start + dt.timedelta(hours=2),
    )
    trip = trip_start(reservation=r, odometer_km=1000, by=ann, now=start)
    client.force_login(ann.user)
    response = client.post(url("trip_end", coop, pk=r.pk), {"odometer_km": "1040"}, follow=True)
    html = response.content.decode()
    trip.refresh_from_db()
    # 40 km x 0.25 + 2 h x 2.00 = 14.00
    assert re.search(r'data-testid="trip-cost"><strong>€ 14,00', html)


def _free_windows(html):
    return re.findall(r'href="([^"]*)" data-testid="free-window"', html)


def test_car_timeline_free_windows_keep_the_buffer_and_link_to_the_form(client, django_assert_max_num_queries):
    coop, (car, _), (ann, bob) = coop_with_cars()
    car.buffer_minutes = 30
    car.save()
    day = soon(2, 0).date()
    book(bob, car, soon(2, 10), hours=2)  # 10:00-12:00, blocked until 12:30
    client.force_login(ann.user)
    with django_assert_max_num_queries(14):
        page = client.get(url("car", coop, vehicle_pk=car.pk), {"dag": day.isoformat(), "weergave": "dag"})
    html = page.content.decode()
    links = [link.replace("&amp;", "&") for link in _free_windows(html)]
    assert len(links) == 2
    # Before: a booking ending by 09:30 keeps the buffer; the link proposes 00:00-02:00.
    # After: from 12:30, the end of the buffer.
    assert f"starts_at={day:%Y-%m-%d}T00:00&ends_at={day:%Y-%m-%d}T02:00" in links[0]
    assert f"starts_at={day:%Y-%m-%d}T12:30" in links[1]
    assert "bezet" in html and bob.user.first_name in html  # as the week grid shows it to members
    # The window before the booking ends at 09:30: 10:00 minus the buffer.
    assert "00:00–09:30" in html
    booking = client.get(links[1])
    assert booking.status_code == 200 and booking.context["form"].is_valid()


def test_other_members_see_busy_without_a_link_to_the_booking(client):
    coop, (car, _), (ann, bob) = coop_with_cars()
    theirs = book(bob, car, soon(2, 10))
    client.force_login(ann.user)
    html = client.get(url("car", coop, vehicle_pk=car.pk)).content.decode()
    assert url("detail", coop, pk=theirs.pk) not in html.split('id="beschikbaarheid"')[1].split("</section>")[0]


def test_week_grid_opens_at_today_and_its_free_cells_link_to_booking(client):
    coop, (car, _), (ann, _) = coop_with_cars()
    client.force_login(ann.user)
    page = client.get(url("week", coop))
    assert page.context["grid"].start == timezone.localdate()
    html = page.content.decode()
    assert html.count('data-testid="cell-book"') == 2 * 7
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert f"vehicle={car.pk}&amp;starts_at={tomorrow:%Y-%m-%d}T09:00&amp;ends_at={tomorrow:%Y-%m-%d}T11:00" in html


def test_late_cancellation_shows_the_fee_and_asks_to_confirm(client):
    coop, (car, _), (ann, _) = coop_with_cars()
    BookingRules.objects.create(cooperative=coop, late_cancellation_hours=48, late_cancellation_fee_cents=750)
    r = book(ann, car, soon(1, 10))
    client.force_login(ann.user)
    detail = client.get(url("detail", coop, pk=r.pk)).content.decode()
    assert f'href="{url("cancel", coop, pk=r.pk)}" data-testid="cancel"' in detail  # a link, not a POST
    page = client.post(url("cancel", coop, pk=r.pk))  # without confirming: the question, nothing cancelled
    assert page.status_code == 200 and page.context["fee_cents"] == 750
    assert 'data-testid="late-fee"' in page.content.decode()
    r.refresh_from_db()
    assert r.status == ReservationStatus.BOOKED
    client.post(url("cancel", coop, pk=r.pk), {"confirm": "1"})
    r.refresh_from_db()
    assert r.status == ReservationStatus.CANCELLED and r.late_cancellation


def test_mine_upcoming_soonest_first_history_apart_newest_first(client, django_assert_max_num_queries):
    coop, (car, other), (ann, _) = coop_with_cars()
    later, sooner = book(ann, car, soon(5, 10)), book(ann, other, soon(2, 10))
    cancelled = book(ann, car, soon(3, 10))
    reservation_cancel(reservation=cancelled, by=ann)
    past = []
    for days in (10, 3):
        start = timezone.now() - dt.timedelta(days=days)
        past.append(
            Reservation.objects.create(
                cooperative=coop,
                vehicle=car,
                member=ann,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                blocked_until=start + dt.timedelta(hours=2),
                status=ReservationStatus.COMPLETED,
            )
        )
    client.force_login(ann.user)
    with django_assert_max_num_queries(12):
        page = client.get(url("mine", coop))
    assert [r.pk for r in page.context["upcoming"]] == [sooner.pk, later.pk]
    assert [r.pk for r in page.context["history"]] == [cancelled.pk, past[1].pk, past[0].pk]
    assert "Geannuleerd" in page.content.decode().split('data-testid="history"')[1]


def test_mine_history_is_paginated(client):
    coop, (car, _), (ann, _) = coop_with_cars()
    for days in range(1, 26):
        start = timezone.now() - dt.timedelta(days=days)
        Reservation.objects.create(
            cooperative=coop,
            vehicle=car,
            member=ann,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            blocked_until=start + dt.timedelta(hours=1),
            status=ReservationStatus.COMPLETED,
        )
    client.force_login(ann.user)
    first = client.get(url("mine", coop))
    second = client.get(url("mine", coop), {"page": "2"})
    assert len(first.context["history"]) == 20 and len(second.context["history"]) == 5


def test_overview_is_paginated_in_fixed_queries(client, django_assert_max_num_queries):
    coop, cars, members = coop_with_cars(n_cars=3, n_members=3)
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    for i, car in enumerate(cars):
        for d in range(1, 30):
            book(members[(i + d) % 3], car, soon(d, 8 + i))
    client.force_login(board.user)
    with django_assert_max_num_queries(10):
        page = client.get(url("overview", coop))
    assert len(page.context["reservations"]) == 50
    with django_assert_max_num_queries(10):
        last = client.get(url("overview", coop), {"page": "2"})
    assert len(last.context["reservations"]) == 3 * 29 - 50


def test_refusing_an_application_needs_a_reason_and_records_it(client):
    coop, _cars, (board, _) = coop_with_cars()
    board.roles.create(role=Role.BOARD)
    applicant = MemberFactory(cooperative=coop, status=MemberStatus.APPLIED)
    client.force_login(board.user)
    refuse = reverse("members:refuse", kwargs={"coop": coop.slug, "pk": applicant.pk})
    assert client.get(refuse).status_code == 200
    page = client.post(refuse, {"reason": "  "})
    assert page.status_code == 200 and "reason" in page.context["form"].errors
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.APPLIED
    client.post(refuse, {"reason": "Woont buiten de buurt"})
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.REFUSED
    event = MemberEvent.objects.get(member=applicant, kind=MemberEventKind.REFUSED)
    assert (event.note, event.by) == ("Woont buiten de buurt", board)
