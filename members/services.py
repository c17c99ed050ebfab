"""Every write of the members app, and the rules other apps ask it about.

Life cycle: applied -> active (admitted by the board) <-> suspended -> left; applied ->
refused. Every step is recorded as a MemberEvent (who and when).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from deel import mail
from deel.formats import format_date

from . import permissions as perms
from . import signals, tasks
from .errors import (
    FourEyesRequired,
    InvalidLicence,
    InvalidTransition,
    LastBoardMember,
    MembershipError,
    NotAllowedToBook,
    RefusalReasonMissing,
)
from .locks import cooperative_lock, grant_lock, member_lock, membership_lock
from .models import (
    Cooperative,
    Member,
    MemberEvent,
    MemberEventKind,
    MemberRole,
    MemberStatus,
    PersonalDataAccess,
    Role,
    RoleGrant,
    RoleGrantStatus,
    User,
)


def member_assert_may_book(*, member: Member, on: dt.date | None = None) -> None:
    """Raise NotAllowedToBook (with the reason, in Dutch) unless `member` may book a car:
    an active member who drives, with a driving licence valid on `on` (default today)."""
    on = on or timezone.localdate()
    if member.status == MemberStatus.SUSPENDED:
        reason = member.suspension_reason or _("je lidmaatschap is geschorst")
        raise NotAllowedToBook(_("Je kunt niet reserveren: %(reason)s.") % {"reason": reason})
    if member.status != MemberStatus.ACTIVE:
        raise NotAllowedToBook(_("Je kunt niet reserveren: je bent geen actief lid."))
    # A household's extra driver books on the household's membership with their own licence.
    driver = perms.acting_driver(member)
    if driver is None and not member.may_drive:
        raise NotAllowedToBook(_("Je kunt niet reserveren: je staat niet geregistreerd als bestuurder."))
    expires_on = member.licence_expires_on if driver is None else driver.licence_expires_on
    if expires_on is None:
        raise NotAllowedToBook(_("Je kunt niet reserveren: vul eerst je rijbewijsgegevens in bij je profiel."))
    if expires_on < on:
        raise NotAllowedToBook(
            _("Je kunt niet reserveren: je rijbewijs is verlopen op %(date)s. Werk je rijbewijsgegevens bij.")
            % {"date": format_date(expires_on)}
        )


# --- helpers shared by the services below -------------------------------------------


def _lock(member: Member) -> Member:
    """The membership under a row lock (locks.member_lock), the caller's object kept in
    step with what is stored."""
    locked = member_lock(member=member)
    member.status = locked.status
    return locked


def _check_actor(*, member: Member, by: Member | None) -> None:
    if by is not None and by.cooperative_id != member.cooperative_id:
        raise MembershipError(_("Je kunt alleen leden van je eigen coöperatie beheren."))


def _event(member: Member, kind: str, by: Member | None, note: str = "") -> None:
    MemberEvent.objects.create(member=member, kind=kind, by=by, note=note[:200])


def _refresh(target: Member, source: Member) -> Member:
    for field in (
        "status",
        "number",
        "admitted_at",
        "admitted_by_id",
        "suspended_at",
        "suspension_reason",
        "left_at",
        "refused_at",
        "refused_by_id",
    ):
        setattr(target, field, getattr(source, field))
    return target


def licence_check(*, may_drive: bool, licence_number: str, licence_expires_on: dt.date | None) -> None:
    """Raise InvalidLicence unless a driving member gave a licence that is valid today."""
    if not may_drive:
        return
    if not licence_number or licence_expires_on is None:
        raise InvalidLicence(_("Vul je rijbewijsnummer en de vervaldatum in; die zijn nodig om te mogen rijden."))
    if licence_expires_on < timezone.localdate():
        raise InvalidLicence(
            _("Je rijbewijs is verlopen op %(date)s. Met een verlopen rijbewijs kun je niet rijden.")
            % {"date": format_date(licence_expires_on)}
        )


# --- life cycle -----------------------------------------------------------------------


@transaction.atomic
def member_apply(
    *,
    cooperative: Cooperative,
    user: User,
    street: str,
    postal_code: str,
    city: str,
    phone: str = "",
    may_drive: bool = True,
    licence_number: str = "",
    licence_expires_on: dt.date | None = None,
    motivation: str = "",
) -> Member:
    """A resident applies for membership. Guarantees: one membership row per person and
    cooperative (a refused or former member may apply again, the row goes back to
    'applied'); a driving applicant has a valid licence; nothing is stored otherwise."""
    licence_check(may_drive=may_drive, licence_number=licence_number, licence_expires_on=licence_expires_on)
    member = membership_lock(cooperative=cooperative, user=user)
    if member is not None and (perms.is_admissible(member) or perms.is_removable(member)):
        if member.is_applied:
            raise InvalidTransition(_("Je aanmelding bij deze coöperatie is al binnen; het bestuur beslist erover."))
        raise InvalidTransition(_("Je bent al lid van deze coöperatie."))
    if member is None:
        member = Member(cooperative=cooperative, user=user)
    member.status = MemberStatus.APPLIED
    member.street = street.strip()
    member.postal_code = postal_code.strip().upper()
    member.city = city.strip()
    member.phone = phone.strip()
    member.may_drive = may_drive
    member.licence_number = licence_number.strip().replace(" ", "")
    member.licence_expires_on = licence_expires_on
    member.motivation = motivation.strip()
    member.applied_at = timezone.now()
    member.refused_at = None
    member.refused_by = None
    member.full_clean()
    member.save()
    _event(member, MemberEventKind.APPLIED, None)
    mail.after_commit(tasks.application_received_task, member_id=member.pk)
    return member


@transaction.atomic
def member_admit(*, member: Member, by: Member | None) -> Member:
    """The board admits an applicant. Guarantees: only an application can be admitted;
    the member gets the next free member number of the cooperative (numbers stay unique
    under concurrent admissions: the cooperative row is locked first); who and when is
    recorded."""
    _check_actor(member=member, by=by)
    cooperative_lock(cooperative_id=member.cooperative_id)
    locked = _lock(member)
    if not perms.is_admissible(locked):
        raise InvalidTransition(_("Alleen een aanmelding kan worden toegelaten."))
    if locked.number is None:
        highest = Member.objects.filter(cooperative_id=locked.cooperative_id).aggregate(m=Max("number"))["m"]
        locked.number = (highest or 0) + 1
    locked.status = MemberStatus.ACTIVE
    locked.admitted_at = timezone.now()
    locked.admitted_by = by
    locked.left_at = None
    locked.full_clean()
    locked.save()
    _event(locked, MemberEventKind.ADMITTED, by)
    signals.member_admitted.send(sender=Member, member=locked, by=by)
    mail.after_commit(tasks.admission_decided_task, member_id=locked.pk)
    return _refresh(member, locked)


@transaction.atomic
def member_refuse(*, member: Member, by: Member | None, reason: str) -> Member:
    """The board refuses an application, with a reason; who, when and why is recorded (the
    reason on the MemberEvent). The person keeps their account and may apply again later."""
    _check_actor(member=member, by=by)
    reason = (reason or "").strip()
    if not reason:
        raise RefusalReasonMissing(_("Geef een reden voor de afwijzing op."))
    locked = _lock(member)
    if not perms.is_admissible(locked):
        raise InvalidTransition(_("Alleen een aanmelding kan worden afgewezen."))
    locked.status = MemberStatus.REFUSED
    locked.refused_at = timezone.now()
    locked.refused_by = by
    locked.full_clean()
    locked.save()
    _event(locked, MemberEventKind.REFUSED, by, reason)
    mail.after_commit(tasks.admission_decided_task, member_id=locked.pk)
    return _refresh(member, locked)


@transaction.atomic
def member_suspend(*, member: Member, reason: str, by: Member | None) -> Member:
    """Suspend an active member (they can still log in and see, but not book).
    Idempotent: suspending a suspended member changes nothing. The board cannot suspend
    its last active member (nobody could lift it); `by=None` is the system (e.g. payments
    suspending a member in arrears, lifted again by the system once paid)."""
    _check_actor(member=member, by=by)
    cooperative_lock(cooperative_id=member.cooperative_id)
    locked = _lock(member)
    if locked.is_suspended:
        return _refresh(member, locked)
    if not perms.is_suspendable(locked):
        raise InvalidTransition(_("Alleen een actief lid kan worden geschorst."))
    reason = (reason or "").strip()
    if not reason:
        raise MembershipError(_("Geef een reden voor de schorsing op."))
    if by is not None and _would_leave_no_board(locked):
        # A suspended board member cannot act, so nobody could lift the suspension.
        raise LastBoardMember(
            _(
                "%(name)s is het laatste actieve bestuurslid en kan niet worden geschorst. "
                "Benoem eerst een ander bestuurslid."
            )
            % {"name": locked.name}
        )
    locked.status = MemberStatus.SUSPENDED
    locked.suspended_at = timezone.now()
    locked.suspension_reason = reason[:200]
    locked.full_clean()
    locked.save()
    _event(locked, MemberEventKind.SUSPENDED, by, reason)
    return _refresh(member, locked)


@transaction.atomic
def member_reinstate(*, member: Member, by: Member | None) -> Member:
    """Lift a suspension: the member is active again and may book. Idempotent on an
    active member."""
    _check_actor(member=member, by=by)
    locked = _lock(member)
    if locked.is_active:
        return _refresh(member, locked)
    if not perms.is_reinstatable(locked):
        raise InvalidTransition(_("Alleen een geschorst lid kan weer actief worden."))
    locked.status = MemberStatus.ACTIVE
    locked.suspended_at = None
    locked.suspension_reason = ""
    locked.full_clean()
    locked.save()
    _event(locked, MemberEventKind.REINSTATED, by)
    return _refresh(member, locked)


@transaction.atomic
def member_leave(*, member: Member, by: Member | None) -> Member:
    """End a membership (the member's own request, or the board). The former member no
    longer sees the cooperative; their roles end. The last active board member cannot
    leave (the cooperative would have no board)."""
    _check_actor(member=member, by=by)
    cooperative_lock(cooperative_id=member.cooperative_id)
    locked = _lock(member)
    if not perms.is_removable(locked):
        raise InvalidTransition(_("Alleen een lid kan worden uitgeschreven."))
    roles = list(MemberRole.objects.filter(member=locked))
    if any(r.role == Role.BOARD for r in roles) and _active_board_count(locked.cooperative_id) <= 1:
        raise LastBoardMember(
            _("%(name)s is het laatste bestuurslid. Benoem eerst een ander bestuurslid.") % {"name": locked.name}
        )
    for r in roles:
        r.delete()
        _event(locked, MemberEventKind.ROLE_REVOKED, by, r.get_role_display())
    locked.status = MemberStatus.LEFT
    locked.left_at = timezone.now()
    locked.full_clean()
    locked.save()
    _event(locked, MemberEventKind.LEFT, by)
    signals.member_left.send(sender=Member, member=locked, by=by)
    _close_account_if_unused(locked.user)
    return _refresh(member, locked)


# Memberships that keep a person's log-in working.
LIVE_STATUSES = (MemberStatus.APPLIED, MemberStatus.ACTIVE, MemberStatus.SUSPENDED)


def _close_account_if_unused(user: User) -> bool:
    """A person who is no member anywhere any more can no longer log in (their account is
    made inactive, so allauth refuses it); someone still in another cooperative keeps theirs."""
    if Member.objects.filter(user=user, status__in=LIVE_STATUSES).exists():
        return False
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    return True


# --- personal data (AVG) --------------------------------------------------------------


StrOrPromise = str | Promise


def personal_data_access_record(
    *, members: Iterable[Member], user: Any, action: str, fields: StrOrPromise, place: StrOrPromise
) -> int:
    """Log that `user` viewed, changed or downloaded these members' personal data (one
    row each, one query); a person's look at their own data is not logged."""
    rows = [
        PersonalDataAccess(member=m, user=user or None, action=action, fields=str(fields)[:200], place=str(place)[:80])
        for m in members
        if user is None or m.user_id != user.pk
    ]
    if user is not None and not getattr(user, "pk", None):
        return 0  # an anonymous visitor sees no personal data
    PersonalDataAccess.objects.bulk_create(rows)
    return len(rows)


