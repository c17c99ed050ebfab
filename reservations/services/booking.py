"""Booking, changing and cancelling reservations.

Guarantee (DESIGN "Invariants"): no two active reservations of one vehicle overlap,
buffer included. Every write locks the vehicle row (vehicles.services.vehicle_lock) and
runs the rules the database cannot express under that lock; the PostgreSQL exclusion
constraint is the last line, its violation mapped to BookingConflict. On SQLite the
transaction is IMMEDIATE, so check and insert cannot interleave with another writer.

A new single booking on PostgreSQL is written by one statement (_insert_locking_car):
it locks the car row, checks again under that lock that the car may be booked, and
inserts the calendar event and the reservation. The member's rules are checked before
it (they never depended on the car's lock); the benchmark's throughput target needs the
round trips this saves (bench/README.md, "Booking").
"""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import contextmanager, nullcontext
from functools import cache

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from members.services import member_assert_may_book
from vehicles.models import Vehicle, VehicleStatus
from vehicles.services import vehicle_lock

from .. import calendar_sync, permissions
from ..availability import blocked_until_for, conflict_error, overlapping
from ..errors import BookingRuleViolation, ReservationError
from ..models import BookingRules, Reservation, ReservationKind, ReservationStatus
from ..rules import check_fair_use, check_timing, is_late_cancellation
from ..signals import reservation_cancelled

OVERLAP_CONSTRAINT = "reservation_no_overlap"


def rules_of(cooperative) -> BookingRules:
    """The cooperative's rules (defaults when it set none). Django caches the reverse
    one-to-one on the Cooperative instance, so a request (or a loop) asks only once."""
    try:
        return cooperative.booking_rules
    except BookingRules.DoesNotExist:
        return BookingRules(cooperative_id=cooperative.pk)


def _rules(cooperative_id: int) -> BookingRules:
    return BookingRules.objects.filter(cooperative_id=cooperative_id).first() or BookingRules(
        cooperative_id=cooperative_id
    )


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
def overlap_as_conflict(*, vehicle: Vehicle, starts_at: dt.datetime, ends_at: dt.datetime, exclude_pk=None):
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


def _save_checked(reservation: Reservation, vehicle: Vehicle, **save_kwargs) -> None:
    """Save in a savepoint; the PostgreSQL exclusion constraint becomes BookingConflict."""
    try:
        with transaction.atomic():
            reservation.save(**save_kwargs)
    except IntegrityError as exc:
        if not _is_overlap_violation(exc):
            raise
        conflicts = list(
            overlapping(
                vehicle=vehicle,
                starts_at=reservation.starts_at,
                blocked_until=reservation.blocked_until,
                exclude_pk=reservation.pk,
            )
        )
        raise conflict_error(
            vehicle=vehicle, starts_at=reservation.starts_at, ends_at=reservation.ends_at, conflicts=conflicts
        ) from exc


# Foreign keys set from rows this service just loaded (or locked): validating them again
# would cost a query each on the hot path.
LOADED_FKS = ["cooperative", "vehicle", "member", "calendar_event", "calendar_occurrence"]


