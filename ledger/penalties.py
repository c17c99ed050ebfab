"""Penalties the ALV decided (boetes): rates on a tariff, imposing, disputes.

A penalty is posted through `transaction_post` once per source (a late return, a no-show,
or what a caretaker records for a reservation) and announced to the member by e-mail; the
transaction's description carries the reason, so the balance page and the statement show
it. The member may dispute a penalty once; the board upholds it (it stays) or grants the
dispute (the transaction is reversed). Every step records its actor. Other fees (the EV
low-battery fee) can be routed through `penalty_impose` with their own source key.
"""

from __future__ import annotations

import datetime as dt
import math

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from deel import mail
from deel.money import limit_message
from members.models import Member, Role
from members.permissions import acting_driver, has_any_role, is_board
from reservations.models import Reservation

from .errors import PenaltyDisputeRefused, PenaltyError
from .models import (
    LATE_UNIT_MINUTES,
    RECORDED_KINDS,
    AccountPurpose,
    DisputeOutcome,
    LedgerEventKind,
    Penalty,
    PenaltyDispute,
    PenaltyKind,
    PenaltyRate,
    Tariff,
)
from .services.accounts import account_for
from .services.events import event_record
from .services.posting import Line, transaction_post, transaction_reverse

# Permissions ------------------------------------------------------------------------------


def can_set_penalty_rates(member: Member) -> bool:
    return member.is_active and has_any_role(member, {Role.TREASURER})


def can_record_penalty(member: Member, reservation: Reservation) -> bool:
    """The caretaker of the reservation's car, the treasurer or the board."""
    if reservation.cooperative_id != member.cooperative_id or not member.is_active:
        return False
    return reservation.vehicle.caretaker_id == member.pk or has_any_role(member, {Role.TREASURER, Role.BOARD})


def can_dispute(member: Member, penalty: Penalty) -> bool:
    """The penalised member themself (a household's driver too), while no dispute exists."""
    return penalty.member_id == member.pk and not hasattr(penalty, "dispute")


def can_decide_disputes(member: Member) -> bool:
    return is_board(member)


# Rates -------------------------------------------------------------------------------------


@transaction.atomic
def penalty_rate_set(*, tariff: Tariff, kind: str, amount_cents: int, by: Member | None) -> PenaltyRate:
    """Add a penalty line to a tariff (the tariff links to the decision that set it).
    One line per kind and tariff; a change is a new tariff with its own decision."""
    if by is not None and not can_set_penalty_rates(by):
        raise PenaltyError(_("Alleen de penningmeester legt boetetarieven vast."))
    if not isinstance(amount_cents, int) or amount_cents <= 0:
        raise PenaltyError(_("Een boete is een bedrag groter dan nul."))
    too_high = limit_message("penalty", amount_cents)
    if too_high:
        raise PenaltyError(too_high)
    kind = PenaltyKind(kind)
    if PenaltyRate.objects.filter(tariff=tariff, kind=kind).exists():
        raise PenaltyError(_("Dit tarief heeft al een boete voor %(kind)s.") % {"kind": kind.label})
    rate = PenaltyRate.objects.create(tariff=tariff, kind=kind, amount_cents=amount_cents, created_by=by)
    event_record(
        cooperative_id=tariff.cooperative_id,
        kind=LedgerEventKind.PENALTY_RATE_SET,
        by=by,
        tariff=tariff,
        note=f"{kind.label}: {amount_cents} ct",
    )
    return rate


def penalty_rate_in_force(
    *, cooperative_id: int, kind: str, date: dt.date, vehicle_class: str = ""
) -> PenaltyRate | None:
    """The latest rate of `kind` on a tariff valid on `date`: of the car's class, else of all classes."""
    rates = (
        PenaltyRate.objects.filter(tariff__cooperative_id=cooperative_id, kind=kind, tariff__valid_from__lte=date)
        .select_related("tariff__decision")
        .order_by("-tariff__valid_from", "-pk")
    )
    if vehicle_class:
        specific = rates.filter(tariff__vehicle_class=vehicle_class).first()
        if specific is not None:
            return specific
    return rates.filter(tariff__vehicle_class="").first()


# Imposing ----------------------------------------------------------------------------------