# What erasure on request clears: data no legal duty keeps (the books keep name and IBAN
# for the statutory seven years, so those go at anonymisation).
ERASED_ON_REQUEST = {
    "phone": "",
    "licence_number": "",
    "licence_expires_on": None,
    "motivation": "",
    "suspension_reason": "",
    "may_drive": False,
}


@transaction.atomic
def member_erase_personal_data(*, member: Member, by: Member, reason: str) -> Member:
    """Erase, on the former member's request (AVG art. 17), what no legal duty keeps:
    phone, driving licence, application text. Only for a member who left; the board
    decides and gives the reason. Name, address and IBAN stay until the retention period
    ends (the books must show whose they are); `member_anonymise` removes them then."""
    _check_actor(member=member, by=by)
    if not perms.can_erase_personal_data(by, member):
        raise MembershipError(_("Alleen het bestuur wist de gegevens van een oud-lid."))
    if not reason.strip():
        raise MembershipError(_("Vermeld het verzoek waarop je de gegevens wist."))
    locked = _lock(member)
    Member.objects.filter(pk=locked.pk).update(**ERASED_ON_REQUEST, erased_at=timezone.now())
    _event(locked, MemberEventKind.ERASED, by, reason.strip())
    _close_account_if_unused(locked.user)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def member_anonymise(*, member: Member, by: Member | None) -> Member:
    """Anonymise a former member once the statutes' retention period is over (or earlier
    at the board's decision, `by`): name, e-mail, address, phone, IBAN and licence are gone;
    the membership row, its number and every amount stay, so the books still add up. A
    person who is still a member elsewhere keeps their account and name there."""
    _check_actor(member=member, by=by)
    locked = _lock(member)
    if locked.status not in (MemberStatus.LEFT, MemberStatus.REFUSED):
        raise InvalidTransition(_("Alleen de gegevens van een oud-lid worden geanonimiseerd."))
    if locked.anonymised_at is not None:
        return locked
    now = timezone.now()
    Member.objects.filter(pk=locked.pk).update(
        **ERASED_ON_REQUEST,
        street="",
        postal_code="",
        city="",
        iban="",
        erased_at=locked.erased_at or now,
        anonymised_at=now,
    )
    MemberEvent.objects.filter(member=locked).exclude(note="").update(note="")
    _event(locked, MemberEventKind.ANONYMISED, by)
    user = locked.user
    if not Member.objects.filter(user=user).exclude(pk=locked.pk).exclude(anonymised_at__isnull=False).exists():
        # No other membership needs this person's name: the account itself is anonymised.
        user.email = f"oud-lid-{user.pk}@anoniem.invalid"
        user.first_name = _("Oud-lid")
        user.last_name = f"#{locked.number}" if locked.number else f"#{locked.pk}"
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "first_name", "last_name", "is_active", "password"])
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
    locked.refresh_from_db()
    return locked


