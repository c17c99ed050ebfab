"""Household memberships: one member (one vote, one account, one bill) with extra drivers.

An extra driver logs in with their own account and has their own licence check; they
act on the household's membership (members.permissions.membership_for) without its
roles or its vote. What the statutes allow is `Cooperative.household_drivers_max`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import HouseholdError
from .locks import member_lock
from .models import HouseholdDriver, Member, MemberEvent, MemberEventKind, User


def household_drivers(*, member: Member) -> list[HouseholdDriver]:
    """The household's current extra drivers (one query)."""
    return list(member.household_drivers.filter(removed_at__isnull=True).select_related("user"))


def can_manage_household(actor: Member, member: Member) -> bool:
    """The member themself (not one of their extra drivers) or the board."""
    from .permissions import acting_driver, is_board

    if actor.cooperative_id != member.cooperative_id:
        return False
    if actor.pk == member.pk:
        return acting_driver(actor) is None
    return is_board(actor)


@transaction.atomic
def household_driver_add(
    *,
    member: Member,
    by: Member,
    email: str,
    first_name: str,
    last_name: str,
    licence_number: str,
    licence_expires_on: dt.date,
) -> HouseholdDriver:
    """Add an extra driver to `member`'s household (HouseholdError otherwise).

    Guarantees: the statutes allow households and the household has room
    (`household_drivers_max`); the driver is not a member of the cooperative themself
    (no second vote) and not a driver of another household there; their licence is valid
    today; a user account is created for a new e-mail address (they set a password through
    "wachtwoord vergeten"). Recorded as a member event with the actor.
    """
    if not can_manage_household(by, member):
        raise HouseholdError(_("Alleen het lid zelf of het bestuur kan bestuurders van een huishouden beheren."))
    locked = member_lock(member=member)
    coop = locked.cooperative
    if coop.household_drivers_max == 0:
        raise HouseholdError(_("De statuten van deze coöperatie kennen geen huishoudlidmaatschap."))
    if len(household_drivers(member=locked)) >= coop.household_drivers_max:
        raise HouseholdError(
            _("Een huishouden heeft hoogstens %(max)s extra bestuurders.") % {"max": coop.household_drivers_max}
        )
    if licence_expires_on < timezone.localdate():
        raise HouseholdError(_("Dit rijbewijs is verlopen."))
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is not None:
        if Member.objects.filter(cooperative=coop, user=user).exclude(status__in=["left", "refused"]).exists():
            raise HouseholdError(_("Deze persoon is zelf lid van de coöperatie en kan geen extra bestuurder zijn."))
        if HouseholdDriver.objects.filter(member__cooperative=coop, user=user, removed_at__isnull=True).exists():
            raise HouseholdError(_("Deze persoon rijdt al mee in een huishouden van deze coöperatie."))
    else:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    driver = HouseholdDriver(
        member=locked,
        user=user,
        licence_number=licence_number,
        licence_expires_on=licence_expires_on,
        added_by=by,
    )
    driver.full_clean(exclude=["member", "user", "added_by"], validate_constraints=False)
    driver.save()
    MemberEvent.objects.create(member=locked, kind=MemberEventKind.DRIVER_ADDED, by=by, note=driver.name[:200])
    return driver


@transaction.atomic
def household_driver_remove(*, driver: HouseholdDriver, by: Member) -> HouseholdDriver:
    """End an extra driver's access to the household (kept as history)."""
    if not can_manage_household(by, driver.member):
        raise HouseholdError(_("Alleen het lid zelf of het bestuur kan bestuurders van een huishouden beheren."))
    if driver.removed_at is not None:
        raise HouseholdError(_("Deze bestuurder is al verwijderd."))
    driver.removed_at = timezone.now()
    driver.save(update_fields=["removed_at"])
    MemberEvent.objects.create(member=driver.member, kind=MemberEventKind.DRIVER_REMOVED, by=by, note=driver.name[:200])
    return driver
