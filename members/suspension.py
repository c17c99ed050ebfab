"""Suspension as a member (schorsing, art. 2:38 lid 1 BW): the statutes' legal measure.

A member suspended as a member has no access to the general assembly and no vote: they
cannot register attendance, give or hold a proxy, or vote (governance.permissions.is_entitled
asks `Member.rights_suspended`). It is separate from the status "suspended" (may not book a
car: arrears, licence), which these services never touch: booking stays as it was.
Every step is a MemberEvent with its reason and actor.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions as perms
from .errors import InvalidTransition, MembershipError
from .locks import member_lock
from .models import Member, MemberEvent, MemberEventKind


def _check(*, member: Member, by: Member) -> None:
    if by.cooperative_id != member.cooperative_id:
        raise MembershipError(_("Je kunt alleen leden van je eigen coöperatie beheren."))
    if not perms.can_admit_members(by):
        raise MembershipError(_("Alleen het bestuur kan een lid schorsen of de schorsing opheffen."))


def _copy(target: Member, source: Member) -> Member:
    for field in ("rights_suspended_at", "rights_suspension_reason", "rights_suspended_by_id"):
        setattr(target, field, getattr(source, field))
    return target


@transaction.atomic
def member_rights_suspend(*, member: Member, reason: str, by: Member) -> Member:
    """Suspend `member` as a member (2:38 lid 1), by a board member, with a reason. Only a
    member (active, or suspended from booking) can be; not oneself; the booking status is
    unchanged. Refused (InvalidTransition) when already suspended as a member."""
    _check(member=member, by=by)
    reason = (reason or "").strip()
    if not reason:
        raise MembershipError(_("Geef een reden voor de schorsing op."))
    locked = member_lock(member=member)
    if not perms.is_rights_suspendable(locked):
        raise InvalidTransition(_("Alleen een lid dat nog niet geschorst is, kan als lid worden geschorst."))
    if locked.pk == by.pk:
        raise MembershipError(_("Je kunt jezelf niet schorsen."))
    locked.rights_suspended_at = timezone.now()
    locked.rights_suspension_reason = reason[:200]
    locked.rights_suspended_by = by
    locked.save(update_fields=["rights_suspended_at", "rights_suspension_reason", "rights_suspended_by", "updated_at"])
    MemberEvent.objects.create(member=locked, kind=MemberEventKind.RIGHTS_SUSPENDED, by=by, note=reason[:200])
    return _copy(member, locked)


@transaction.atomic
def member_rights_restore(*, member: Member, by: Member, note: str = "") -> Member:
    """Lift a suspension as a member: attending, proxies and voting are possible again."""
    _check(member=member, by=by)
    locked = member_lock(member=member)
    if not perms.is_rights_restorable(locked):
        raise InvalidTransition(_("Dit lid is niet als lid geschorst."))
    locked.rights_suspended_at = None
    locked.rights_suspension_reason = ""
    locked.rights_suspended_by = None
    locked.save(update_fields=["rights_suspended_at", "rights_suspension_reason", "rights_suspended_by", "updated_at"])
    MemberEvent.objects.create(member=locked, kind=MemberEventKind.RIGHTS_RESTORED, by=by, note=note[:200])
    return _copy(member, locked)
