"""GET /cal/<token>.ics: valid iCalendar parsed back with the icalendar library, stable
UIDs, SEQUENCE bumped on change, cancellations as STATUS:CANCELLED, secret and revocable."""

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reservations.services import (
    calendar_token_issue,
    calendar_token_revoke,
    reservation_cancel,
    reservation_change,
)
from tests.factories import MemberFactory

from .factories import book, coop_with_cars, local, soon

pytestmark = pytest.mark.django_db


def feed(client, token):
    response = client.get(f"/cal/{token.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_url_is_exactly_cal_token_ics():
    coop, _, (ann, _) = coop_with_cars()
    token = calendar_token_issue(member=ann)
    assert reverse("calendar_feed", kwargs={"token": token.token}) == f"/cal/{token.token}.ics"


def test_member_feed_round_trip(client):
    coop, (car, other), (ann, bob) = coop_with_cars()
    mine = book(ann, car, soon(2, 10), hours=3)
    cancelled = book(ann, other, soon(4, 9))
    book(bob, car, soon(3, 10))  # not in ann's feed
    token = calendar_token_issue(member=ann)
    cal = feed(client, token)
    assert cal["VERSION"] == "2.0" and "PRODID" in cal
    found = events(cal)
    assert set(found) == {f"{mine.uid}@deel", f"{cancelled.uid}@deel"}
    event = found[f"{mine.uid}@deel"]
    assert event.decoded("DTSTART") == mine.starts_at
    assert event.decoded("DTEND") == mine.ends_at
    assert int(event["SEQUENCE"]) == 0
    assert "DTSTAMP" in event and str(event["STATUS"]) == "CONFIRMED"
    assert car.plate in str(event["SUMMARY"])

    reservation_change(reservation=mine, starts_at=soon(2, 11), ends_at=soon(2, 15), by=ann)
    reservation_cancel(reservation=cancelled, by=ann)
    found = events(feed(client, token))
    changed = found[f"{mine.uid}@deel"]  # same UID after the change
    assert int(changed["SEQUENCE"]) == 1 and changed.decoded("DTSTART") == soon(2, 11)
    gone = found[f"{cancelled.uid}@deel"]
    assert str(gone["STATUS"]) == "CANCELLED" and int(gone["SEQUENCE"]) == 1


def test_dst_booking_in_feed_is_four_hours(client, time_machine):
    time_machine.move_to(local(2026, 10, 20, 12))
    coop, (car, _), (ann, _) = coop_with_cars()
    r = book(ann, car, local(2026, 10, 25, 1), hours=1)
    reservation_change(reservation=r, starts_at=local(2026, 10, 25, 1), ends_at=local(2026, 10, 25, 4), by=ann)
    event = events(feed(client, calendar_token_issue(member=ann)))[f"{r.uid}@deel"]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(hours=4)


def test_wrong_or_revoked_token_is_404(client):
    coop, _, (ann, _) = coop_with_cars()
    assert client.get("/cal/" + "x" * 43 + ".ics").status_code == 404
    token = calendar_token_issue(member=ann)
    renewed = calendar_token_issue(member=ann)  # renewing revokes the old address
    assert client.get(f"/cal/{token.token}.ics").status_code == 404
    assert client.get(f"/cal/{renewed.token}.ics").status_code == 200
    calendar_token_revoke(token=renewed, by=ann)
    assert client.get(f"/cal/{renewed.token}.ics").status_code == 404


def test_vehicle_feed_for_its_caretaker_only(client):
    coop, (car, _), (ann, caretaker) = coop_with_cars()
    car.caretaker = caretaker
    car.save()
    r = book(ann, car, soon(2))
    with pytest.raises(PermissionDenied):
        calendar_token_issue(member=ann, vehicle=car)
    token = calendar_token_issue(member=caretaker, vehicle=car)
    event = events(feed(client, token))[f"{r.uid}@deel"]
    assert ann.name in str(event["SUMMARY"])
    # Another member takes over the car: the old caretaker's address stops working.
    car.caretaker = bob = MemberFactory(cooperative=coop)
    car.save()
    assert client.get(f"/cal/{token.token}.ics").status_code == 404
    assert client.get(f"/cal/{calendar_token_issue(member=bob, vehicle=car).token}.ics").status_code == 200


def test_tokens_page_issues_and_revokes(client):
    coop, _, (ann, _) = coop_with_cars()
    client.force_login(ann.user)
    page_url = reverse("reservations:tokens", kwargs={"coop": coop.slug})
    client.post(page_url, {"action": "issue"})
    token = ann.calendar_tokens.get(revoked_at__isnull=True)
    assert f"/cal/{token.token}.ics" in client.get(page_url).content.decode()
    client.post(page_url, {"action": "revoke", "token": token.pk})
    assert client.get(f"/cal/{token.token}.ics").status_code == 404