@transaction.atomic
def penalty_impose(
    *,
    member: Member,
    kind: str,
    reason: str,
    source_key: str,
    date: dt.date,
    units: int = 1,
    reservation: Reservation | None = None,
    by: Member | None = None,
) -> Penalty | None:
    """Post a penalty of `kind` at the rate in force on `date`, once per `source_key`.

    Guarantees: amount = rate × units in integer cents, posted on the member's account
    (receivable) against penalty income (per car when there is one, so the settlement sees
    it), with the reason in the description; a second call with the same source returns
    the first penalty; the member gets an e-mail after commit. Returns None (nothing
    posted) when the ALV set no rate of this kind.
    """
    reason = reason.strip()
    if not reason:
        raise PenaltyError(_("Geef de reden van de boete."))
    if units < 1:
        raise PenaltyError(_("Een boete telt minstens één keer."))
    cooperative = member.cooperative
    existing = Penalty.objects.filter(cooperative=cooperative, source_key=source_key).first()
    if existing is not None:
        return existing
    vehicle = reservation.vehicle if reservation is not None else None
    rate = penalty_rate_in_force(
        cooperative_id=cooperative.pk,
        kind=kind,
        date=date,
        vehicle_class=vehicle.vehicle_class if vehicle is not None else "",
    )
    if rate is None:
        return None
    amount = rate.amount_cents * units
    label = PenaltyKind(kind).label
    description = _("Boete: %(kind)s. %(reason)s") % {"kind": label, "reason": reason}
    receivable = account_for(cooperative=cooperative, purpose=AccountPurpose.RECEIVABLE, member=member)
    income = account_for(cooperative=cooperative, purpose=AccountPurpose.PENALTY_INCOME)
    txn, _created = transaction_post(
        cooperative=cooperative,
        date=date,
        description=description,
        source_key=source_key,
        lines=[
            Line(account=receivable, amount_cents=amount, member=member, vehicle=vehicle),
            Line(account=income, amount_cents=-amount, member=member, vehicle=vehicle),
        ],
        created_by=by,
    )
    penalty = Penalty.objects.create(
        cooperative=cooperative,
        member=member,
        kind=kind,
        rate=rate,
        reservation=reservation,
        vehicle=vehicle,
        units=units,
        amount_cents=amount,
        reason=reason[:200],
        transaction=txn,
        source_key=source_key,
        recorded_by=by,
    )
    event_record(
        cooperative_id=cooperative.pk, kind=LedgerEventKind.PENALTY_POSTED, by=by, note=f"#{penalty.pk} {description}"
    )
    from .tasks import penalty_notice_task  # tasks import this module's services

    mail.after_commit(penalty_notice_task, penalty_id=penalty.pk)
    return penalty


def late_units(*, booked_end: dt.datetime, returned_at: dt.datetime) -> int:
    """Started quarters of an hour after the booked end (0 when on time)."""
    late = (returned_at - booked_end).total_seconds()
    return max(0, math.ceil(late / (LATE_UNIT_MINUTES * 60)))


