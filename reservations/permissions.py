"""Who may do what with reservations. Roles are data (members.permissions / members.permissions)."""

from __future__ import annotations

from members.models import Member, Role
from members.permissions import has_any_role, is_board
from vehicles.models import Vehicle

from .models import Reservation


def can_book(member: Member) -> bool:
    """Seeing the booking pages; whether the member may really book is
    members.services.member_assert_may_book (checked by the booking services)."""
    return member.is_active


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


def can_change_reservation(member: Member, reservation: Reservation) -> bool:
    """The member who booked (or, for a maintenance block, the car's caretaker) and the board."""
    if reservation.cooperative_id != member.cooperative_id or not member.is_active:
        return False
    if reservation.kind == "maintenance":
        return cares_for(member, reservation.vehicle)
    return reservation.member_id == member.pk or is_board(member)


def can_record_trip(member: Member, reservation: Reservation) -> bool:
    """Odometer readings, receipts and damage: the driver, the caretaker, the board."""
    if reservation.cooperative_id != member.cooperative_id or not member.is_active:
        return False
    return reservation.member_id == member.pk or cares_for(member, reservation.vehicle)


def can_mark_no_show(member: Member, reservation: Reservation) -> bool:
    return reservation.cooperative_id == member.cooperative_id and cares_for(member, reservation.vehicle)


def can_edit_rules(member: Member) -> bool:
    return is_board(member)


def can_see_all_reservations(member: Member) -> bool:
    return has_any_role(member, {Role.BOARD, Role.TREASURER, Role.AUDIT, Role.CARETAKER})