def _clean(reservation: Reservation) -> None:
    # The uid is a fresh uuid4 and the check constraints are enforced by the database
    # (and checked above), so skip their extra queries too.
    reservation.full_clean(exclude=LOADED_FKS, validate_unique=False, validate_constraints=False)


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
    """The shared booking path (call inside a transaction). Member bookings go through the
    member's eligibility and the cooperative's rules; maintenance blocks only need a free car."""
    starts_at, ends_at = as_utc(starts_at), as_utc(ends_at)
    if member.cooperative_id != vehicle.cooperative_id:
        raise ReservationError(_("Deze auto hoort niet bij jouw coöperatie."))
    if starts_at >= ends_at:
        raise BookingRuleViolation(_("Het einde moet na het begin liggen."))
    now = now or timezone.now()  # `now` is only passed by the demo seeder (bookings made in the past)
    given_vehicle = vehicle
    # PostgreSQL, single booking: the car is locked by the statement that writes the
    # booking (see _insert_locking_car), where its status is checked again.
    one_statement = connection.vendor == "postgresql" and calendar_event is None
    if not one_statement:
        vehicle = vehicle_lock(vehicle=vehicle)
    if kind == ReservationKind.MEMBER:
        member_assert_may_book(member=member, on=timezone.localtime(ends_at).date())
        if vehicle.status != VehicleStatus.ACTIVE:
            raise _not_bookable(vehicle)
        rules = rules_of(member.cooperative)
        check_timing(rules=rules, starts_at=starts_at, ends_at=ends_at, now=now)
        check_fair_use(rules=rules, member=member, starts_at=starts_at, ends_at=ends_at, now=now)
    if connection.vendor != "postgresql":
        # SQLite: this check, inside the IMMEDIATE transaction, is the guard. PostgreSQL:
        # the exclusion constraint is, and overlap_as_conflict words its violation.
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
    )
    if one_statement:
        _clean(reservation)
        event = calendar_sync.event_unsaved(reservation, vehicle=given_vehicle)
        if not _insert_locking_car(reservation, event, require_active=kind == ReservationKind.MEMBER):
            raise _not_bookable(Vehicle.objects.get(pk=vehicle.pk))
        return reservation
    reservation.calendar_event = calendar_event or calendar_sync.event_for_new(reservation, vehicle=given_vehicle)
    _clean(reservation)
    reservation.save()
    return reservation


def _not_bookable(vehicle: Vehicle) -> BookingRuleViolation:
    return BookingRuleViolation(
        _("%(car)s is nu niet te reserveren (%(status)s).")
        % {"car": vehicle.nickname or vehicle.plate, "status": vehicle.get_status_display().lower()}
    )


@cache
def _insert_shape(model) -> tuple[str, tuple, tuple[str, ...]]:
    """For a model: "INSERT INTO t (cols)", its fields and each column's SQL type (the
    same columns Django's own INSERT writes: every concrete field but the auto id)."""
    opts = model._meta
    fields = tuple(f for f in opts.local_concrete_fields if f is not opts.auto_field)
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    return head, fields, tuple(f.cast_db_type(connection) for f in fields)


def _insert_parts(obj, replace: dict[str, str]) -> tuple[str, list[str], list]:
    """The INSERT of `obj` as Django would write it, taken apart: the head, one typed
    placeholder per column (or the SQL in `replace` for a column) and the values, prepared
    as Model.save() prepares them (auto_now dates, defaults, database types)."""
    head, fields, casts = _insert_shape(type(obj))
    values, params = [], []
    for field, cast in zip(fields, casts, strict=True):
        if field.column in replace:
            values.append(replace[field.column])
        else:
            values.append(f"CAST(%s AS {cast})")
            params.append(field.get_db_prep_save(field.pre_save(obj, add=True), connection=connection))
    return head, values, params


def _insert_locking_car(reservation: Reservation, event, *, require_active: bool) -> bool:
    """PostgreSQL: lock the car, insert the calendar event and the reservation in one
    statement (one round trip instead of five; the benchmark's throughput target). The
    rows are written only when the car row is there (and active, for a member's booking)
    under the lock; False otherwise. The exclusion constraint still refuses an overlap."""
    ev_head, ev_values, ev_params = _insert_parts(event, {})
    res_head, res_values, res_params = _insert_parts(reservation, {"calendar_event_id": "ev.id"})
    status = " AND status = %s" if require_active else ""
    # Only table and column names and typed placeholders are put together here: every
    # value goes as a parameter.
    car = f"SELECT id FROM {Vehicle._meta.db_table} WHERE id = %s{status} FOR UPDATE"  # noqa: S608
    ev = f"{ev_head} SELECT {', '.join(ev_values)} FROM car RETURNING id"  # noqa: S608
    res = f"{res_head} SELECT {', '.join(res_values)} FROM ev RETURNING id, calendar_event_id"  # noqa: S608
    statement = f"WITH car AS ({car}), ev AS ({ev}) {res}"
    params = [reservation.vehicle_id, *([VehicleStatus.ACTIVE] if require_active else []), *ev_params, *res_params]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        return False
    reservation.pk, event.pk = row
    for obj in (event, reservation):
        obj._state.adding = False
        obj._state.db = connection.alias
    reservation.calendar_event = event
    return True


