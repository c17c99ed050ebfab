"""The waitlist: told once when a car frees up; nothing is held (issue 14)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from reservations.models import WaitlistEntry
from reservations.services import reservation_cancel, reservation_shorten
from reservations.waitlist import WaitlistError, waitlist_join, waitlist_notify

from .factories import book, coop_with_cars, soon


@pytest.fixture
def one_car(db):
    coop, (car,), (anna, bram) = coop_with_cars(n_cars=1, n_members=2)
    return coop, car, anna, bram


def test_waiting_member_is_told_once_when_the_booking_is_cancelled(one_car, django_capture_on_commit_callbacks):
    coop, car, anna, bram = one_car
    taken = book(anna, car, soon(2, 10), hours=4)
    entry = waitlist_join(member=bram, starts_at=soon(2, 11), ends_at=soon(2, 13))
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        reservation_cancel(reservation=taken, by=anna)
    (message,) = mail.outbox
    assert message.to == [bram.user.email]
    assert car.plate in message.body and "/reservations/find/?" in message.body
    entry.refresh_from_db()
    assert entry.notified_at is not None
    # Nothing held: Anna can book it again at once; a second scan sends nothing more.
    book(anna, car, soon(2, 10), hours=4)
    assert waitlist_notify(cooperative_id=coop.pk) == 0
    assert len(mail.outbox) == 1


def test_shortening_that_frees_the_time_tells_the_waiting(one_car, django_capture_on_commit_callbacks):
    coop, car, anna, bram = one_car
    taken = book(anna, car, soon(3, 9), hours=8)
    waitlist_join(member=bram, starts_at=soon(3, 14), ends_at=soon(3, 16))
    with django_capture_on_commit_callbacks(execute=True):
        reservation_shorten(reservation=taken, ends_at=soon(3, 11), by=anna)
    assert [m.to for m in mail.outbox] == [[bram.user.email]]


def test_no_notice_while_the_car_is_still_taken(one_car, django_capture_on_commit_callbacks):
    coop, car, anna, bram = one_car
    taken = book(anna, car, soon(3, 9), hours=8)
    waitlist_join(member=bram, starts_at=soon(3, 14), ends_at=soon(3, 16))
    with django_capture_on_commit_callbacks(execute=True):
        reservation_shorten(reservation=taken, ends_at=soon(3, 15), by=anna)  # still overlaps
    assert mail.outbox == []
    assert WaitlistEntry.objects.get().notified_at is None


def test_join_refused_when_a_car_is_free_or_twice(one_car):
    coop, car, anna, bram = one_car
    with pytest.raises(WaitlistError):
        waitlist_join(member=bram, starts_at=soon(4, 10), ends_at=soon(4, 12))
    book(anna, car, soon(4, 10))
    waitlist_join(member=bram, starts_at=soon(4, 10), ends_at=soon(4, 12))
    with pytest.raises(WaitlistError):
        waitlist_join(member=bram, starts_at=soon(4, 10), ends_at=soon(4, 12))


def test_empty_search_offers_the_waitlist(client, one_car):
    coop, car, anna, bram = one_car
    book(anna, car, soon(2, 10), hours=4)
    client.force_login(bram.user)
    find = reverse("reservations:find", kwargs={"coop": coop.slug})
    query = {"starts_at": soon(2, 11).strftime("%Y-%m-%dT%H:%M"), "ends_at": soon(2, 12).strftime("%Y-%m-%dT%H:%M")}
    assert 'data-testid="waitlist"' in client.get(find, query).content.decode()
    join = reverse("reservations:waitlist_join", kwargs={"coop": coop.slug})
    assert client.post(join, query).status_code == 302
    assert WaitlistEntry.objects.filter(member=bram).count() == 1
    html = client.get(find, query).content.decode()
    assert 'data-testid="waitlist"' not in html  # already waiting


def test_join_is_scoped_to_the_members_own_times(one_car):
    coop, car, anna, bram = one_car
    with pytest.raises(WaitlistError):
        waitlist_join(member=bram, starts_at=soon(-2, 10), ends_at=soon(-2, 12) - dt.timedelta(hours=1))
