"""Overdue balances: reminders at 14 and 28 days (each once) and suspension above the limit."""

import datetime as dt

import pytest
from django.utils import timezone

from ledger.payments.models import ArrearsReminder, PaymentSettings
from ledger.payments.selectors import arrears
from ledger.payments.services import arrears_run
from members.models import MemberStatus
from tests.factories import MemberFactory

from .factories import charge, statement

TODAY = dt.date(2026, 11, 16)


def issued(days_ago: int) -> dt.datetime:
    day = TODAY - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12))


@pytest.fixture
def late(coop):
    fifteen = MemberFactory(cooperative=coop)
    charge(fifteen, 3_000)
    statement(fifteen, reference="R-15", due_cents=3_000, issued_at=issued(15))
    thirty = MemberFactory(cooperative=coop)
    charge(thirty, 9_000)
    statement(thirty, reference="R-30", due_cents=9_000, issued_at=issued(30))
    recent = MemberFactory(cooperative=coop)
    charge(recent, 5_000)
    statement(recent, reference="R-5", due_cents=5_000, issued_at=issued(5))
    paid = MemberFactory(cooperative=coop)
    statement(paid, reference="R-40", due_cents=5_000, issued_at=issued(40))
    return {"fifteen": fifteen, "thirty": thirty, "recent": recent, "paid": paid}


def test_arrears_list_for_the_board(coop, late, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        rows = arrears(cooperative=coop, today=TODAY)
    assert [(r.member, r.days_overdue, r.balance_cents) for r in rows] == [
        (late["thirty"], 30, 9_000),
        (late["fifteen"], 15, 3_000),
    ]


def test_reminders_are_sent_once_per_level(coop, late, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert arrears_run(cooperative=coop, today=TODAY) == 2
        assert arrears_run(cooperative=coop, today=TODAY) == 0
    assert set(ArrearsReminder.objects.values_list("member_id", "level_days")) == {
        (late["fifteen"].pk, 14),
        (late["thirty"].pk, 28),
    }
    assert len(mailoutbox) == 2
    assert any(m.subject.startswith("Tweede herinnering") for m in mailoutbox)
    # Two weeks later: a second reminder for the first, a first one for the recent statement.
    with django_capture_on_commit_callbacks(execute=True):
        assert arrears_run(cooperative=coop, today=TODAY + dt.timedelta(days=14)) == 2
    assert ArrearsReminder.objects.filter(member=late["fifteen"], level_days=28).exists()
    assert ArrearsReminder.objects.filter(member=late["recent"], level_days=14).exists()
    assert not ArrearsReminder.objects.filter(member=late["paid"]).exists()


def test_suspension_above_the_limit_and_reinstatement_after_payment(coop, late):
    PaymentSettings.objects.create(cooperative=coop, arrears_limit_cents=5_000)
    arrears_run(cooperative=coop, today=TODAY)
    late["thirty"].refresh_from_db()
    late["fifteen"].refresh_from_db()
    assert late["thirty"].status == MemberStatus.SUSPENDED
    assert late["fifteen"].status == MemberStatus.ACTIVE  # under the limit and under 28 days
    charge(late["thirty"], -9_000)  # paid
    arrears_run(cooperative=coop, today=TODAY)
    late["thirty"].refresh_from_db()
    assert late["thirty"].status == MemberStatus.ACTIVE


def test_without_a_limit_nobody_is_suspended(coop, late):
    arrears_run(cooperative=coop, today=TODAY)
    late["thirty"].refresh_from_db()
    assert late["thirty"].status == MemberStatus.ACTIVE