def reservation_create(
    *, member: Member, vehicle: Vehicle, starts_at: dt.datetime, ends_at: dt.datetime, note: str = ""
) -> Reservation:
    """Book `vehicle` for `member` from `starts_at` to `ends_at`.

    Guarantees: the member may book (members.services.member_assert_may_book), the
    cooperative's rules hold (BookingRuleViolation otherwise), and the car with its buffer
    is free (BookingConflict, saying until when it is taken and which cars are free, otherwise)
    even under concurrent bookings. The vehicle's schedule calendar gets an event. One
    transaction (a savepoint inside an outer one).
    """
    # On PostgreSQL one statement writes the booking (car lock, event, reservation), which
    # is atomic by itself: outside a transaction no BEGIN/COMMIT round trips are needed.
    # Inside one, a savepoint keeps a refused booking from spoiling the caller's work.
    alone = connection.vendor == "postgresql" and not connection.in_atomic_block
    with (
        overlap_as_conflict(vehicle=vehicle, starts_at=starts_at, ends_at=ends_at),
        nullcontext() if alone else transaction.atomic(),
    ):
        return book(member=member, vehicle=vehicle, starts_at=starts_at, ends_at=ends_at, note=note)


def maintenance_block_create(
    *, vehicle: Vehicle, by: Member, starts_at: dt.datetime, ends_at: dt.datetime, note: str = ""
) -> Reservation:
    """Block a car for maintenance (a reservation of kind MAINTENANCE by the caretaker or
    the board). Booking rules do not apply; the car must be free."""
    if not permissions.cares_for(by, vehicle):
        raise PermissionDenied
    with overlap_as_conflict(vehicle=vehicle, starts_at=starts_at, ends_at=ends_at), transaction.atomic():
        return book(
            member=by,
            vehicle=vehicle,
            starts_at=starts_at,
            ends_at=ends_at,
            kind=ReservationKind.MAINTENANCE,
            note=note,
        )


