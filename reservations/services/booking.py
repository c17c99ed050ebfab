"""Booking, changing and cancelling reservations.

Guarantee (DESIGN "Invariants"): no two active reservations of one vehicle overlap,
buffer included. Every write locks the vehicle row first (vehicles.services.vehicle_lock,
then reservations.locks for the app's own rows), and under that lock checks that the car
is free (the friendly check that says until when it is taken) and the rules the database
cannot express, then writes. On PostgreSQL the exclusion constraint is the last word (its
violation becomes BookingConflict); on SQLite the transaction is IMMEDIATE, so check and
insert cannot interleave with another writer. One path on both databases.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.formats import format_span
from deel.mail import after_commit
from members.models import Member
from members.permissions import acting_driver
from members.services import member_assert_may_book
from vehicles.models import Vehicle
from vehicles.services import vehicle_lock

from .. import calendar_sync, keys, locks, permissions, selectors, signals
from ..availability import blocked_until_for, conflict_error, overlapping
from ..errors import BookingRuleViolation, ReservationError
from ..models import (
    BLOCK_KINDS,
    Reservation,
    ReservationEvent,
    ReservationEventKind,
    ReservationKind,
    ReservationStatus,
)
from ..rules import check_fair_use, check_timing
from ..tasks import notify_late_return_task, waitlist_scan_task

OVERLAP_CONSTRAINT = "reservation_no_overlap"


def as_utc(value: dt.datetime) -> dt.datetime:
    """Aware datetime in UTC. Python subtracts two datetimes of the same zone on the wall
    clock, so durations across a daylight-saving change are only right in UTC."""
    if timezone.is_naive(value):
        raise ValueError("Booking times must be aware datetimes.")
    return value.astimezone(dt.UTC)


def _is_overlap_violation(exc: IntegrityError) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == "23P01" or OVERLAP_CONSTRAINT in str(exc)


def _assert_free(*, vehicle: Vehicle, starts_at, ends_at, exclude_pk: int | None = None) -> None:
    """The friendly pre-check under the car's lock: BookingConflict saying until when."""
    conflicts = list(
        overlapping(
            vehicle=vehicle,
            starts_at=starts_at,
            blocked_until=blocked_until_for(vehicle, ends_at),
            exclude_pk=exclude_pk,
        )
    )
    if conflicts:
        raise conflict_error(vehicle=vehicle, starts_at=starts_at, ends_at=ends_at, conflicts=conflicts)


@contextmanager
def overlap_as_conflict(
    *, vehicle: Vehicle, starts_at: dt.datetime, ends_at: dt.datetime, exclude_pk: int | None = None
) -> Iterator[None]:
    """Turn the PostgreSQL exclusion constraint's violation into BookingConflict. Wrap it
    around the transaction (or savepoint) that failed: the message needs queries."""
    try:
        yield
    except IntegrityError as exc:
        if not _is_overlap_violation(exc):
            raise
        conflicts = list(
            overlapping(
                vehicle=vehicle,
                starts_at=as_utc(starts_at),
                blocked_until=blocked_until_for(vehicle, as_utc(ends_at)),
                exclude_pk=exclude_pk,
            )
        )
        raise conflict_error(
            vehicle=vehicle, starts_at=as_utc(starts_at), ends_at=as_utc(ends_at), conflicts=conflicts
        ) from exc


def _save_checked(reservation: Reservation, vehicle: Vehicle) -> None:
    """Save in a savepoint; the PostgreSQL exclusion constraint becomes BookingConflict."""
    with (
        overlap_as_conflict(
            vehicle=vehicle, starts_at=reservation.starts_at, ends_at=reservation.ends_at, exclude_pk=reservation.pk
        ),
        transaction.atomic(),
    ):
        reservation.save()


# Foreign keys set from rows this service just loaded (or locked): validating them again
# would cost a query each on the hot path.
LOADED_FKS = ["cooperative", "vehicle", "member", "calendar_event", "calendar_occurrence", "driver"]


def _clean(reservation: Reservation) -> None:
    # The uid is a fresh uuid4 and the check constraints are enforced by the database
    # (and checked above), so skip their extra queries too.
    reservation.full_clean(exclude=LOADED_FKS, validate_unique=False, validate_constraints=False)


def record_event(
    reservation: Reservation, kind: str, *, by: Member, at: dt.datetime | None = None, note: str = ""
) -> None:
    """Append the reservation's history (who did what when); never changed afterwards."""
    ReservationEvent.objects.create(reservation=reservation, kind=kind, by=by, at=at or timezone.now(), note=note)


