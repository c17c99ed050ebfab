"""SEPA direct-debit mandates (machtigingen): signing, revoking and lapsing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from members.models import Member

from ..errors import MandateError
from ..locks import mandate_lock, mandate_signer_lock
from ..models import PRENOTIFICATION_DAYS_DEFAULT, Mandate, MandateStatus, PaymentSettings
from ..permissions import can_revoke_mandate

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
    one active mandate per member (a new one replaces the old, which is revoked by the member); the
    mandate keeps the pre-notification period its text stated (the cooperative's setting now)."""
    if not agree:
        raise MandateError(_("Je moet akkoord gaan met de machtiging."))
    holder = " ".join(account_holder.split())
    if len(holder) < 2:
        raise MandateError(_("Vul de naam van de rekeninghouder in."))
    parsed = iban_normalise(iban)
    locked, active = mandate_signer_lock(member=member)
    settings = PaymentSettings.objects.filter(cooperative_id=member.cooperative_id).first()
    days = settings.prenotification_days if settings else PRENOTIFICATION_DAYS_DEFAULT
    now = timezone.now()
    for old in active:
        old.status = MandateStatus.REVOKED
        old.ended_at = now
        old.ended_by = locked
        old.save(update_fields=["status", "ended_at", "ended_by", "updated_at"])
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
        prenotification_days=days,
    )
    mandate.full_clean()
    mandate.save()
    return mandate


@transaction.atomic
def mandate_revoke(*, mandate: Mandate, by: Member) -> Mandate:
    """Revoke an active mandate (by its member or the treasurer, who is recorded): it is never
    collected on again. Idempotent."""
    locked = mandate_lock(mandate_id=mandate.pk)
    if locked.status != MandateStatus.ACTIVE:
        return locked
    if not can_revoke_mandate(locked, by):
        raise MandateError(_("Je kunt deze machtiging niet intrekken."))
    locked.status = MandateStatus.REVOKED
    locked.ended_at = timezone.now()
    locked.ended_by = by
    locked.save(update_fields=["status", "ended_at", "ended_by", "updated_at"])
    return locked


@transaction.atomic
def mandates_lapse(*, today: dt.date | None = None) -> int:
    """Mark active mandates unused for 36 months (since last collection, or signing) as lapsed."""
    cutoff = lapse_cutoff(today or timezone.localdate())
    stale = Mandate.objects.filter(status=MandateStatus.ACTIVE).filter(
        Q(last_used_on__lt=cutoff) | Q(last_used_on__isnull=True, signed_on__lt=cutoff)
    )
    return stale.update(status=MandateStatus.LAPSED, ended_at=timezone.now(), updated_at=timezone.now())
