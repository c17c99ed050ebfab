"""The cooperative's booking rules: duration, how far ahead, notice, fair use.

Checked by the booking services inside their transaction, after the vehicle row is
locked (the rules the database constraint cannot express). The rules themselves come from
selectors.booking_rules_for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from deel.formats import format_hours
from members.models import Member

from .errors import BookingRuleViolation
from .holidays import is_weekend_or_holiday
from .models import BookingRules, Reservation, ReservationKind, ReservationStatus

# A booking may start this long ago (a member booking "now" on the pavement).
PAST_GRACE = dt.timedelta(minutes=15)


def touches_weekend_or_holiday(starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    day = timezone.localtime(starts_at).date()
    last = timezone.localtime(ends_at - dt.timedelta(microseconds=1)).date()
    while day <= last:
        if is_weekend_or_holiday(day):
            return True
        day += dt.timedelta(days=1)
    return False


def check_timing(
    *, rules: BookingRules, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime, new_start: bool = True
) -> None:
    """Duration, notice and how far ahead. `new_start=False` when the start is unchanged
    (changing the end of a booking that may already have begun)."""
    duration = ends_at - starts_at
    if duration < dt.timedelta(minutes=rules.min_duration_minutes):
        raise BookingRuleViolation(
            _("Een reservering duurt minstens %(minutes)s minuten.") % {"minutes": rules.min_duration_minutes}
        )
    if duration > dt.timedelta(hours=rules.max_duration_hours):
        raise BookingRuleViolation(
            _("Een reservering duurt hoogstens %(hours)s uur.") % {"hours": rules.max_duration_hours}
        )
    if new_start:
        if starts_at < now - PAST_GRACE:
            raise BookingRuleViolation(_("Deze reservering begint in het verleden."))
        if rules.min_notice_minutes and starts_at < now + dt.timedelta(minutes=rules.min_notice_minutes) - PAST_GRACE:
            raise BookingRuleViolation(
                _("Reserveer minstens %(minutes)s minuten van tevoren.") % {"minutes": rules.min_notice_minutes}
            )
        if starts_at > now + dt.timedelta(days=rules.max_days_ahead):
            raise BookingRuleViolation(
                _("Je kunt hoogstens %(days)s dagen vooruit reserveren.") % {"days": rules.max_days_ahead}
            )


def has_fair_use_limits(rules: BookingRules) -> bool:
    return any(
        v is not None
        for v in (
            rules.max_hours_7d,
            rules.max_bookings_7d,
            rules.max_hours_30d,
            rules.max_bookings_30d,
            rules.max_weekend_bookings_30d,
        )
    )


def check_fair_use(
    *,
    rules: BookingRules,
    member: Member,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    now: dt.datetime,
    exclude_pk: int | None = None,
    planned: Sequence[tuple[dt.datetime, dt.datetime]] = (),
) -> None:
    """At most N hours / N bookings of a member in the coming 7 and 30 days, and at most
    N bookings that touch a weekend or holiday in the coming 30 days (one query).
    `planned`: slots not booked yet that count too (the earlier weeks of a series plan)."""
    if not has_fair_use_limits(rules):
        return
    horizon30 = now + dt.timedelta(days=30)
    horizon7 = now + dt.timedelta(days=7)
    qs = Reservation.objects.filter(
        member=member,
        kind=ReservationKind.MEMBER,
        status=ReservationStatus.BOOKED,
        ends_at__gt=now,
        starts_at__lt=horizon30,
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    slots = list(qs.values_list("starts_at", "ends_at")) + list(planned) + [(starts_at, ends_at)]

    def within(horizon):
        return [(s, e) for s, e in slots if s < horizon]

    if starts_at >= horizon30:
        return  # the new booking is outside every window
    for horizon, max_hours, max_count, days in (
        (horizon7, rules.max_hours_7d, rules.max_bookings_7d, 7),
        (horizon30, rules.max_hours_30d, rules.max_bookings_30d, 30),
    ):
        if starts_at >= horizon:
            continue
        inside = within(horizon)
        total = sum(((min(e, horizon) - max(s, now)) for s, e in inside), dt.timedelta())
        if max_hours is not None and total > dt.timedelta(hours=max_hours):
            raise BookingRuleViolation(
                _(
                    "Eerlijk delen: je mag in de komende %(days)s dagen hoogstens %(max)s uur reserveren; "
                    "met deze boeking kom je op %(hours)s uur."
                )
                % {"days": days, "max": max_hours, "hours": format_hours(total, unit=False)}
            )
        if max_count is not None and len(inside) > max_count:
            raise BookingRuleViolation(
                ngettext(
                    "Eerlijk delen: je mag in de komende %(days)s dagen hoogstens %(max)s reservering hebben.",
                    "Eerlijk delen: je mag in de komende %(days)s dagen hoogstens %(max)s reserveringen hebben.",
                    max_count,
                )
                % {"days": days, "max": max_count}
            )
    if rules.max_weekend_bookings_30d is not None and touches_weekend_or_holiday(starts_at, ends_at):
        weekend = [(s, e) for s, e in within(horizon30) if touches_weekend_or_holiday(s, e)]
        if len(weekend) > rules.max_weekend_bookings_30d:
            raise BookingRuleViolation(
                _(
                    "Eerlijk delen: je mag in de komende 30 dagen hoogstens %(max)s keer in een weekend "
                    "of op een feestdag reserveren."
                )
                % {"max": rules.max_weekend_bookings_30d}
            )