def _locked(reservation: Reservation) -> tuple[Reservation, Vehicle]:
    """Lock the car, then re-read the reservation under that lock."""
    vehicle = vehicle_lock(vehicle=reservation.vehicle)
    fresh = Reservation.objects.select_related("member__user", "vehicle").get(pk=reservation.pk)
    return fresh, vehicle


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def reservation_change(
    *, reservation: Reservation, starts_at: dt.datetime, ends_at: dt.datetime, by: Member
) -> Reservation:
    """Move, extend or shorten a booking. Shortening (same start, earlier end) is always
    allowed; anything else is checked like a new booking (rules, free car). Once a booking
    has begun its start cannot move. SEQUENCE is bumped for calendar clients."""
    starts_at, ends_at = as_utc(starts_at), as_utc(ends_at)
    r, vehicle = _locked(reservation)
    _require(permissions.can_change_reservation(by, r))
    if r.status != ReservationStatus.BOOKED:
        raise ReservationError(_("Deze reservering kan niet meer worden gewijzigd."))
    if starts_at >= ends_at:
        raise BookingRuleViolation(_("Het einde moet na het begin liggen."))
    now = timezone.now()
    if r.starts_at <= now and starts_at != r.starts_at:
        raise ReservationError(_("Deze reservering is al begonnen; alleen het einde kan nog veranderen."))
    shorten_only = starts_at == r.starts_at and ends_at <= r.ends_at
    if not shorten_only:
        if r.kind == ReservationKind.MEMBER:
            member_assert_may_book(member=r.member, on=timezone.localtime(ends_at).date())
            rules = _rules(r.cooperative_id)
            check_timing(rules=rules, starts_at=starts_at, ends_at=ends_at, now=now, new_start=starts_at != r.starts_at)
            check_fair_use(rules=rules, member=r.member, starts_at=starts_at, ends_at=ends_at, now=now, exclude_pk=r.pk)
        _assert_free(vehicle=vehicle, starts_at=starts_at, ends_at=ends_at, exclude_pk=r.pk)
    r.starts_at, r.ends_at = starts_at, ends_at
    r.blocked_until = blocked_until_for(vehicle, ends_at)
    r.sequence += 1
    _clean(r)
    _save_checked(r, vehicle)
    calendar_sync.sync_changed(r)
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
    marks a late cancellation per the rules, and sends `reservation_cancelled`."""
    r, _vehicle = _locked(reservation)
    _require(permissions.can_change_reservation(by, r))
    if r.status != ReservationStatus.BOOKED:
        raise ReservationError(_("Deze reservering is al geannuleerd of afgesloten."))
    now = now or timezone.now()  # `now` is only passed by the demo seeder
    if r.kind == ReservationKind.MEMBER and r.starts_at <= now:
        raise ReservationError(
            _("Deze reservering is al begonnen en kan niet meer worden geannuleerd; kort hem in plaats daarvan in.")
        )
    if r.kind == ReservationKind.MEMBER:
        r.late_cancellation = is_late_cancellation(rules=_rules(r.cooperative_id), starts_at=r.starts_at, now=now)
    r.status = ReservationStatus.CANCELLED
    r.cancelled_at = now
    r.sequence += 1
    _clean(r)
    r.save()
    calendar_sync.sync_changed(r)
    reservation_cancelled.send(sender=Reservation, reservation=r)
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
    r, vehicle = _locked(reservation)
    _require(permissions.can_record_trip(by, r))
    if r.kind != ReservationKind.MEMBER or r.status != ReservationStatus.BOOKED:
        raise ReservationError(_("Van deze reservering kan de terugkomst niet (meer) worden vastgelegd."))
    if returned_at <= r.starts_at:
        raise ReservationError(_("De auto kan niet voor het begin van de reservering zijn teruggebracht."))
    if returned_at > timezone.now() + dt.timedelta(minutes=5):
        raise ReservationError(_("Dat tijdstip ligt in de toekomst; verleng dan de reservering."))
    late_for: list[Reservation] = []
    if returned_at <= r.ends_at:
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
            late_for = [
                c
                for c in conflicts
                if c.kind == ReservationKind.MEMBER
                and c.status == ReservationStatus.BOOKED
                and c.member_id != r.member_id
            ]
        else:
            r.ends_at = returned_at
    r.returned_at = returned_at
    r.blocked_until = blocked_until_for(vehicle, r.ends_at)
    r.sequence += 1
    _clean(r)
    _save_checked(r, vehicle)
    calendar_sync.sync_changed(r)
    if late_for:
        from ..tasks import notify_late_return_task

        for other in late_for:
            transaction.on_commit(
                lambda o=other.pk, late=r.pk: notify_late_return_task.delay(reservation_id=o, late_reservation_id=late)
            )
    return r


@transaction.atomic
def reservation_mark_no_show(*, reservation: Reservation, by: Member) -> Reservation:
    """The caretaker marks a booking that was not driven. The slot stays taken (it was)."""
    r, _vehicle = _locked(reservation)
    _require(permissions.can_mark_no_show(by, r))
    if r.kind != ReservationKind.MEMBER or r.status != ReservationStatus.BOOKED:
        raise ReservationError(_("Alleen een geboekte rit kan als niet gebruikt worden gemarkeerd."))
    if r.starts_at > timezone.now():
        raise ReservationError(_("Deze reservering is nog niet begonnen."))
    if hasattr(r, "trip"):
        raise ReservationError(_("Op deze reservering is al gereden."))
    r.status = ReservationStatus.NO_SHOW
    r.sequence += 1
    _clean(r)
    r.save()
    calendar_sync.sync_changed(r)
    return r
