"""Overdue balances: counted from the due date (issue date + the cooperative's payment term, 14 days
by default), reminders the day after it and 14 days later (each once), suspension above the limit."""

import datetime as dt

import pytest
from django.utils import timezone

from ledger.services import transaction_reverse
from members.models import MemberStatus
from payments.models import ArrearsReminder, PaymentSettings
from payments.selectors import arrears
from payments.services import arrears_run
from payments.services.postings import receipt_post
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
        (late["thirty"], 16, 9_000),  # issued 30 days ago, due 14 days after
        (late["fifteen"], 1, 3_000),
    ]


def test_reminders_are_sent_once_per_level(coop, late, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert arrears_run(cooperative=coop, today=TODAY) == 2
        assert arrears_run(cooperative=coop, today=TODAY) == 0
    assert set(ArrearsReminder.objects.values_list("member_id", "level_days")) == {
        (late["fifteen"].pk, 1),
        (late["thirty"].pk, 14),
    }
    assert len(mailoutbox) == 2
    assert any(m.subject.startswith("Tweede herinnering") for m in mailoutbox)
    # Two weeks later: a second reminder for the first, a first one for the recent statement.
    with django_capture_on_commit_callbacks(execute=True):
        assert arrears_run(cooperative=coop, today=TODAY + dt.timedelta(days=14)) == 2
    assert ArrearsReminder.objects.filter(member=late["fifteen"], level_days=14).exists()
    assert ArrearsReminder.objects.filter(member=late["recent"], level_days=1).exists()
    assert not ArrearsReminder.objects.filter(member=late["paid"]).exists()


def test_suspension_above_the_limit_and_reinstatement_after_payment(coop, late):
    PaymentSettings.objects.create(cooperative=coop, arrears_limit_cents=5_000)
    arrears_run(cooperative=coop, today=TODAY)
    late["thirty"].refresh_from_db()
    late["fifteen"].refresh_from_db()
    assert late["thirty"].status == MemberStatus.SUSPENDED
    assert late["fifteen"].status == MemberStatus.ACTIVE  # under the limit and a day late
    charge(late["thirty"], -9_000)  # paid
    arrears_run(cooperative=coop, today=TODAY)
    late["thirty"].refresh_from_db()
    assert late["thirty"].status == MemberStatus.ACTIVE


def test_without_a_limit_nobody_is_suspended(coop, late):
    arrears_run(cooperative=coop, today=TODAY)
    late["thirty"].refresh_from_db()
    assert late["thirty"].status == MemberStatus.ACTIVE


MONTHS = [
    ((dt.date(2026, 8, 1), dt.date(2026, 8, 31)), dt.date(2026, 9, 1)),
    ((dt.date(2026, 9, 1), dt.date(2026, 9, 30)), dt.date(2026, 10, 1)),
    ((dt.date(2026, 10, 1), dt.date(2026, 10, 31)), dt.date(2026, 11, 1)),
]


def _monthly(member, dues: list[int]) -> None:
    """A monthly statement each month (as the ledger issues them) with what was then open."""
    for (period, issued_on), due in zip(MONTHS, dues, strict=True):
        statement(
            member,
            reference=f"M{member.pk}-{issued_on:%m}",
            due_cents=due,
            period=period,
            issued_at=timezone.make_aware(dt.datetime.combine(issued_on, dt.time(9))),
        )


def test_overdue_counts_from_the_oldest_unpaid_monthly_statement(coop):
    """A member who ignored three monthly statements is 62 days late (due 15 September), not 1 (the newest one)."""
    ignores = MemberFactory(cooperative=coop)
    for (_period, issued_on), cents in zip(MONTHS, (3_000, 2_000, 2_000), strict=True):
        charge(ignores, cents, date=issued_on - dt.timedelta(days=10))
    _monthly(ignores, [3_000, 5_000, 7_000])

    pays = MemberFactory(cooperative=coop)
    for (_period, issued_on), cents in zip(MONTHS, (3_000, 2_000, 2_000), strict=True):
        charge(pays, cents, date=issued_on - dt.timedelta(days=10))
    receipt_post(
        cooperative=coop, member=pays, amount_cents=3_000, date=dt.date(2026, 9, 10), description="b", source_key="p1"
    )
    october, _ = receipt_post(
        cooperative=coop, member=pays, amount_cents=2_000, date=dt.date(2026, 10, 10), description="b", source_key="p2"
    )
    _monthly(pays, [3_000, 2_000, 2_000])

    rows = {r.member: r for r in arrears(cooperative=coop, today=TODAY)}
    assert rows[ignores].days_overdue == 62 and rows[ignores].statement.period_end == dt.date(2026, 8, 31)
    assert rows[pays].days_overdue == 1  # only October is open: due 15 November

    # The October payment was a direct debit that came back: September is open again.
    transaction_reverse(original=october, date=dt.date(2026, 10, 20), description="storno", source_key="s1")
    rows = {r.member: r for r in arrears(cooperative=coop, today=TODAY)}
    assert rows[pays].days_overdue == 32 and rows[pays].statement.period_end == dt.date(2026, 9, 30)


def test_a_long_ignored_balance_suspends_booking(coop):
    """With the statutes' limit, ignoring monthly statements ends in suspension, and booking is refused."""
    from members.errors import NotAllowedToBook
    from members.services import member_assert_may_book

    PaymentSettings.objects.create(cooperative=coop, arrears_limit_cents=5_000)
    ignores = MemberFactory(cooperative=coop)
    for (_period, issued_on), cents in zip(MONTHS, (3_000, 2_000, 2_000), strict=True):
        charge(ignores, cents, date=issued_on - dt.timedelta(days=10))
    _monthly(ignores, [3_000, 5_000, 7_000])

    arrears_run(cooperative=coop, today=TODAY)

    ignores.refresh_from_db()
    assert ignores.status == MemberStatus.SUSPENDED
    with pytest.raises(NotAllowedToBook, match="reserveren"):
        member_assert_may_book(member=ignores, on=TODAY)


def test_the_payment_term_of_the_cooperative_decides_when_a_balance_is_late(
    coop, mailoutbox, django_capture_on_commit_callbacks
):
    """With a 30-day term nobody is reminded before the due date the statement names."""
    coop.payment_term_days = 30
    coop.save(update_fields=["payment_term_days"])
    within = MemberFactory(cooperative=coop)
    charge(within, 2_000)
    statement(within, reference="T-20", due_cents=2_000, issued_at=issued(20))
    on_due_day = MemberFactory(cooperative=coop)
    charge(on_due_day, 2_000)
    statement(on_due_day, reference="T-30", due_cents=2_000, issued_at=issued(30))
    past = MemberFactory(cooperative=coop)
    charge(past, 2_000)
    statement(past, reference="T-31", due_cents=2_000, issued_at=issued(31))

    rows = arrears(cooperative=coop, today=TODAY)
    assert [(r.member, r.days_overdue, r.due_on) for r in rows] == [(past, 1, TODAY - dt.timedelta(days=1))]
    with django_capture_on_commit_callbacks(execute=True):
        assert arrears_run(cooperative=coop, today=TODAY) == 1
    assert [m.to for m in mailoutbox] == [[past.user.email]]
    assert not mailoutbox[0].subject.startswith("Tweede")