# --- roles ----------------------------------------------------------------------------


def _would_leave_no_board(member: Member) -> bool:
    """True when `member` is the cooperative's only active board member."""
    is_board = MemberRole.objects.filter(member=member, role=Role.BOARD).exists()
    return is_board and member.status == MemberStatus.ACTIVE and _active_board_count(member.cooperative_id) <= 1


def _active_board_count(cooperative_id: int) -> int:
    return MemberRole.objects.filter(
        role=Role.BOARD, member__cooperative_id=cooperative_id, member__status=MemberStatus.ACTIVE
    ).count()


# Roles that move money or power: given only with a second board member's approval.
FOUR_EYES_ROLES = frozenset({Role.TREASURER, Role.BOARD})


def _give_role(member: Member, role: str, by: Member | None, note: str = "") -> MemberRole:
    existing = MemberRole.objects.filter(member=member, role=role).first()
    if existing is not None:
        return existing
    member_role = MemberRole(member=member, role=role, assigned_by=by, assigned_at=timezone.now())
    member_role.full_clean()
    member_role.save()
    label = member_role.get_role_display()
    _event(member, MemberEventKind.ROLE_ASSIGNED, by, f"{label}: {note}" if note else label)
    return member_role


def _other_board(cooperative_id: int, *, besides: Member) -> list[Member]:
    """The active board members who could approve `besides`'s grant."""
    return list(
        Member.objects.filter(cooperative_id=cooperative_id, status=MemberStatus.ACTIVE, roles__role=Role.BOARD)
        .exclude(pk=besides.pk)
        .select_related("user")
        .order_by("pk")
    )


