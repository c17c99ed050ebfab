"""Reads of reservations, scoped to a cooperative, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from deel.formats import format_km, format_span
from members.models import Cooperative, Member
from vehicles.models import Fuel, Vehicle, VehicleStatus

from .availability import blocked_until_for, conflict_error, overlapping
from .errors import BookingConflict
from .models import (
    ACTIVE_STATUSES,
    BookingRules,
    BookingRulesChange,
    CalendarToken,
    Receipt,
    Reservation,
    ReservationEvent,
    ReservationKind,
    ReservationStatus,
)

# How long after the end we still ask for the odometer reading.
ODOMETER_REQUEST_WINDOW = dt.timedelta(days=2)


def booking_rules_for(cooperative: Cooperative) -> BookingRules:
    """The cooperative's booking rules, or an unsaved row with the defaults when it set none.
    Django keeps the reverse one-to-one on the Cooperative instance, so a request (or a
    loop over one instance) asks the database once."""
    try:
        return cooperative.booking_rules
    except BookingRules.DoesNotExist:
        return BookingRules(cooperative=cooperative)


def booking_rules_history(*, cooperative: Cooperative, limit: int = 20) -> list[BookingRulesChange]:
    return list(
        BookingRulesChange.objects.filter(cooperative=cooperative)
        .select_related("by__user")
        .order_by("-at", "-pk")[:limit]
    )


def reservation_events(*, reservation: Reservation) -> list[ReservationEvent]:
    """Who changed, cancelled or recorded what on a reservation, oldest first."""
    return list(reservation.events.select_related("by__user").order_by("at", "pk"))


def reservations_of(*, cooperative: Cooperative) -> QuerySet[Reservation]:
    return Reservation.objects.filter(cooperative=cooperative).select_related("vehicle", "member__user", "trip")


def my_reservations(*, member: Member) -> QuerySet[Reservation]:
    return reservations_of(cooperative=member.cooperative).filter(member=member).order_by("-starts_at", "-pk")


def with_labels(reservations: Iterable[Reservation]) -> list[Reservation]:
    """The rows of a list page with their period and km formatted once here (`when_label`,
    `km_label`): formatting in the template was most of a 200-row page's time."""
    rows = list(reservations)
    for r in rows:
        r.when_label = format_span(r.starts_at, r.ends_at)  # type: ignore[attr-defined]
        trip = getattr(r, "trip", None)
        km = trip.distance_km if trip is not None else None
        r.km_label = format_km(km) if km else ""  # type: ignore[attr-defined]
    return rows


# What a list row shows (the overview, a car's agenda, Mijn reserveringen).
LIST_FIELDS = (
    "cooperative_id",
    "vehicle__plate",
    "vehicle__nickname",
    "vehicle__make",
    "vehicle__model",
    "member__user__first_name",
    "member__user__last_name",
    "member__user__email",
    "starts_at",
    "ends_at",
    "status",
    "kind",
    "returned_late",
    "late_cancellation",
    "trip__odometer_start_km",
    "trip__odometer_end_km",
)


def reservation_list(*, cooperative: Cooperative) -> QuerySet[Reservation]:
    """The cooperative's reservations for a list page: one query, only the shown columns."""
    return reservations_of(cooperative=cooperative).only(*LIST_FIELDS)


def my_upcoming(*, member: Member, now: dt.datetime | None = None) -> QuerySet[Reservation]:
    """The member's bookings still to come or under way, soonest first."""
    now = now or timezone.now()
    return (
        reservation_list(cooperative=member.cooperative)
        .filter(member=member, status=ReservationStatus.BOOKED, ends_at__gt=now)
        .order_by("starts_at", "pk")
    )


def my_history(*, member: Member, now: dt.datetime | None = None) -> QuerySet[Reservation]:
    """Everything else of the member's: ended, driven, cancelled; most recent first."""
    now = now or timezone.now()
    return (
        reservation_list(cooperative=member.cooperative)
        .filter(member=member)
        .exclude(status=ReservationStatus.BOOKED, ends_at__gt=now)
        .order_by("-starts_at", "-pk")
    )


def vehicle_reservations(*, vehicle: Vehicle) -> QuerySet[Reservation]:
    return reservations_of(cooperative=vehicle.cooperative).filter(vehicle=vehicle).order_by("starts_at", "pk")


def vehicle_unfinished(*, vehicle: Vehicle, now: dt.datetime | None = None) -> QuerySet[Reservation]:
    """Bookings of the car that have ended but are still open: not driven (the caretaker may
    mark them no-show) or a trip without its end reading. For the caretaker's car page."""
    now = now or timezone.now()
    return vehicle_reservations(vehicle=vehicle).filter(
        kind=ReservationKind.MEMBER, status=ReservationStatus.BOOKED, ends_at__lt=now
    )


