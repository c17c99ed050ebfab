"""Who may do what with reservations, and in which state. Roles are data (members.permissions).

Two kinds of predicate. "Who" (`can_change_reservation`, `can_record_trip`,
`cares_for_reservation`): may this member act on this reservation at all (a view answers
403 otherwise). "What now" (`can_cancel`, `can_mark_no_show`, `editable_fields` ...): may
it be done in the reservation's present state. The services check both (PermissionDenied
for the first, a ReservationError with the reason for the second, built from the same
smaller predicates); views pass the results to the templates as booleans.
"""

from __future__ import annotations

import datetime as dt

from members.models import Member, Role
from members.permissions import has_any_role, is_board
from vehicles.models import Fuel, Vehicle, VehicleStatus

from .models import BookingRules, Reservation, Trip

# What a member may still change of a booking: both times before it begins, once it has
# begun only the end (extend or shorten a trip under way).
EDITABLE_BEFORE_START = ("starts_at", "ends_at")
EDITABLE_ONCE_BEGUN = ("ends_at",)


def can_book(member: Member) -> bool:
    """Seeing the booking pages; whether the member may really book is
    members.services.member_assert_may_book (checked by the booking services)."""
    return member.is_active


def is_bookable(vehicle: Vehicle) -> bool:
    """Members may book the car (it is not in maintenance or retired)."""
    return vehicle.status == VehicleStatus.ACTIVE


def can_block_for_charging(vehicle: Vehicle) -> bool:
    """A charging block is for electric cars."""
    return vehicle.fuel == Fuel.ELECTRIC


def cares_for(member: Member, vehicle: Vehicle) -> bool:
    """The car's own caretaker, or the board."""
    return (member.is_active and vehicle.caretaker_id == member.pk) or is_board(member)


def can_see_reservation(member: Member, reservation: Reservation) -> bool:
    if reservation.cooperative_id != member.cooperative_id:
        return False
    return (
        reservation.member_id == member.pk
        or reservation.vehicle.caretaker_id == member.pk
        or has_any_role(member, {Role.BOARD, Role.TREASURER, Role.AUDIT})
    )


def can_see_all_reservations(member: Member) -> bool:
    return has_any_role(member, {Role.BOARD, Role.TREASURER, Role.AUDIT, Role.CARETAKER})


def can_edit_rules(member: Member) -> bool:
    return is_board(member)


# --- Who --------------------------------------------------------------------------------


def can_change_reservation(member: Member, reservation: Reservation) -> bool:
    """The member who booked (or, for a maintenance block, the car's caretaker) and the board."""
    if reservation.cooperative_id != member.cooperative_id or not member.is_active:
        return False
    if reservation.is_maintenance:
        return cares_for(member, reservation.vehicle)
    return reservation.member_id == member.pk or is_board(member)


def can_record_trip(member: Member, reservation: Reservation) -> bool:
    """Odometer readings, receipts and damage: the driver, the caretaker, the board."""
    if reservation.cooperative_id != member.cooperative_id or not member.is_active:
        return False
    return reservation.member_id == member.pk or cares_for(member, reservation.vehicle)


def cares_for_reservation(member: Member, reservation: Reservation) -> bool:
    """The caretaker of the reservation's car (or the board), in the same cooperative."""
    return reservation.cooperative_id == member.cooperative_id and cares_for(member, reservation.vehicle)


# --- State ------------------------------------------------------------------------------


def has_begun(reservation: Reservation, now: dt.datetime) -> bool:
    return reservation.starts_at <= now


def editable_fields(reservation: Reservation, now: dt.datetime) -> tuple[str, ...]:
    """The times of a booking that may still change (see EDITABLE_BEFORE_START)."""
    return EDITABLE_ONCE_BEGUN if has_begun(reservation, now) else EDITABLE_BEFORE_START


def can_change(member: Member, reservation: Reservation) -> bool:
    """Change the times (move, extend, shorten): a booking still booked, by who may change it."""
    return reservation.is_booked and can_change_reservation(member, reservation)


def can_extend(member: Member, reservation: Reservation) -> bool:
    """A later end: also while the trip is under way (when the car is free after it)."""
    return can_change(member, reservation)


def cancellable_at(reservation: Reservation, now: dt.datetime) -> bool:
    """A member's booking until it begins; a maintenance block at any time."""
    return reservation.is_maintenance or not has_begun(reservation, now)


def can_cancel(member: Member, reservation: Reservation, now: dt.datetime) -> bool:
    return can_change(member, reservation) and cancellable_at(reservation, now)


def is_late_cancellation(reservation: Reservation, *, rules: BookingRules, now: dt.datetime) -> bool:
    """A member's booking cancelled within the rules' notice (late_cancellation_hours)."""
    if reservation.is_maintenance:
        return False
    return reservation.starts_at - now < dt.timedelta(hours=rules.late_cancellation_hours)


def is_open_trip_booking(reservation: Reservation) -> bool:
    """A member's booking still booked: one that can get a trip, a return time, a no-show."""
    return not reservation.is_maintenance and reservation.is_booked


def has_trip(reservation: Reservation) -> bool:
    return hasattr(reservation, "trip")


def can_mark_no_show(member: Member, reservation: Reservation, now: dt.datetime) -> bool:
    """The caretaker, after the start, of a booking that was not driven."""
    return (
        cares_for_reservation(member, reservation)
        and is_open_trip_booking(reservation)
        and has_begun(reservation, now)
        and not has_trip(reservation)
    )


def can_start_trip(member: Member, reservation: Reservation) -> bool:
    """Record the odometer at the start (how early is the service's to say)."""
    return can_record_trip(member, reservation) and is_open_trip_booking(reservation) and not has_trip(reservation)


def can_end_trip(member: Member, trip: Trip) -> bool:
    """Record the odometer at the end of a trip that has none yet."""
    return can_record_trip(member, trip.reservation) and trip.odometer_end_km is None


def can_set_return(member: Member, reservation: Reservation, now: dt.datetime) -> bool:
    """Record when the car really came back (earlier or later than booked)."""
    return can_record_trip(member, reservation) and is_open_trip_booking(reservation) and has_begun(reservation, now)


def can_see_key_code(member: Member, reservation: Reservation) -> bool:
    """The key-box code of a booking: only its own member, only while it is booked (a
    cancelled or finished booking shows none). Never the caretaker or the board: they
    manage the box, they do not open it on someone else's code."""
    return (
        reservation.cooperative_id == member.cooperative_id
        and member.is_active
        and reservation.member_id == member.pk
        and is_open_trip_booking(reservation)
    )