@transaction.atomic
def role_assign(*, member: Member, role: str, by: Member | None) -> MemberRole | RoleGrant:
    """Give an active member a role. Idempotent: a role already held is returned as is.

    Treasurer and board (FOUR_EYES_ROLES), given by a board member, need a second board
    member: a pending RoleGrant is returned (the same one when asked twice), the other
    board members are mailed, and the role starts once one of them approves
    (role_grant_approve). With no other active board member the role starts at once and
    every active member is told by mail. `by=None` is the platform (the first board
    member of a new cooperative) and gives the role at once. Every step is a MemberEvent."""
    _check_actor(member=member, by=by)
    if role not in Role.values:
        raise MembershipError(_("Onbekende rol."))
    if by is not None and not perms.can_manage_roles(by):
        raise MembershipError(_("Alleen een actief bestuurslid kent rollen toe."))
    cooperative_lock(cooperative_id=member.cooperative_id)
    locked = _lock(member)
    if not perms.may_hold_role(locked):
        raise InvalidTransition(_("Alleen een actief lid kan een rol krijgen."))
    existing = MemberRole.objects.filter(member=locked, role=role).first()
    if existing is not None:
        return existing
    if by is None or role not in FOUR_EYES_ROLES:
        return _give_role(locked, role, by)
    pending = RoleGrant.objects.filter(member=locked, role=role, status=RoleGrantStatus.PENDING).first()
    if pending is not None:
        return pending
    approvers = _other_board(locked.cooperative_id, besides=by)
    grant = RoleGrant(member=locked, role=role, requested_by=by, requested_at=timezone.now())
    if not approvers:
        # A one-person board cannot have a second pair of eyes: every member is told instead.
        grant.status = RoleGrantStatus.ANNOUNCED
        grant.decided_at = grant.requested_at
    grant.full_clean()
    grant.save()
    label = grant.get_role_display()
    if approvers:
        _event(locked, MemberEventKind.ROLE_REQUESTED, by, label)
        mail.after_commit(tasks.role_grant_requested_task, grant_id=grant.pk)
        return grant
    _give_role(locked, role, by, _("eenpersoonsbestuur, aangekondigd aan alle leden"))
    mail.after_commit(tasks.role_grant_announced_task, grant_id=grant.pk)
    return grant