def penalty_for_late_return(
    *, reservation: Reservation, booked_end: dt.datetime, returned_at: dt.datetime
) -> Penalty | None:
    """The late-return penalty of a return recorded after the booked end: per started quarter."""
    units = late_units(booked_end=booked_end, returned_at=returned_at)
    if units == 0 or reservation.is_maintenance:
        return None
    minutes = int((returned_at - booked_end).total_seconds() // 60)
    reason = _("%(car)s %(minutes)s minuten na het einde van je reservering teruggebracht (%(units)s × 15 min).") % {
        "car": reservation.vehicle.plate,
        "minutes": minutes,
        "units": units,
    }
    return penalty_impose(
        member=reservation.member,
        kind=PenaltyKind.LATE_RETURN,
        reason=reason,
        source_key=f"penalty:late:{reservation.pk}",
        date=timezone.localdate(returned_at),
        units=units,
        reservation=reservation,
    )


def penalty_for_no_show(*, reservation: Reservation, by: Member | None) -> Penalty | None:
    """The no-show penalty of a booking marked as not driven."""
    if reservation.is_maintenance:
        return None
    reason = _("%(car)s gereserveerd op %(date)s maar niet opgehaald.") % {
        "car": reservation.vehicle.plate,
        "date": f"{timezone.localtime(reservation.starts_at):%d-%m-%Y %H:%M}",
    }
    return penalty_impose(
        member=reservation.member,
        kind=PenaltyKind.NO_SHOW,
        reason=reason,
        source_key=f"penalty:no_show:{reservation.pk}",
        date=timezone.localdate(reservation.starts_at),
        reservation=reservation,
        by=by,
    )


@transaction.atomic
def penalty_record(*, reservation: Reservation, kind: str, reason: str, by: Member) -> Penalty:
    """A caretaker (or the treasurer, or the board) records cleaning, unreported damage or
    too little fuel/battery for a reservation, with the reason; posted at once. Once per
    kind and reservation (PenaltyError otherwise, also when the ALV set no rate)."""
    if not can_record_penalty(by, reservation):
        raise PenaltyError(_("Alleen de autobeheerder, de penningmeester of het bestuur kan een boete vastleggen."))
    if kind not in RECORDED_KINDS:
        raise PenaltyError(_("Deze boete volgt uit wat is vastgelegd en wordt niet met de hand opgelegd."))
    source_key = f"penalty:{kind}:{reservation.pk}"
    if Penalty.objects.filter(cooperative_id=reservation.cooperative_id, source_key=source_key).exists():
        raise PenaltyError(_("Voor deze reservering is deze boete al opgelegd."))
    penalty = penalty_impose(
        member=reservation.member,
        kind=kind,
        reason=reason,
        source_key=source_key,
        date=timezone.localdate(),
        reservation=reservation,
        by=by,
    )
    if penalty is None:
        raise PenaltyError(_("De ALV heeft voor deze boete geen bedrag vastgesteld."))
    return penalty


# Disputes ----------------------------------------------------------------------------------


@transaction.atomic
def penalty_dispute(*, penalty: Penalty, by: Member, text: str) -> PenaltyDispute:
    """The member disputes a penalty, once (PenaltyDisputeRefused for a second: the
    database refuses it too). The board is told on its disputes page."""
    text = text.strip()
    if penalty.member_id != by.pk:
        raise PenaltyDisputeRefused(_("Alleen het lid zelf kan bezwaar maken tegen een boete."))
    if not text:
        raise PenaltyError(_("Schrijf waarom je het niet eens bent met de boete."))
    if PenaltyDispute.objects.filter(penalty=penalty).exists():
        raise PenaltyDisputeRefused(_("Je hebt al bezwaar gemaakt tegen deze boete; dat kan één keer."))
    try:
        with transaction.atomic():
            dispute = PenaltyDispute.objects.create(penalty=penalty, text=text, submitted_by=by)
    except IntegrityError:
        raise PenaltyDisputeRefused(_("Je hebt al bezwaar gemaakt tegen deze boete; dat kan één keer.")) from None
    driver = acting_driver(by)
    note = f"#{penalty.pk}" + (f" ({driver.name})" if driver is not None else "")
    event_record(cooperative_id=penalty.cooperative_id, kind=LedgerEventKind.PENALTY_DISPUTED, by=by, note=note)
    return dispute


@transaction.atomic
def penalty_dispute_decide(*, dispute: PenaltyDispute, by: Member, grant: bool, note: str = "") -> PenaltyDispute:
    """The board decides a dispute once: upheld, the penalty stays; granted, its
    transaction is reversed (a new transaction; postings are never changed). Recorded with
    the actor; the member gets an e-mail."""
    if not can_decide_disputes(by) or by.cooperative_id != dispute.penalty.cooperative_id:
        raise PenaltyError(_("Alleen het bestuur beslist over bezwaren."))
    locked = PenaltyDispute.objects.select_for_update().select_related("penalty__transaction").get(pk=dispute.pk)
    if not locked.is_open:
        raise PenaltyError(_("Over dit bezwaar is al beslist."))
    if locked.penalty.member_id == by.pk:
        raise PenaltyError(_("Over je eigen boete beslist een ander bestuurslid."))
    penalty = locked.penalty
    today = timezone.localdate()
    if grant:
        reversal, _created = transaction_reverse(
            original=penalty.transaction,
            date=today,
            description=_("Boete teruggedraaid na bezwaar: %(reason)s") % {"reason": penalty.reason},
            source_key=f"penalty-reversal:{penalty.pk}",
            created_by=by,
        )
        locked.reversal = reversal
        locked.outcome = DisputeOutcome.GRANTED
    else:
        locked.outcome = DisputeOutcome.UPHELD
    locked.decision_note = note.strip()[:200]
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    event_record(
        cooperative_id=penalty.cooperative_id,
        kind=LedgerEventKind.DISPUTE_GRANTED if grant else LedgerEventKind.DISPUTE_UPHELD,
        by=by,
        note=f"#{penalty.pk} {locked.decision_note}",
    )
    from .tasks import dispute_decided_task

    mail.after_commit(dispute_decided_task, dispute_id=locked.pk)
    return locked


# Reads -------------------------------------------------------------------------------------


def penalties_of_member(*, member: Member, limit: int = 20) -> list[Penalty]:
    """The member's penalties, newest first, with their dispute and rate's decision (one query)."""
    return list(
        Penalty.objects.filter(member=member)
        .select_related("dispute", "rate__tariff__decision", "vehicle")
        .order_by("-recorded_at", "-pk")[:limit]
    )


def disputes_of(*, cooperative_id: int, open_only: bool = False, limit: int = 100) -> list[PenaltyDispute]:
    """Disputes for the board, open ones first (one query)."""
    qs = PenaltyDispute.objects.filter(penalty__cooperative_id=cooperative_id).select_related(
        "penalty__member__user", "penalty__vehicle", "decided_by__user"
    )
    if open_only:
        qs = qs.filter(outcome=DisputeOutcome.OPEN)
    return list(qs.order_by(F("decided_at").desc(nulls_first=True), "-submitted_at")[:limit])


def penalty_rates_of(*, cooperative_id: int) -> list[PenaltyRate]:
    return list(
        PenaltyRate.objects.filter(tariff__cooperative_id=cooperative_id)
        .select_related("tariff__decision")
        .order_by("-tariff__valid_from", "kind")
    )
