"""A car's availability, day by day: its booked and free windows, for the car's page.

Every free window is one a booking could take (the car's buffer kept after the booking
before it and before the booking after it, nothing in the past) and links to the booking
form with its times. Three queries: the reservations of the days, and the booking rules
(the rules are cached on the cooperative)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from vehicles.models import Vehicle

from .models import ACTIVE_STATUSES, Reservation
from .selectors import booking_rules_for

QUARTER = dt.timedelta(minutes=15)
# A free window's link proposes a booking of at most this long (the member changes it).
PROPOSED = dt.timedelta(hours=2)


@dataclass
class Window:
    start: dt.datetime  # local, clipped to the day
    end: dt.datetime
    free: bool
    label: str  # "09:00–12:00", "09:00–…" for one that runs past midnight
    reservation: Reservation | None = None
    mine: bool = False
    block: bool = False
    who: str = ""
    # A free window: the proposed booking (not clipped to the day), None when too short.
    book_start: dt.datetime | None = None
    book_end: dt.datetime | None = None


@dataclass
class Day:
    date: dt.date
    windows: list[Window] = field(default_factory=list)

    @property
    def free_windows(self) -> list[Window]:
        return [w for w in self.windows if w.free]


@dataclass
class Timeline:
    vehicle: Vehicle
    start: dt.date
    days: list[Day]

    @property
    def previous(self) -> dt.date:
        return self.start - dt.timedelta(days=len(self.days))

    @property
    def next(self) -> dt.date:
        return self.start + dt.timedelta(days=len(self.days))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())


def _ceil_quarter(value: dt.datetime) -> dt.datetime:
    local = timezone.localtime(value)
    base = local.replace(second=0, microsecond=0)
    if base < local:
        base += dt.timedelta(minutes=1)
    rest = base.minute % 15
    return base if rest == 0 else base + dt.timedelta(minutes=15 - rest)


def _floor_quarter(value: dt.datetime) -> dt.datetime:
    local = timezone.localtime(value).replace(second=0, microsecond=0)
    return local - dt.timedelta(minutes=local.minute % 15)


def _label(start: dt.datetime, end: dt.datetime, *, before: bool, after: bool) -> str:
    return ("…" if before else "") + f"{start:%H:%M}–" + ("…" if after else f"{end:%H:%M}")


def vehicle_timeline(
    *, vehicle: Vehicle, start: dt.date, viewer: Member, days: int = 7, now: dt.datetime | None = None
) -> Timeline:
    """The car's windows from `start` for `days` days: booked (who, as the week grid shows
    it to members of the cooperative; maintenance as such) and free."""
    now = now or timezone.now()
    rules = booking_rules_for(vehicle.cooperative)
    min_length = dt.timedelta(minutes=max(rules.min_duration_minutes, 15))
    buffer = dt.timedelta(minutes=vehicle.buffer_minutes)
    day_list = [start + dt.timedelta(days=i) for i in range(days)]
    lo, hi = _midnight(day_list[0]), _midnight(day_list[-1] + dt.timedelta(days=1))
    taken = list(
        Reservation.objects.filter(
            vehicle=vehicle, status__in=ACTIVE_STATUSES, starts_at__lt=hi + buffer, blocked_until__gt=lo - buffer
        )
        .select_related("member__user")
        .order_by("starts_at", "pk")
    )
    # Free gaps over the whole range: between one booking's blocked_until and the next one's
    # start minus the buffer (a new booking keeps the buffer before the next), never in the past.
    gaps: list[tuple[dt.datetime, dt.datetime]] = []
    cursor = max(lo, _ceil_quarter(now))
    for r in taken:
        gap_end = r.starts_at - buffer
        if gap_end > cursor:
            gaps.append((cursor, gap_end))
        cursor = max(cursor, r.blocked_until)
    if hi > cursor:
        gaps.append((cursor, hi + dt.timedelta(days=1)))  # open-ended: the last window runs on
    result = []
    for day in day_list:
        d_lo, d_hi = _midnight(day), _midnight(day + dt.timedelta(days=1))
        windows: list[Window] = []
        for r in taken:
            if r.starts_at < d_hi and r.ends_at > d_lo:
                s, e = timezone.localtime(max(r.starts_at, d_lo)), timezone.localtime(min(r.ends_at, d_hi))
                windows.append(
                    Window(
                        start=s,
                        end=e,
                        free=False,
                        label=_label(s, e, before=r.starts_at < d_lo, after=r.ends_at > d_hi),
                        reservation=r,
                        mine=r.member_id == viewer.pk,
                        block=r.is_maintenance,
                        who=r.member.user.first_name or r.member.name,
                    )
                )
        for g_start, g_end in gaps:
            if g_start < d_hi and g_end > d_lo:
                s, e = timezone.localtime(max(g_start, d_lo)), timezone.localtime(min(g_end, d_hi))
                book_start = _ceil_quarter(max(g_start, d_lo))
                book_end = min(book_start + PROPOSED, _floor_quarter(g_end))
                bookable = book_end - book_start >= min_length
                windows.append(
                    Window(
                        start=s,
                        end=e,
                        free=True,
                        label=_("hele dag")
                        if g_start <= d_lo and g_end >= d_hi
                        else _label(s, e, before=False, after=g_end > d_hi),
                        book_start=book_start if bookable else None,
                        book_end=book_end if bookable else None,
                    )
                )
        windows.sort(key=lambda w: w.start)
        result.append(Day(date=day, windows=windows))
    return Timeline(vehicle=vehicle, start=start, days=result)
