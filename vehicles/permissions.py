"""Who may do what with the cars. Roles are data: each rule names the roles it allows.

The matrix is tested in tests/vehicles/test_permissions.py.
"""

from members.models import Member, Role
from members.permissions import has_any_role, is_member

from .models import Vehicle


def is_caretaker_of(member: Member, vehicle: Vehicle) -> bool:
    return vehicle.caretaker_id == member.pk


def can_see_pool(member: Member) -> bool:
    return is_member(member)


def can_add_vehicle(member: Member) -> bool:
    return member.is_active and has_any_role(member, {Role.BOARD})


def can_edit_vehicle(member: Member, vehicle: Vehicle) -> bool:
    """The caretaker of that car and the board."""
    return member.is_active and (is_caretaker_of(member, vehicle) or has_any_role(member, {Role.BOARD}))


def can_see_documents(member: Member, vehicle: Vehicle) -> bool:
    """Insurance policies and registration papers: the car's caretaker, board, treasurer.
    Other members only see whether the papers are in order."""
    return is_caretaker_of(member, vehicle) or has_any_role(member, {Role.BOARD, Role.TREASURER})


def can_upload_documents(member: Member, vehicle: Vehicle) -> bool:
    return member.is_active and can_see_documents(member, vehicle)


def can_see_expiring_documents(member: Member) -> bool:
    """Board, treasurer and caretakers; also a member the board made caretaker of a car
    without giving them the caretaker role (they look after that car's papers all the same)."""
    if has_any_role(member, {Role.CARETAKER, Role.BOARD, Role.TREASURER}):
        return True
    return member.is_active and Vehicle.objects.filter(caretaker=member).exists()


def can_report_damage(member: Member) -> bool:
    return member.is_active


def can_record_odometer(member: Member) -> bool:
    return member.is_active


def can_assess_damage(member: Member, vehicle: Vehicle) -> bool:
    return can_edit_vehicle(member, vehicle)


def can_log_maintenance(member: Member, vehicle: Vehicle) -> bool:
    return can_edit_vehicle(member, vehicle)


def can_see_contribution(member: Member) -> bool:
    """What a contributed car is worth to the books: treasurer, board, audit committee."""
    return has_any_role(member, {Role.TREASURER, Role.BOARD, Role.AUDIT})


def can_edit_contribution(member: Member) -> bool:
    return member.is_active and has_any_role(member, {Role.TREASURER, Role.BOARD})
