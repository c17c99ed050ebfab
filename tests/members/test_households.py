"""A household membership: one member (one vote, one account, one bill), several drivers
each with their own log-in and licence check; fair use counts per household (issue 14)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import permissions as gov_perms
from governance.selectors import entitled_members
from ledger.selectors import member_balance_cents
from ledger.services import statements_issue, trip_charge
from members.errors import HouseholdError, NotAllowedToBook
from members.households import household_driver_add, household_driver_remove
from members.models import HouseholdDriver, Role
from members.permissions import acting_driver, member_roles, membership_for
from reservations.errors import BookingRuleViolation
from reservations.models import BookingRules
from reservations.services import reservation_create
from tests.factories import CooperativeFactory, MemberFactory, VehicleFactory
from tests.ledger.factories import make_tariff, make_trip
from tests.reservations.factories import soon


@pytest.fixture
def coop(db):
    return CooperativeFactory(household_drivers_max=2)


@pytest.fixture
def head(coop):
    return MemberFactory(cooperative=coop, roles=[Role.TREASURER])


def add_partner(head, email="partner@example.nl", expires=None) -> HouseholdDriver:
    return household_driver_add(
        member=head,
        by=head,
        email=email,
        first_name="Sam",
        last_name="de Vries",
        licence_number="5999999999",
        licence_expires_on=expires or timezone.localdate() + dt.timedelta(days=900),
    )


def test_household_of_two_drivers_has_one_bill_and_one_vote(coop, head):
    partner = add_partner(head)
    others = [MemberFactory(cooperative=coop) for _ in range(2)]
    # The partner logs in with their own account and acts on the household's membership.
    acting = membership_for(partner.user, coop)
    assert acting.pk == head.pk and acting_driver(acting) == partner
    assert member_roles(acting) == frozenset()  # the member's roles are not the driver's
    # One vote: the household is one member; the driver cannot vote.
    assert entitled_members(cooperative=coop).count() == 1 + len(others)
    assert gov_perms.can_vote(head) and not gov_perms.can_vote(acting)
    # Both drive; both trips are on the one account.
    car = VehicleFactory(cooperative=coop)
    make_tariff(coop, per_km="0.25", per_hour="0", monthly_fee="0")
    start = timezone.make_aware(dt.datetime(2026, 11, 3, 10))
    r = reservation_create(member=acting, vehicle=car, starts_at=soon(1), ends_at=soon(1, 12))
    assert r.member == head and r.driver == partner
    trip_charge(trip=make_trip(head, car, start=start, km=40))
    trip_charge(trip=make_trip(head, car, start=start + dt.timedelta(days=2), km=20))  # the partner's
    assert member_balance_cents(member=head) == 1500
    statements = statements_issue(cooperative=coop, period_start=dt.date(2026, 11, 1), period_end=dt.date(2026, 11, 30))
    assert [s.member_id for s in statements if s.member_id == head.pk] == [head.pk]  # one bill
    assert not HouseholdDriver.objects.filter(user=head.user).exists()


def test_each_driver_has_their_own_licence_check(coop, head):
    partner = add_partner(head)
    partner.licence_expires_on = timezone.localdate() - dt.timedelta(days=1)
    partner.save()
    car = VehicleFactory(cooperative=coop)
    acting = membership_for(partner.user, coop)
    with pytest.raises(NotAllowedToBook):
        reservation_create(member=acting, vehicle=car, starts_at=soon(1), ends_at=soon(1, 12))
    # The member's own licence is valid: they can book.
    reservation_create(member=head, vehicle=car, starts_at=soon(1), ends_at=soon(1, 12))


def test_fair_use_counts_per_household(coop, head):
    BookingRules.objects.create(cooperative=coop, max_bookings_7d=1)
    partner = add_partner(head)
    car, other_car = VehicleFactory(cooperative=coop), VehicleFactory(cooperative=coop)
    reservation_create(member=head, vehicle=car, starts_at=soon(1), ends_at=soon(1, 12))
    with pytest.raises(BookingRuleViolation):
        reservation_create(
            member=membership_for(partner.user, coop), vehicle=other_car, starts_at=soon(2), ends_at=soon(2, 12)
        )


def test_household_rules(coop, head):
    add_partner(head, "a@example.nl")
    add_partner(head, "b@example.nl")
    with pytest.raises(HouseholdError):  # the statutes allow two
        add_partner(head, "c@example.nl")
    other = MemberFactory(cooperative=coop)
    with pytest.raises(HouseholdError):  # a member cannot be an extra driver (no second vote)
        add_partner(MemberFactory(cooperative=coop), other.user.email)
    with pytest.raises(HouseholdError):  # someone else's household
        household_driver_add(
            member=head,
            by=other,
            email="d@example.nl",
            first_name="D",
            last_name="E",
            licence_number="1",
            licence_expires_on=timezone.localdate() + dt.timedelta(days=10),
        )
    no_households = MemberFactory()
    with pytest.raises(HouseholdError):
        add_partner(no_households, "e@example.nl")


def test_removed_driver_loses_access(client, coop, head):
    partner = add_partner(head)
    household_driver_remove(driver=partner, by=head)
    assert membership_for(partner.user, coop) is None


def test_household_page(client, coop, head):
    client.force_login(head.user)
    url = reverse("members:household", kwargs={"coop": coop.slug})
    response = client.post(
        url,
        {
            "first_name": "Sam",
            "last_name": "Jansen",
            "email": "sam@example.nl",
            "licence_number": "5111111111",
            "licence_expires_on": (timezone.localdate() + dt.timedelta(days=400)).isoformat(),
        },
    )
    assert response.status_code == 302
    driver = HouseholdDriver.objects.get()
    assert driver.user.email == "sam@example.nl"
    # The driver logs in and sees the household, not the member's profile or their menu roles.
    client.force_login(driver.user)
    assert client.get(reverse("members:profile", kwargs={"coop": coop.slug})).status_code == 302
    html = client.get(url).content.decode()
    assert 'data-testid="driver-self"' in html
    assert client.post(reverse("members:leave", kwargs={"coop": coop.slug}), {"confirm": "yes"}).status_code == 403
    assert client.get(reverse("ledger:dashboard", kwargs={"coop": coop.slug})).status_code == 403
    assert client.post(url, {"email": "x@example.nl"}).status_code == 403


def test_driver_lands_on_the_households_cooperative_after_log_in(client, coop, head):
    partner = add_partner(head)
    client.force_login(partner.user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("coop_home", kwargs={"coop": coop.slug})
