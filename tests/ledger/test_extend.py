"""Extending a running booking from the phone with the new estimate (issue 14)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger.estimates import booking_estimate_cents, extension_preview
from ledger.services import tariff_in_force, trip_price_cents
from reservations.errors import BookingConflict
from reservations.models import Reservation
from reservations.services import reservation_extend
from tests.factories import MemberFactory

from .factories import make_tariff


def running(member, car, *, started_ago=1, hours=2) -> Reservation:
    start = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(hours=started_ago)
    end = start + dt.timedelta(hours=hours)
    return Reservation.objects.create(
        cooperative=car.cooperative, vehicle=car, member=member, starts_at=start, ends_at=end, blocked_until=end
    )


def later(member, car, start, hours=2) -> Reservation:
    end = start + dt.timedelta(hours=hours)
    return Reservation.objects.create(
        cooperative=car.cooperative,
        vehicle=car,
        member=member,
        starts_at=start,
        ends_at=end,
        blocked_until=end + dt.timedelta(minutes=car.buffer_minutes),
    )


@pytest.fixture
def tariff(coop):
    return make_tariff(coop, per_km="0.25", per_hour="2.00")


def test_estimate_is_the_trip_charge_function(coop, member, car, tariff):
    r = running(member, car)
    end = r.ends_at + dt.timedelta(hours=1)
    expected = trip_price_cents(
        tariff_in_force(cooperative=coop, date=timezone.localdate(r.starts_at)), km=30, seconds=3 * 3600
    )
    assert booking_estimate_cents(reservation=r, ends_at=end, km=30) == expected == 1350
    preview = extension_preview(reservation=r, ends_at=end, km=30)
    assert preview.conflict is None and preview.extra_cents == 200


def test_extension_refused_with_the_conflicting_bookings_end(coop, member, car, tariff):
    r = running(member, car)
    other = later(MemberFactory(cooperative=coop), car, r.ends_at + dt.timedelta(minutes=30))
    with pytest.raises(BookingConflict) as err:
        reservation_extend(reservation=r, ends_at=r.ends_at + dt.timedelta(hours=1), by=member)
    assert err.value.taken_until == other.blocked_until
    preview = extension_preview(reservation=r, ends_at=r.ends_at + dt.timedelta(hours=1))
    assert preview.conflict is not None and preview.conflict.taken_until == other.blocked_until


def test_extend_page_on_the_phone(client, coop, member, car, tariff):
    r = running(member, car)
    url = reverse("ledger:extend", kwargs={"coop": coop.slug, "pk": r.pk})
    client.force_login(MemberFactory(cooperative=coop).user)
    assert client.get(url).status_code == 403
    client.force_login(member.user)
    html = client.get(url, {"plus": "60"}).content.decode()
    assert 'data-testid="estimate"' in html and "6,00" in html  # 3 hours at 2,00 + 0 km
    new_end = timezone.localtime(r.ends_at + dt.timedelta(hours=1))
    response = client.post(url, {"ends_at": new_end.strftime("%Y-%m-%dT%H:%M"), "km": "0", "confirm": "1"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.ends_at == new_end


def test_extend_page_shows_the_conflict(client, coop, member, car, tariff):
    r = running(member, car)
    later(MemberFactory(cooperative=coop), car, r.ends_at + dt.timedelta(minutes=30))
    client.force_login(member.user)
    url = reverse("ledger:extend", kwargs={"coop": coop.slug, "pk": r.pk})
    html = client.get(url, {"plus": "120"}).content.decode()
    assert 'data-testid="conflict"' in html and 'data-testid="confirm"' not in html
    new_end = timezone.localtime(r.ends_at + dt.timedelta(hours=2))
    client.post(url, {"ends_at": new_end.strftime("%Y-%m-%dT%H:%M"), "confirm": "1"})
    old_end = r.ends_at
    r.refresh_from_db()
    assert r.ends_at == old_end
