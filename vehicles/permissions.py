"""Who may do what with the cars, and the state rules the pages re-derive. Roles are data:
each rule names the roles it allows. The services use these predicates (raising the domain
error), the views pass their answers to the templates as booleans.

The matrix is tested in tests/vehicles/test_permissions.py.
"""

from __future__ import annotations

from members.models import Member, Role
from members.permissions import has_any_role, is_member

from .models import DamageReport, DamageStatus, Vehicle

# A member's own odometer check may not jump further than this above the last reading
# (a typo such as 973.780 for 97.378 would block every later reading); the car's caretaker
# and the board are trusted with any reading.
MAX_CHECK_JUMP_KM = 5_000

# Where a damage report may go next: forward only, never back.
DAMAGE_STEPS: dict[str, tuple[DamageStatus, ...]] = {
    DamageStatus.REPORTED: (DamageStatus.ASSESSED, DamageStatus.REPAIRED),
    DamageStatus.ASSESSED: (DamageStatus.REPAIRED,),
    DamageStatus.REPAIRED: (),
}


def is_caretaker_of(member: Member, vehicle: Vehicle) -> bool:
    return vehicle.caretaker_id == member.pk


def can_see_pool(member: Member) -> bool:
    return is_member(member)


def can_add_vehicle(member: Member) -> bool:
    return member.is_active and has_any_role(member, {Role.BOARD})


def can_edit_vehicle(member: Member, vehicle: Vehicle) -> bool:
    """The caretaker of that car and the board."""
    return member.is_active and (is_caretaker_of(member, vehicle) or has_any_role(member, {Role.BOARD}))


def can_assign_caretaker(member: Member) -> bool:
    """Only the board chooses who looks after a car."""
    return can_add_vehicle(member)


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


def can_enter_any_odometer_jump(member: Member, vehicle: Vehicle) -> bool:
    """The car's caretaker and the board may enter a reading more than MAX_CHECK_JUMP_KM
    above the last one (a correction); other members get the plausibility check."""
    return can_edit_vehicle(member, vehicle)


def odometer_max_jump_km(member: Member, vehicle: Vehicle) -> int | None:
    """The largest jump `member` may enter on `vehicle`'s counter (None: any)."""
    return None if can_enter_any_odometer_jump(member, vehicle) else MAX_CHECK_JUMP_KM


def can_assess_damage(member: Member, vehicle: Vehicle) -> bool:
    return can_edit_vehicle(member, vehicle)


def damage_next_steps(report: DamageReport) -> tuple[DamageStatus, ...]:
    """The statuses a damage report may move to from where it is now."""
    return DAMAGE_STEPS.get(report.status, ())


def can_move_damage(report: DamageReport, status: str) -> bool:
    """Whether `report` may go to `status` (forward only: reported -> assessed -> repaired)."""
    return status in damage_next_steps(report)


def can_change_damage_status(member: Member, report: DamageReport) -> bool:
    """The car's caretaker or the board, while the report still has a step to go."""
    return can_assess_damage(member, report.vehicle) and bool(damage_next_steps(report))


def can_log_maintenance(member: Member, vehicle: Vehicle) -> bool:
    return can_edit_vehicle(member, vehicle)


def can_see_contribution(member: Member) -> bool:
    """What a contributed car is worth to the books: treasurer, board, audit committee."""
    return has_any_role(member, {Role.TREASURER, Role.BOARD, Role.AUDIT})


def can_edit_contribution(member: Member) -> bool:
    return member.is_active and has_any_role(member, {Role.TREASURER, Role.BOARD})


def can_see_history(member: Member, vehicle: Vehicle) -> bool:
    """Who changed what on the car, and when: the board, treasurer and audit committee, and
    the car's own caretaker."""
    return is_caretaker_of(member, vehicle) or has_any_role(member, {Role.BOARD, Role.TREASURER, Role.AUDIT})


def can_manage_key_box(member: Member, vehicle: Vehicle) -> bool:
    """Set up the car's key box, rotate its secret, see its revocation list: the car's
    caretaker and the board. Nobody sees another member's key code (reservations.permissions)."""
    return can_edit_vehicle(member, vehicle)
