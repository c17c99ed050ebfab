"""The state rules of reservations (permissions.py): who may do what, and when."""

import datetime as dt

import pytest

from reservations import permissions
from reservations.selectors import booking_rules_for
from tests.factories import MemberFactory

from .factories import book, coop_with_cars, soon

pytestmark = pytest.mark.django_db


def test_cancel_and_edit_before_and_after_the_start():
    coop, (car, _), (ann, bob) = coop_with_cars()
    r = book(ann, car, soon(2, 10))
    before, during = r.starts_at - dt.timedelta(hours=1), r.starts_at + dt.timedelta(minutes=30)
    assert permissions.can_cancel(ann, r, before) and not permissions.can_cancel(ann, r, during)
    assert not permissions.can_cancel(bob, r, before)
    assert permissions.editable_fields(r, before) == ("starts_at", "ends_at")
    assert permissions.editable_fields(r, during) == ("ends_at",)
    assert permissions.can_extend(ann, r) and not permissions.can_extend(bob, r)
    assert permissions.can_set_return(ann, r, during) and not permissions.can_set_return(ann, r, before)


def test_no_show_only_for_the_caretaker_after_the_start_without_a_trip():
    coop, (car, _), (ann, caretaker) = coop_with_cars()
    car.caretaker = caretaker
    car.save()
    r = book(ann, car, soon(2, 10))
    during = r.starts_at + dt.timedelta(minutes=30)
    assert permissions.can_mark_no_show(caretaker, r, during)
    assert not permissions.can_mark_no_show(caretaker, r, r.starts_at - dt.timedelta(minutes=1))
    assert not permissions.can_mark_no_show(ann, r, during)
    assert permissions.can_start_trip(ann, r) and not permissions.can_start_trip(MemberFactory(cooperative=coop), r)


def test_late_cancellation_follows_the_rules():
    coop, (car, _), (ann, _) = coop_with_cars()
    r = book(ann, car, soon(3, 10))
    rules = booking_rules_for(coop)  # the defaults: late within 24 hours
    assert permissions.is_late_cancellation(r, rules=rules, now=r.starts_at - dt.timedelta(hours=23))
    assert not permissions.is_late_cancellation(r, rules=rules, now=r.starts_at - dt.timedelta(hours=25))
