"""Closing a period: after its settlement, only by the treasurer."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.formats import format_date
from deel.money import format_cents
from members.models import Member
from members.permissions import is_treasurer

from ..errors import PeriodError
from ..locks import period_lock
from ..models import AccountType, LedgerEventKind, Period, PeriodStatus, Posting, Settlement
from ..permissions import can_close_period, can_set_reserve
from ..selectors import period_result_cents
from .events import event_record


@transaction.atomic
def period_close(*, period: Period, by: Member) -> Period:
    """Close a period (treasurer only) once it has ended: settled -> closed (or open ->
    closed when it has no income or costs). A period with income or costs must be settled
    first, and its result must still be the decided reserve. Afterwards nothing can be
    posted into it and it cannot be reopened (service and database triggers);
    who closed it and when are kept, and the closing is a LedgerEvent."""
    if not is_treasurer(by) or by.cooperative_id != period.cooperative_id:
        raise PeriodError(_("Alleen de penningmeester sluit een periode af."))
    locked = period_lock(period.pk)
    if locked.is_closed:
        raise PeriodError(_("Deze periode is al afgesloten."))
    if not can_close_period(locked, today=timezone.localdate()):
        # Closing a running period would refuse this month's fees and trips.
        raise PeriodError(
            _("Periode %(period)s loopt nog; afsluiten kan vanaf %(date)s.")
            % {"period": locked.label, "date": format_date(locked.ends_on + dt.timedelta(days=1))}
        )
    has_result = Posting.objects.filter(
        transaction__period=locked, account__type__in=[AccountType.EXPENSE, AccountType.INCOME]
    ).exists()
    settlement = Settlement.objects.filter(period=locked).first()
    if has_result and settlement is None:
        raise PeriodError(_("Reken de periode eerst af; daarna kun je haar afsluiten."))
    if settlement is not None:
        # Nothing but the settlement posts into a settled period; should anything have
        # slipped in, the books of the period no longer say what the ALV decided.
        result = period_result_cents(period=locked)
        if result != settlement.reserve_cents:
            raise PeriodError(
                _(
                    "Het resultaat van periode %(period)s is %(result)s, niet de besloten reserve %(reserve)s; "
                    "zoek het verschil voordat je de periode afsluit."
                )
                % {
                    "period": locked.label,
                    "result": format_cents(result),
                    "reserve": format_cents(settlement.reserve_cents),
                }
            )
    locked.status = PeriodStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = by
    locked.full_clean()
    locked.save()
    event_record(cooperative_id=locked.cooperative_id, kind=LedgerEventKind.PERIOD_CLOSED, by=by, period=locked)
    return locked


@transaction.atomic
def period_set_reserve(*, period: Period, amount_cents: int, decision_reference: str, by: Member) -> Period:
    """Record the reserve contribution the ALV decided for a period (treasurer only),
    before the period is settled; who set it, to what, is a LedgerEvent."""
    if not is_treasurer(by) or by.cooperative_id != period.cooperative_id:
        raise PeriodError(_("Alleen de penningmeester legt de reserve vast."))
    locked = period_lock(period.pk)
    if not can_set_reserve(locked):
        raise PeriodError(_("Deze periode is al afgerekend; de reserve ligt vast."))
    if not decision_reference.strip():
        raise PeriodError(_("Vermeld het besluit van de ALV over de reserve."))
    locked.reserve_cents = amount_cents
    locked.reserve_reference = decision_reference.strip()[:200]
    locked.full_clean()
    locked.save()
    event_record(
        cooperative_id=locked.cooperative_id,
        kind=LedgerEventKind.RESERVE_SET,
        by=by,
        period=locked,
        note=f"{format_cents(amount_cents)} ({locked.reserve_reference})",
    )
    return locked
