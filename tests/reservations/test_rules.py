"""The cooperative's booking rules: duration, how far ahead, notice, fair use (weekends
and holidays counted separately), recurring series checked per occurrence."""

import datetime as dt

import pytest
from schedule.models import Event, Occurrence

from reservations.errors import BookingConflict, BookingRuleViolation
from reservations.holidays import dutch_holidays, is_weekend_or_holiday
from reservations.models import BookingRules, Reservation
from reservations.services import reservation_series_create, reservation_series_plan

from .factories import book, coop_with_cars, local, soon

pytestmark = pytest.mark.django_db


def rules(coop, **values):
    return BookingRules.objects.create(cooperative=coop, **values)


def test_defaults_apply_without_a_rules_row():
    coop, (car, _), (ann, _) = coop_with_cars()
    with pytest.raises(BookingRuleViolation, match="minstens 30 minuten"):
        book(ann, car, soon(2), hours=0.25)
    with pytest.raises(BookingRuleViolation, match="90 dagen"):
        book(ann, car, soon(100))


def test_duration_ahead_and_notice():
    coop, (car, _), (ann, _) = coop_with_cars()
    rules(coop, min_duration_minutes=60, max_duration_hours=24, max_days_ahead=10, min_notice_minutes=24 * 60)
    with pytest.raises(BookingRuleViolation, match="60 minuten"):
        book(ann, car, soon(3), hours=0.5)
    with pytest.raises(BookingRuleViolation, match="24 uur"):
        book(ann, car, soon(3), hours=25)
    with pytest.raises(BookingRuleViolation, match="10 dagen"):
        book(ann, car, soon(11))
    with pytest.raises(BookingRuleViolation, match="van tevoren"):
        from django.utils import timezone

        book(ann, car, timezone.now() + dt.timedelta(hours=2))
    assert book(ann, car, soon(3), hours=24)


def test_fair_use_hours_and_bookings():
    coop, (car, other), (ann, bob) = coop_with_cars()
    rules(coop, max_hours_7d=10, max_bookings_30d=3)
    book(ann, car, soon(2, 8), hours=6)
    with pytest.raises(BookingRuleViolation, match="hoogstens 10 uur"):
        book(ann, other, soon(3, 8), hours=5)
    book(ann, other, soon(3, 8), hours=4)
    book(ann, car, soon(20, 8), hours=4)  # outside the 7-day window
    with pytest.raises(BookingRuleViolation, match="3 reserveringen"):
        book(ann, car, soon(25, 8), hours=1)
    assert book(bob, car, soon(25, 8), hours=1)  # limits are per member


def test_weekend_and_holidays_counted_separately():
    coop, (car, other), (ann, _) = coop_with_cars()
    rules(coop, max_weekend_bookings_30d=1)
    import datetime as d

    from django.utils import timezone

    today = timezone.localdate()
    saturdays = [today + d.timedelta(days=i) for i in range(2, 30) if (today + d.timedelta(days=i)).weekday() == 5]
    weekdays = [
        today + d.timedelta(days=i) for i in range(2, 30) if not is_weekend_or_holiday(today + d.timedelta(days=i))
    ]
    sat = lambda day, h=10: local(day.year, day.month, day.day, h)  # noqa: E731
    book(ann, car, sat(saturdays[0]))
    with pytest.raises(BookingRuleViolation, match="weekend"):
        book(ann, other, sat(saturdays[1]))
    assert book(ann, other, sat(weekdays[0]))  # weekdays do not count against it


def test_dutch_holidays():
    days = dutch_holidays(2026)
    assert dt.date(2026, 4, 27) in days  # Koningsdag
    assert dt.date(2026, 4, 6) in days  # Tweede paasdag
    assert dt.date(2026, 5, 14) in days  # Hemelvaart
    assert dt.date(2026, 12, 25) in days
    assert dt.date(2025, 4, 26) in dutch_holidays(2025)  # Koningsdag on Sunday moves to Saturday


def test_series_books_free_weeks_and_reports_conflicts():
    coop, (car, _), (ann, bob) = coop_with_cars()
    first = soon(1, 8)
    blocked = book(bob, car, first + dt.timedelta(weeks=2, hours=1))
    plan = reservation_series_plan(
        member=ann, vehicle=car, starts_at=first, ends_at=first + dt.timedelta(hours=4), weeks=8
    )
    assert len(plan) == 8 and [bool(p.problem) for p in plan].count(True) == 1
    assert "bezet tot" in plan[2].problem
    result = reservation_series_create(
        member=ann, vehicle=car, starts_at=first, ends_at=first + dt.timedelta(hours=4), weeks=8
    )
    assert len(result.booked) == 7 and len(result.skipped) == 1
    assert all(r.series == result.series for r in result.booked)
    # One django-scheduler event with a weekly rule; the skipped week is a cancelled occurrence.
    event = Event.objects.get(pk=result.booked[0].calendar_event_id)
    assert event.rule.frequency == "WEEKLY"
    assert Occurrence.objects.filter(event=event, cancelled=True).count() == 1
    assert Reservation.objects.filter(member=ann).count() == 7
    assert blocked.pk not in [r.pk for r in result.booked]


def test_series_without_skipping_books_nothing_on_conflict():
    coop, (car, _), (ann, bob) = coop_with_cars()
    first = soon(1, 8)
    book(bob, car, first + dt.timedelta(weeks=1))
    with pytest.raises(BookingConflict):
        reservation_series_create(
            member=ann,
            vehicle=car,
            starts_at=first,
            ends_at=first + dt.timedelta(hours=4),
            weeks=3,
            skip_conflicts=False,
        )
    assert not Reservation.objects.filter(member=ann).exists()


def test_series_keeps_wall_clock_time_across_dst(time_machine):
    time_machine.move_to(local(2026, 10, 10, 12))
    coop, (car, _), (ann, _) = coop_with_cars()
    result = reservation_series_create(
        member=ann, vehicle=car, starts_at=local(2026, 10, 20, 8), ends_at=local(2026, 10, 20, 12), weeks=2
    )
    from django.utils import timezone

    second = result.booked[1]
    assert timezone.localtime(second.starts_at).hour == 8  # 27 Oct, after the change to winter time
    assert second.ends_at - second.starts_at == dt.timedelta(hours=4)
