"""Closing a period: after its settlement, only by the treasurer."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from members.permissions import is_treasurer

from .errors import PeriodError
from .models import AccountType, Period, PeriodStatus, Posting, Settlement


@transaction.atomic
def period_close(*, period: Period, by: Member) -> Period:
    """Close a period (treasurer only) once it has ended. A period with income or costs
    must be settled first. Afterwards nothing can be posted into it (service and database trigger);
    who closed it and when are kept."""
    if not is_treasurer(by) or by.cooperative_id != period.cooperative_id:
        raise PeriodError(_("Alleen de penningmeester sluit een periode af."))
    locked = Period.objects.select_for_update().get(pk=period.pk)
    if locked.status == PeriodStatus.CLOSED:
        raise PeriodError(_("Deze periode is al afgesloten."))
    if not locked.has_ended:
        # Closing a running period would refuse this month's fees and trips.
        raise PeriodError(
            _("Periode %(period)s loopt nog; afsluiten kan vanaf %(date)s.")
            % {"period": locked.label, "date": f"{locked.ends_on + dt.timedelta(days=1):%d-%m-%Y}"}
        )
    has_result = Posting.objects.filter(
        transaction__period=locked, account__type__in=[AccountType.EXPENSE, AccountType.INCOME]
    ).exists()
    if has_result and not Settlement.objects.filter(period=locked).exists():
        raise PeriodError(_("Reken de periode eerst af; daarna kun je haar afsluiten."))
    locked.status = PeriodStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = by
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def period_set_reserve(*, period: Period, amount_cents: int, decision_reference: str, by: Member) -> Period:
    """Record the reserve contribution the ALV decided for a period (treasurer only),
    before the period is settled."""
    if not is_treasurer(by) or by.cooperative_id != period.cooperative_id:
        raise PeriodError(_("Alleen de penningmeester legt de reserve vast."))
    locked = Period.objects.select_for_update().get(pk=period.pk)
    if Settlement.objects.filter(period=locked).exists() or locked.status == PeriodStatus.CLOSED:
        raise PeriodError(_("Deze periode is al afgerekend; de reserve ligt vast."))
    if not decision_reference.strip():
        raise PeriodError(_("Vermeld het besluit van de ALV over de reserve."))
    locked.reserve_cents = amount_cents
    locked.reserve_reference = decision_reference.strip()[:200]
    locked.full_clean()
    locked.save()
    return locked