def _lock_pending_grant(grant: RoleGrant, by: Member) -> RoleGrant:
    if by.cooperative_id != grant.member.cooperative_id:
        raise MembershipError(_("Je kunt alleen leden van je eigen coöperatie beheren."))
    if not perms.can_manage_roles(by):
        raise MembershipError(_("Alleen een actief bestuurslid beslist over een rol."))
    cooperative_lock(cooperative_id=by.cooperative_id)
    locked = grant_lock(grant=grant)
    if not locked.is_pending:
        raise InvalidTransition(_("Over deze rol is al beslist."))
    return locked


@transaction.atomic
def role_grant_approve(*, grant: RoleGrant, by: Member) -> MemberRole:
    """A second board member approves a pending grant: the role starts now. Guarantees:
    never approved by who proposed it (FourEyesRequired), only by an active board member
    of the cooperative, once; the member must still be active."""
    locked = _lock_pending_grant(grant, by)
    if perms.is_own_role_grant(locked, by):
        raise FourEyesRequired(_("Een tweede bestuurslid moet dit goedkeuren, niet wie het voorstelde."))
    member = _lock(locked.member)
    if not perms.may_hold_role(member):
        raise InvalidTransition(_("Alleen een actief lid kan een rol krijgen."))
    locked.status = RoleGrantStatus.APPROVED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save()
    _refresh_grant(grant, locked)
    note = _("voorgesteld door %(name)s") % {"name": locked.requested_by.name}
    return _give_role(member, locked.role, by, note)


