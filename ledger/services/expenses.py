"""Expense claims (declaraties): submitted by a member, decided by the treasurer."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.uploads import accept_document
from members.models import Member, MemberRole, Role
from reservations.models import Receipt, ReceiptKind
from vehicles.models import Vehicle

from ..errors import ExpenseError
from ..locks import expense_lock
from ..models import AccountPurpose, CarCost, CostCategory, Expense, ExpenseStatus, LedgerEventKind, Transaction
from ..permissions import can_decide_expense
from .accounts import account_for
from .costs import car_cost_post
from .events import event_record
from .posting import Line, transaction_post
from .trips import booking_date


@transaction.atomic
def expense_submit(
    *,
    member: Member,
    description: str,
    amount_cents: int,
    spent_on: dt.date,
    category: str = CostCategory.FUEL,
    vehicle: Vehicle | None = None,
    attachment: UploadedFile | None = None,
) -> Expense:
    """A member's claim, submitted for the treasurer's decision. Nothing is posted yet."""
    if amount_cents <= 0:
        raise ExpenseError(_("Het bedrag moet groter zijn dan nul."))
    if vehicle is not None and vehicle.cooperative_id != member.cooperative_id:
        raise ExpenseError(_("Deze auto hoort niet bij jouw coöperatie."))
    if spent_on > timezone.localdate():
        raise ExpenseError(_("De datum ligt in de toekomst."))
    if attachment is not None:
        attachment = accept_document(attachment)  # UploadRejected (a DomainError) if not a PDF/image
    expense = Expense(
        cooperative=member.cooperative,
        member=member,
        vehicle=vehicle,
        category=category,
        description=description.strip(),
        amount_cents=amount_cents,
        spent_on=spent_on,
    )
    if attachment is not None:
        expense.attachment = attachment
    expense.full_clean()
    expense.save()
    return expense


@transaction.atomic
def expense_from_receipt(*, receipt: Receipt) -> Expense:
    """The claim of a fuel or charging receipt added to a trip (once per receipt)."""
    existing = Expense.objects.filter(receipt=receipt).first()
    if existing is not None:
        return existing
    trip = receipt.trip
    label = _("Laden") if receipt.kind == ReceiptKind.CHARGING else _("Tanken")
    category = CostCategory.FUEL if receipt.kind in (ReceiptKind.FUEL, ReceiptKind.CHARGING) else CostCategory.OTHER
    expense = Expense(
        cooperative=trip.cooperative,
        member=receipt.member,
        vehicle=trip.vehicle,
        receipt=receipt,
        category=category,
        description=f"{label} {trip.vehicle.plate}",
        amount_cents=receipt.amount_cents,
        spent_on=receipt.paid_on,
    )
    expense.full_clean()
    expense.save()
    return expense


def claimant_is_treasurer(expense: Expense) -> bool:
    """The claim is the treasurer's own, or a treasurer entered it (a car cost paid by a
    member): then the board may decide it too, so it never stays stuck."""
    involved = [expense.member_id, entered_by_id(expense)]
    return MemberRole.objects.filter(member_id__in=[pk for pk in involved if pk], role=Role.TREASURER).exists()


def entered_by_id(expense: Expense) -> int | None:
    """Who entered the claim on the member's behalf (a car cost paid by a member), if anyone."""
    cost = expense.car_cost
    return cost.created_by_id if cost is not None else None


def _lock_submitted(expense: Expense, by: Member) -> Expense:
    if by.cooperative_id != expense.cooperative_id:
        raise ExpenseError(_("Alleen de penningmeester beoordeelt declaraties."))
    if by.pk == expense.member_id:
        raise ExpenseError(_("Je kunt je eigen declaratie niet beoordelen."))
    if by.pk == entered_by_id(expense):
        raise ExpenseError(_("Je hebt deze kosten zelf ingevoerd; een ander beoordeelt ze."))
    if not can_decide_expense(
        by,
        claimant_is_treasurer=claimant_is_treasurer(expense),
        claimant_id=expense.member_id,
        entered_by_id=entered_by_id(expense),
    ):
        raise ExpenseError(
            _("Alleen de penningmeester beoordeelt declaraties; die van de penningmeester zelf beoordeelt het bestuur.")
        )
    locked = expense_lock(expense.pk)
    if not locked.is_submitted:
        raise ExpenseError(_("Deze declaratie is al beoordeeld."))
    return locked


@transaction.atomic
def expense_approve(*, expense: Expense, by: Member, on: dt.date | None = None) -> Expense:
    """Approve a claim and credit it to the member at once (cost account of the car and
    category), booked today or `on` (moved to today when that period is already settled).
    By the treasurer (a treasurer's own claim: another treasurer or the board), never by
    the claimant; once only."""
    locked = _lock_submitted(expense, by)
    cooperative = locked.cooperative
    txn = _approve_car_cost(locked, by) if locked.car_cost_id else _post_claim(locked, by, on)
    locked.status = ExpenseStatus.APPROVED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.transaction = txn
    locked.full_clean()
    locked.save()
    event_record(cooperative_id=cooperative.pk, kind=LedgerEventKind.EXPENSE_APPROVED, by=by, expense=locked)
    return locked


def _approve_car_cost(expense: Expense, by: Member) -> Transaction:
    """A car cost paid by a member, now approved: posted from its own date (or today when
    that period is already settled), credited to the member."""
    assert expense.car_cost_id is not None  # only called for a car cost's claim
    cost = CarCost.objects.select_related("cooperative", "vehicle", "paid_by_member").get(pk=expense.car_cost_id)
    return car_cost_post(cost=cost, date=booking_date(cooperative=cost.cooperative, date=cost.incurred_on), by=by)


def _post_claim(locked: Expense, by: Member, on: dt.date | None) -> Transaction:
    cooperative = locked.cooperative
    date = booking_date(cooperative=cooperative, date=on or timezone.localdate())
    cost = account_for(
        cooperative=cooperative, purpose=AccountPurpose.CAR_COST, vehicle=locked.vehicle, category=locked.category
    )
    receivable = account_for(cooperative=cooperative, purpose=AccountPurpose.RECEIVABLE, member=locked.member)
    txn, _created = transaction_post(
        cooperative=cooperative,
        date=date,
        description=_("Declaratie: %(description)s") % {"description": locked.description},
        source_key=f"expense:{locked.pk}",
        lines=[
            Line(account=cost, amount_cents=locked.amount_cents, member=locked.member, vehicle=locked.vehicle),
            Line(account=receivable, amount_cents=-locked.amount_cents, member=locked.member, vehicle=locked.vehicle),
        ],
        created_by=by,
    )
    return txn


@transaction.atomic
def expense_refuse(*, expense: Expense, by: Member, reason: str) -> Expense:
    """Refuse a claim with a reason the member sees. Nothing is posted."""
    if not reason.strip():
        raise ExpenseError(_("Geef een reden voor de afwijzing."))
    locked = _lock_submitted(expense, by)
    locked.status = ExpenseStatus.REFUSED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.refusal_reason = reason.strip()[:200]
    locked.full_clean()
    locked.save()
    event_record(
        cooperative_id=locked.cooperative_id,
        kind=LedgerEventKind.EXPENSE_REFUSED,
        by=by,
        expense=locked,
        note=locked.refusal_reason,
    )
    return locked