def reservation_detail(*, cooperative: Cooperative, pk: int) -> Reservation:
    """Raises Reservation.DoesNotExist for another cooperative's reservation."""
    return (
        Reservation.objects.select_related(
            "vehicle__caretaker", "vehicle__key_box", "member__user", "trip", "cooperative", "driver__user"
        )
        .prefetch_related(
            Prefetch("trip__receipts", queryset=Receipt.objects.order_by("paid_on", "pk")),
            "trip__damage_reports",
            "trip__photos",
        )
        .get(cooperative=cooperative, pk=pk)
    )


def upcoming_for(*, member: Member, limit: int = 5) -> list[Reservation]:
    now = timezone.now()
    return list(
        Reservation.objects.filter(member=member, status=ReservationStatus.BOOKED, ends_at__gt=now)
        .select_related("vehicle")
        .order_by("starts_at")[:limit]
    )


def due_reminders(*, now: dt.datetime) -> list[int]:
    """Bookings starting within their cooperative's reminder time that got no reminder yet."""
    default = BookingRules().reminder_minutes
    minutes = dict(BookingRules.objects.values_list("cooperative_id", "reminder_minutes"))
    longest = max([default, *minutes.values()])
    return [
        pk
        for pk, coop_id, starts_at in Reservation.objects.filter(
            kind=ReservationKind.MEMBER,
            status=ReservationStatus.BOOKED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(minutes=longest),
        ).values_list("pk", "cooperative_id", "starts_at")
        if starts_at <= now + dt.timedelta(minutes=minutes.get(coop_id, default))
    ]


def due_odometer_requests(*, now: dt.datetime) -> list[int]:
    """Bookings that ended (within the request window) without an end reading or a request."""
    return list(
        Reservation.objects.filter(
            kind=ReservationKind.MEMBER,
            status=ReservationStatus.BOOKED,
            odometer_request_sent_at__isnull=True,
            ends_at__lte=now,
            ends_at__gt=now - ODOMETER_REQUEST_WINDOW,
        )
        .exclude(trip__odometer_end_km__isnull=False)
        .values_list("pk", flat=True)
    )


def active_tokens(*, member: Member) -> list[CalendarToken]:
    return list(
        CalendarToken.objects.filter(member=member, revoked_at__isnull=True).select_related("vehicle").order_by("pk")
    )


def bookable_vehicles(*, cooperative: Cooperative) -> QuerySet[Vehicle]:
    return Vehicle.objects.filter(cooperative=cooperative, status=VehicleStatus.ACTIVE).order_by(
        "make", "model", "plate"
    )


# --- The week grid: cars × days ---------------------------------------------------------


@dataclass
class Slot:
    reservation: Reservation
    start: dt.datetime  # clipped to the day, local
    end: dt.datetime
    continues_before: bool
    continues_after: bool
    mine: bool
    block: bool
    label: str = ""  # "09:00–12:00", "…–12:00", "09:00–…": formatted here, the grid is big
    who: str = ""


@dataclass
class Cell:
    slots: list[Slot]
    day: dt.date
    # The cell's booking link ("2026-12-05T09:00" to two hours later); "" for a past day.
    book_start: str
    book_end: str
    book_query: str = ""  # "vehicle=3&starts_at=...&ends_at=...", built once here


@dataclass
class GridRow:
    vehicle: Vehicle
    days: list[list[Slot]] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)


@dataclass
class WeekGrid:
    start: dt.date
    days: list[dt.date]
    rows: list[GridRow]

    @property
    def previous(self) -> dt.date:
        return self.start - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.start + dt.timedelta(days=7)


def _midnight(day: dt.date) -> dt.datetime:
    # Local midnight, made aware in Europe/Amsterdam (a DST day has 23 or 25 hours).
    return dt.datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())