@transaction.atomic
def role_grant_refuse(*, grant: RoleGrant, by: Member) -> RoleGrant:
    """Another board member refuses a pending grant, or its proposer withdraws it: no role
    is given; recorded as a MemberEvent."""
    locked = _lock_pending_grant(grant, by)
    locked.status = RoleGrantStatus.REFUSED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save()
    _event(locked.member, MemberEventKind.ROLE_REFUSED, by, locked.get_role_display())
    return _refresh_grant(grant, locked)


def _refresh_grant(target: RoleGrant, source: RoleGrant) -> RoleGrant:
    target.status, target.decided_by, target.decided_at = source.status, source.decided_by, source.decided_at
    return target


@transaction.atomic
def role_revoke(*, member: Member, role: str, by: Member | None) -> None:
    """Take a role away. Guarantees: the cooperative always keeps at least one active
    board member (the cooperative row is locked, so two board members cannot remove
    each other at the same time). Revoking a role not held changes nothing."""
    _check_actor(member=member, by=by)
    cooperative_lock(cooperative_id=member.cooperative_id)
    member_role = MemberRole.objects.filter(member=member, role=role).first()
    if member_role is None:
        return
    if role == Role.BOARD and member.status == MemberStatus.ACTIVE and _active_board_count(member.cooperative_id) <= 1:
        raise LastBoardMember(
            _("%(name)s is het laatste bestuurslid; die rol kan pas weg als er een ander bestuurslid is.")
            % {"name": member.name}
        )
    label = member_role.get_role_display()
    member_role.delete()
    _event(member, MemberEventKind.ROLE_REVOKED, by, label)


# --- accounts and own data ----------------------------------------------------------------


@transaction.atomic
def applicant_signup(
    *, cooperative: Cooperative, email: str, password: str, first_name: str, last_name: str, **application: Any
) -> Member | None:
    """A resident without an account applies in one step: the account (not yet usable:
    the e-mail address must be verified before the first log-in) and the application are
    made together, or neither. When the address already has an account, nothing is made
    or changed and its owner is mailed how to log in and apply (returns None): the
    visitor sees the same answer either way, so the page reveals no accounts."""
    email = email.strip().lower()
    licence_check(
        may_drive=application.get("may_drive", True),
        licence_number=application.get("licence_number", ""),
        licence_expires_on=application.get("licence_expires_on"),
    )
    if User.objects.filter(email__iexact=email).exists():
        mail.after_commit(tasks.account_exists_task, cooperative_id=cooperative.pk, email=email)
        return None
    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_password(password)
    user.full_clean()
    user.save()
    return member_apply(cooperative=cooperative, user=user, **application)


# What a member changes in their own profile (besides their name); the profile form asks these.
PROFILE_FIELDS = ("street", "postal_code", "city", "phone", "iban", "may_drive", "licence_number", "licence_expires_on")


@transaction.atomic
def member_update_profile(*, member: Member, first_name: str, last_name: str, **details: Any) -> Member:
    """A member keeps their own address, licence and IBAN up to date. Guarantees: a
    driving member keeps a valid licence (an expired date is refused, nothing changes);
    the change is a MemberEvent by the member themselves."""
    unknown = set(details) - set(PROFILE_FIELDS)
    if unknown:
        raise MembershipError(_("Deze gegevens kun je hier niet wijzigen."))
    merged = {name: details.get(name, getattr(member, name)) for name in PROFILE_FIELDS}
    licence_check(
        may_drive=merged["may_drive"],
        licence_number=merged["licence_number"],
        licence_expires_on=merged["licence_expires_on"],
    )
    locked = member_lock(member=member)
    for name, value in merged.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.full_clean()
    locked.save()
    user = locked.user
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    _event(locked, MemberEventKind.PROFILE_UPDATED, locked)
    for name in PROFILE_FIELDS:
        setattr(member, name, getattr(locked, name))
    return locked