def _span(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    return format_span(starts_at, ends_at)


def _not_bookable(vehicle: Vehicle) -> BookingRuleViolation:
    return BookingRuleViolation(
        _("%(car)s is nu niet te reserveren (%(status)s).")
        % {
            "car": f"{vehicle.short_name} ({vehicle.plate})",
            "status": vehicle.get_status_display().lower(),
        }
    )


def book(
    *,
    member: Member,
    vehicle: Vehicle,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    kind: str = ReservationKind.MEMBER,
    note: str = "",
    series: uuid.UUID | None = None,
    calendar_event=None,
    now: dt.datetime | None = None,
) -> Reservation:
    """The one booking path (call inside a transaction, wrapped in overlap_as_conflict):
    lock the car, check that members may book it and the member's eligibility and the
    cooperative's rules (member bookings only; a maintenance block only needs a free car),
    check that it is free, insert. `now`: when the booking is made (the demo books in the past)."""
    starts_at, ends_at = as_utc(starts_at), as_utc(ends_at)
    if member.cooperative_id != vehicle.cooperative_id:
        raise ReservationError(_("Deze auto hoort niet bij jouw coöperatie."))
    if starts_at >= ends_at:
        raise BookingRuleViolation(_("Het einde moet na het begin liggen."))
    now = now or timezone.now()
    given_vehicle = vehicle  # the caller's instance carries the cached calendar id
    vehicle = vehicle_lock(vehicle=vehicle)  # fresh under the lock: its status as of now
    if kind == ReservationKind.MEMBER:
        member_assert_may_book(member=member, on=timezone.localtime(ends_at).date())
        if not permissions.is_bookable(vehicle):
            raise _not_bookable(vehicle)
        rules = selectors.booking_rules_for(member.cooperative)
        check_timing(rules=rules, starts_at=starts_at, ends_at=ends_at, now=now)
        check_fair_use(rules=rules, member=member, starts_at=starts_at, ends_at=ends_at, now=now)
    _assert_free(vehicle=vehicle, starts_at=starts_at, ends_at=ends_at)
    reservation = Reservation(
        cooperative_id=vehicle.cooperative_id,
        vehicle=vehicle,
        member=member,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        blocked_until=blocked_until_for(vehicle, ends_at),
        note=note,
        series=series,
        driver=acting_driver(member),
    )
    reservation.calendar_event = calendar_event or calendar_sync.event_for_new(reservation, vehicle=given_vehicle)
    _clean(reservation)
    reservation.save()
    return reservation


def reservation_create(
    *,
    member: Member,
    vehicle: Vehicle,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    note: str = "",
    now: dt.datetime | None = None,
) -> Reservation:
    """Book `vehicle` for `member` from `starts_at` to `ends_at`.

    Guarantees: the member may book (members.services.member_assert_may_book), the
    cooperative's rules hold (BookingRuleViolation otherwise), and the car with its buffer
    is free (BookingConflict, saying until when it is taken and which cars are free, otherwise)
    even under concurrent bookings. The vehicle's schedule calendar gets an event. One
    transaction (a savepoint inside an outer one). `now`: when the booking is made (default:
    now; the demo passes a moment in the past).
    """
    with overlap_as_conflict(vehicle=vehicle, starts_at=starts_at, ends_at=ends_at), transaction.atomic():
        return book(member=member, vehicle=vehicle, starts_at=starts_at, ends_at=ends_at, note=note, now=now)


def maintenance_block_create(
    *,
    vehicle: Vehicle,
    by: Member,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    note: str = "",
    kind: str = ReservationKind.MAINTENANCE,
) -> Reservation:
    """Block a car for maintenance, or an electric car for charging between bookings (a
    reservation of kind MAINTENANCE or CHARGING by the caretaker or the board, who is its
    member: the actor is on the row). Booking rules do not apply; the car must be free
    (the overlap rules and the database constraint hold for blocks like for bookings)."""
    if not permissions.cares_for(by, vehicle):
        raise PermissionDenied
    if kind not in BLOCK_KINDS:
        raise ReservationError(_("Kies onderhoud of laden als reden van de blokkade."))
    if kind == ReservationKind.CHARGING and not permissions.can_block_for_charging(vehicle):
        raise ReservationError(_("Alleen een elektrische auto kan worden geblokkeerd om te laden."))
    with overlap_as_conflict(vehicle=vehicle, starts_at=starts_at, ends_at=ends_at), transaction.atomic():
        return book(
            member=by,
            vehicle=vehicle,
            starts_at=starts_at,
            ends_at=ends_at,
            kind=kind,
            note=note,
        )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def reservation_change(
    *, reservation: Reservation, starts_at: dt.datetime, ends_at: dt.datetime, by: Member
) -> Reservation:
    """Move, extend or shorten a booking. Shortening (same start, earlier end) is always
    allowed; anything else is checked like a new booking (rules, free car). Once a booking
    has begun its start cannot move (permissions.editable_fields). SEQUENCE is bumped for
    calendar clients; the change is recorded with who made it."""
    starts_at, ends_at = as_utc(starts_at), as_utc(ends_at)
    r, vehicle = locks.reservation_with_car_lock(reservation=reservation)
    _require(permissions.can_change_reservation(by, r))
    if not permissions.can_change(by, r):
        raise ReservationError(_("Deze reservering kan niet meer worden gewijzigd."))
    if starts_at >= ends_at:
        raise BookingRuleViolation(_("Het einde moet na het begin liggen."))
    now = timezone.now()
    if starts_at != r.starts_at and "starts_at" not in permissions.editable_fields(r, now):
        raise ReservationError(_("Deze reservering is al begonnen; alleen het einde kan nog veranderen."))
    shorten_only = starts_at == r.starts_at and ends_at <= r.ends_at
    if not shorten_only:
        if not r.is_maintenance:
            booker = r.member
            if r.driver_id is not None:  # a household's extra driver: their own licence counts
                booker.acting_driver = r.driver  # type: ignore[attr-defined]  # see members.permissions
            member_assert_may_book(member=booker, on=timezone.localtime(ends_at).date())
            rules = selectors.booking_rules_for(r.cooperative)
            check_timing(rules=rules, starts_at=starts_at, ends_at=ends_at, now=now, new_start=starts_at != r.starts_at)
            check_fair_use(rules=rules, member=r.member, starts_at=starts_at, ends_at=ends_at, now=now, exclude_pk=r.pk)
        _assert_free(vehicle=vehicle, starts_at=starts_at, ends_at=ends_at, exclude_pk=r.pk)
    before = _span(r.starts_at, r.ends_at)
    old_start, old_end = r.starts_at, r.ends_at
    r.starts_at, r.ends_at = starts_at, ends_at
    r.blocked_until = blocked_until_for(vehicle, ends_at)
    r.sequence += 1
    _clean(r)
    _save_checked(r, vehicle)
    calendar_sync.sync_changed(r)
    record_event(r, ReservationEventKind.CHANGED, by=by, at=now, note=f"{before} → {_span(starts_at, ends_at)}")
    if not r.is_maintenance and (starts_at != old_start or ends_at < old_end):
        # The code of the old times no longer fits (moved or shortened): off the box.
        keys.revoke(r, reason=_("gewijzigd"), by=by, starts_at=old_start, ends_at=old_end, now=now)
    if old_start < starts_at or ends_at < old_end:
        # Part of the old time is free now (who waits for it is told).
        after_commit(waitlist_scan_task, cooperative_id=r.cooperative_id)
    return r


@transaction.atomic
def reservation_extend(*, reservation: Reservation, ends_at: dt.datetime, by: Member) -> Reservation:
    """Later end, also while the trip is under way: allowed when the car is free."""
    if ends_at <= reservation.ends_at:
        raise ReservationError(_("Kies voor verlengen een later einde."))
    return reservation_change(reservation=reservation, starts_at=reservation.starts_at, ends_at=ends_at, by=by)


@transaction.atomic
def reservation_shorten(*, reservation: Reservation, ends_at: dt.datetime, by: Member) -> Reservation:
    """Earlier end: always allowed (the end stays after the start)."""
    if ends_at >= reservation.ends_at:
        raise ReservationError(_("Kies voor inkorten een eerder einde."))
    return reservation_change(reservation=reservation, starts_at=reservation.starts_at, ends_at=ends_at, by=by)


@transaction.atomic
def reservation_cancel(*, reservation: Reservation, by: Member, now: dt.datetime | None = None) -> Reservation:
    """Cancel a booking that has not begun (a maintenance block: any time). Frees the slot,
    marks a late cancellation per the rules, and records who cancelled. `now`: when it is
    cancelled (default: now; the demo cancels in the past)."""
    r, _vehicle = locks.reservation_with_car_lock(reservation=reservation)
    _require(permissions.can_change_reservation(by, r))
    if not r.is_booked:
        raise ReservationError(_("Deze reservering is al geannuleerd of afgesloten."))
    now = now or timezone.now()
    if not permissions.cancellable_at(r, now):
        raise ReservationError(
            _("Deze reservering is al begonnen en kan niet meer worden geannuleerd; kort hem in plaats daarvan in.")
        )
    rules = selectors.booking_rules_for(r.cooperative)
    r.late_cancellation = permissions.is_late_cancellation(r, rules=rules, now=now)
    r.status = ReservationStatus.CANCELLED
    r.cancelled_at = now
    r.sequence += 1
    _clean(r)
    r.save()
    calendar_sync.sync_changed(r)
    record_event(r, ReservationEventKind.CANCELLED, by=by, at=now)
    if not r.is_maintenance:
        keys.revoke(r, reason=_("geannuleerd"), by=by, starts_at=r.starts_at, ends_at=r.ends_at, now=now)
    after_commit(waitlist_scan_task, cooperative_id=r.cooperative_id)  # who waits for a car is told
    if r.late_cancellation and rules.late_cancellation_fee_cents:
        signals.late_cancellation.send(sender=Reservation, reservation=r, fee_cents=rules.late_cancellation_fee_cents)
    return r


@transaction.atomic
def reservation_set_return(*, reservation: Reservation, returned_at: dt.datetime, by: Member) -> Reservation:
    """Record when the car really came back.

    Earlier than booked: the booking is shortened. Later: the booking is extended when the
    car is free; when that would overlap the next booking, the booked end stays, the
    reservation is recorded as returned late and each member whose booking it overlaps is
    notified (queued after commit).
    """
    returned_at = as_utc(returned_at)
    r, vehicle = locks.reservation_with_car_lock(reservation=reservation)
    _require(permissions.can_record_trip(by, r))
    if not permissions.is_open_trip_booking(r):
        raise ReservationError(_("Van deze reservering kan de terugkomst niet (meer) worden vastgelegd."))
    if returned_at <= r.starts_at:
        raise ReservationError(_("De auto kan niet voor het begin van de reservering zijn teruggebracht."))
    if returned_at > timezone.now() + dt.timedelta(minutes=5):
        raise ReservationError(_("Dat tijdstip ligt in de toekomst; verleng dan de reservering."))
    late_for: list[Reservation] = []
    booked_end = r.ends_at
    if returned_at <= r.ends_at:
        if returned_at < r.ends_at:  # back early: the code of the booked times is revoked
            keys.revoke(r, reason=_("eerder teruggebracht"), by=by, starts_at=r.starts_at, ends_at=r.ends_at)
        r.ends_at = returned_at
    else:
        conflicts = list(
            overlapping(
                vehicle=vehicle,
                starts_at=r.starts_at,
                blocked_until=blocked_until_for(vehicle, returned_at),
                exclude_pk=r.pk,
            )
        )
        if conflicts:
            r.returned_late = True
            late_for = [c for c in conflicts if permissions.is_open_trip_booking(c) and c.member_id != r.member_id]
        else:
            r.ends_at = returned_at
    r.returned_at = returned_at
    r.blocked_until = blocked_until_for(vehicle, r.ends_at)
    r.sequence += 1
    _clean(r)
    _save_checked(r, vehicle)
    calendar_sync.sync_changed(r)
    record_event(r, ReservationEventKind.RETURN_RECORDED, by=by, note=_span(r.starts_at, returned_at))
    if returned_at > booked_end:
        signals.returned_late.send(sender=Reservation, reservation=r, booked_end=booked_end, returned_at=returned_at)
    elif returned_at < booked_end:
        after_commit(waitlist_scan_task, cooperative_id=r.cooperative_id)
    for other in late_for:
        after_commit(notify_late_return_task, reservation_id=other.pk, late_reservation_id=r.pk)
    return r


@transaction.atomic
def reservation_mark_no_show(*, reservation: Reservation, by: Member) -> Reservation:
    """The caretaker marks a booking that was not driven. The slot stays taken (it was)."""
    r, _vehicle = locks.reservation_with_car_lock(reservation=reservation)
    _require(permissions.cares_for_reservation(by, r))
    now = timezone.now()
    if not permissions.is_open_trip_booking(r):
        raise ReservationError(_("Alleen een geboekte rit kan als niet gebruikt worden gemarkeerd."))
    if not permissions.has_begun(r, now):
        raise ReservationError(_("Deze reservering is nog niet begonnen."))
    if permissions.has_trip(r):
        raise ReservationError(_("Op deze reservering is al gereden."))
    r.status = ReservationStatus.NO_SHOW
    r.sequence += 1
    _clean(r)
    r.save()
    calendar_sync.sync_changed(r)
    record_event(r, ReservationEventKind.NO_SHOW, by=by, at=now)
    signals.no_show_marked.send(sender=Reservation, reservation=r, by=by)
    return r