def week_grid(*, cooperative: Cooperative, start: dt.date, viewer: Member, days: int = 7) -> WeekGrid:
    """Every non-retired car of the cooperative against `days` days from `start`, with the
    active reservations (who booked them) in each day. Two queries."""
    day_list = [start + dt.timedelta(days=i) for i in range(days)]
    bounds = [_midnight(d) for d in [*day_list, day_list[-1] + dt.timedelta(days=1)]]
    vehicles = list(
        Vehicle.objects.filter(cooperative=cooperative)
        .exclude(status=VehicleStatus.RETIRED)
        .order_by("make", "model", "plate")
    )
    rows = {v.pk: GridRow(vehicle=v, days=[[] for _ in day_list]) for v in vehicles}
    reservations = (
        Reservation.objects.filter(
            cooperative=cooperative,
            status__in=ACTIVE_STATUSES,
            starts_at__lt=bounds[-1],
            ends_at__gt=bounds[0],
        )
        .select_related("member__user")
        # Only what a cell shows: parsing the other timestamps was much of the page's time.
        .only(
            "vehicle_id",
            "member_id",
            "starts_at",
            "ends_at",
            "kind",
            "member__user__first_name",
            "member__user__last_name",
            "member__user__email",
        )
        .order_by("starts_at", "pk")
    )
    for r in reservations:
        row = rows.get(r.vehicle_id)
        if row is None:
            continue
        who = r.member.user.first_name or r.member.name
        for i in range(days):
            lo, hi = bounds[i], bounds[i + 1]
            if r.starts_at < hi and r.ends_at > lo:
                start = timezone.localtime(max(r.starts_at, lo))
                end = timezone.localtime(min(r.ends_at, hi))
                before, after = r.starts_at < lo, r.ends_at > hi
                label = ("…" if before else "") + f"{start:%H:%M}–" + ("…" if after else f"{end:%H:%M}")
                row.days[i].append(
                    Slot(
                        reservation=r,
                        start=start,
                        end=end,
                        continues_before=before,
                        continues_after=after,
                        mine=r.member_id == viewer.pk,
                        block=r.is_maintenance,
                        label=label,
                        who=who,
                    )
                )
    links = _book_links(day_list)
    for row in rows.values():
        row.cells = [
            Cell(slots, day, start, end, f"vehicle={row.vehicle.pk}&starts_at={start}&ends_at={end}" if start else "")
            for slots, day, (start, end) in zip(row.days, day_list, links, strict=True)
        ]
    return WeekGrid(start=start, days=day_list, rows=list(rows.values()))


def due_battery_reminders(*, now: dt.datetime) -> list[int]:
    """Bookings of electric cars ending within their cooperative's charging-reminder time
    (ev_reminder_minutes) that got no reminder yet, where the rules set a battery minimum."""
    defaults = BookingRules()
    rules = {
        coop_id: (minutes, minimum)
        for coop_id, minutes, minimum in BookingRules.objects.values_list(
            "cooperative_id", "ev_reminder_minutes", "ev_min_battery_percent"
        )
    }
    longest = max([defaults.ev_reminder_minutes, *(m for m, _x in rules.values())])
    due = []
    for pk, coop_id, ends_at in Reservation.objects.filter(
        kind=ReservationKind.MEMBER,
        status=ReservationStatus.BOOKED,
        vehicle__fuel=Fuel.ELECTRIC,
        battery_reminder_sent_at__isnull=True,
        ends_at__gt=now,
        ends_at__lte=now + dt.timedelta(minutes=longest),
    ).values_list("pk", "cooperative_id", "ends_at"):
        minutes, minimum = rules.get(coop_id, (defaults.ev_reminder_minutes, defaults.ev_min_battery_percent))
        if minimum is not None and ends_at <= now + dt.timedelta(minutes=minutes):
            due.append(pk)
    return due


def extension_conflict(*, reservation: Reservation, ends_at: dt.datetime) -> BookingConflict | None:
    """Whether the car is taken between the booking's end and `ends_at` (its buffer
    included): the BookingConflict saying until when, else None. Reads only; the booking
    services decide under the car's lock."""
    vehicle = reservation.vehicle
    conflicts = list(
        overlapping(
            vehicle=vehicle,
            starts_at=reservation.ends_at,
            blocked_until=blocked_until_for(vehicle, ends_at),
            exclude_pk=reservation.pk,
        )
    )
    if not conflicts:
        return None
    return conflict_error(vehicle=vehicle, starts_at=reservation.ends_at, ends_at=ends_at, conflicts=conflicts)


# Where a week-grid cell's booking link starts: 09:00 that day, or the next quarter hour today.
DAY_START = dt.time(9)


def _book_links(days: list[dt.date]) -> list[tuple[str, str]]:
    now = timezone.localtime()
    links = []
    for day in days:
        if day < now.date():
            links.append(("", ""))
            continue
        start = _midnight(day) + dt.timedelta(hours=DAY_START.hour)
        if day == now.date():
            base = now.replace(second=0, microsecond=0)
            start = max(start, base + dt.timedelta(minutes=15 - base.minute % 15))
        start = timezone.localtime(start)
        links.append((f"{start:%Y-%m-%dT%H:%M}", f"{timezone.localtime(start + dt.timedelta(hours=2)):%Y-%m-%dT%H:%M}"))
    return links
