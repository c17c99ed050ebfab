"""SEPA direct-debit mandates (machtigingen): signing, revoking and lapsing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from members.models import Member
from members.permissions import is_treasurer

from ..errors import MandateError
from ..models import Mandate, MandateStatus

LAPSE_MONTHS = 36


def iban_normalise(value: str) -> IBAN:
    """A valid IBAN (schwifty checks country, length and check digits) or MandateError."""
    try:
        return IBAN(value)
    except (SchwiftyException, ValueError):
        raise MandateError(_("Dit IBAN klopt niet. Controleer het rekeningnummer.")) from None


def lapse_cutoff(today: dt.date) -> dt.date:
    """The date 36 months before `today` (29 February becomes 28 February)."""
    year = today.year - LAPSE_MONTHS // 12
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


@transaction.atomic
def mandate_sign(
    *, member: Member, iban: str, account_holder: str, agree: bool, ip_address: str | None = None
) -> Mandate:
    """Record an electronic mandate. Guarantees: a valid IBAN, a unique mandate reference, at most
    one active mandate per member (a new one replaces the old, which is revoked)."""
    if not agree:
        raise MandateError(_("Je moet akkoord gaan met de machtiging."))
    holder = " ".join(account_holder.split())
    if len(holder) < 2:
        raise MandateError(_("Vul de naam van de rekeninghouder in."))
    parsed = iban_normalise(iban)
    locked = Member.objects.select_for_update().get(pk=member.pk)
    now = timezone.now()
    for old in Mandate.objects.select_for_update().filter(member=locked, status=MandateStatus.ACTIVE):
        old.status = MandateStatus.REVOKED
        old.ended_at = now
        old.save(update_fields=["status", "ended_at", "updated_at"])
    count = Mandate.objects.filter(member=locked).count()
    reference = f"DEEL-{member.cooperative_id}-{member.pk}-{count + 1}"
    bic = parsed.bic
    mandate = Mandate(
        cooperative=member.cooperative,
        member=locked,
        reference=reference,
        iban=parsed.compact,
        bic=str(bic) if bic else "",
        account_holder=holder[:70],
        signed_on=timezone.localdate(),
        signed_ip=ip_address or None,
    )
    mandate.full_clean()
    mandate.save()
    return mandate


@transaction.atomic
def mandate_revoke(*, mandate: Mandate, by: Member) -> Mandate:
    """Revoke an active mandate (by its member or the treasurer): it is never collected on again.
    Idempotent."""
    locked = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if locked.status != MandateStatus.ACTIVE:
        return locked
    if by.pk != locked.member_id and not (by.cooperative_id == locked.cooperative_id and is_treasurer(by)):
        raise MandateError(_("Je kunt deze machtiging niet intrekken."))
    locked.status = MandateStatus.REVOKED
    locked.ended_at = timezone.now()
    locked.save(update_fields=["status", "ended_at", "updated_at"])
    return locked


@transaction.atomic
def mandates_lapse(*, today: dt.date | None = None) -> int:
    """Mark active mandates unused for 36 months (since last collection, or signing) as lapsed."""
    cutoff = lapse_cutoff(today or timezone.localdate())
    from django.db.models import Q

    stale = Mandate.objects.filter(status=MandateStatus.ACTIVE).filter(
        Q(last_used_on__lt=cutoff) | Q(last_used_on__isnull=True, signed_on__lt=cutoff)
    )
    return stale.update(status=MandateStatus.LAPSED, ended_at=timezone.now(), updated_at=timezone.now())
