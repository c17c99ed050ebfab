"""Deposits (borg): one per membership (a household is one membership), charged on the
member's account against the deposit liability account, returned by reversing that charge
when the member leaves (the refund then reaches them as any credit balance does)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Cooperative, Member, Role
from members.permissions import has_any_role

from .errors import DepositError
from .models import AccountPurpose, Deposit, LedgerEventKind
from .services.accounts import account_for
from .services.events import event_record
from .services.posting import Line, transaction_post, transaction_reverse


def can_manage_deposits(member: Member) -> bool:
    return member.is_active and has_any_role(member, {Role.TREASURER})


def deposit_held(*, member: Member) -> Deposit | None:
    """The deposit the cooperative holds for `member`, if any (one query)."""
    return Deposit.objects.filter(member=member, refund__isnull=True).first()


@transaction.atomic
def deposit_charge(*, member: Member, by: Member | None, amount_cents: int | None = None) -> Deposit | None:
    """Charge the deposit once per membership: the statutes' amount (or `amount_cents`, set
    by the treasurer). Returns None when the amount is 0; DepositError when one is held."""
    if by is not None and not can_manage_deposits(by):
        raise DepositError(_("Alleen de penningmeester brengt een borg in rekening."))
    cooperative = member.cooperative
    amount = cooperative.deposit_cents if amount_cents is None else amount_cents
    if not isinstance(amount, int) or amount < 0:
        raise DepositError(_("Een borg is een bedrag van nul of meer."))
    if amount == 0:
        return None
    if deposit_held(member=member) is not None:
        raise DepositError(_("Voor dit lid is al een borg betaald."))
    count = Deposit.objects.filter(member=member).count()
    receivable = account_for(cooperative=cooperative, purpose=AccountPurpose.RECEIVABLE, member=member)
    held = account_for(cooperative=cooperative, purpose=AccountPurpose.DEPOSIT, member=member)
    txn, _created = transaction_post(
        cooperative=cooperative,
        date=timezone.localdate(),
        description=_("Borg lidmaatschap"),
        source_key=f"deposit:{member.pk}:{count + 1}",
        lines=[
            Line(account=receivable, amount_cents=amount, member=member),
            Line(account=held, amount_cents=-amount, member=member),
        ],
        created_by=by,
    )
    deposit = Deposit.objects.create(
        cooperative=cooperative, member=member, amount_cents=amount, charge=txn, charged_by=by
    )
    event_record(cooperative_id=cooperative.pk, kind=LedgerEventKind.DEPOSIT_CHARGED, by=by, note=f"{member.name}")
    return deposit


@transaction.atomic
def deposit_return(*, member: Member, by: Member | None) -> Deposit | None:
    """Return the held deposit (its charge reversed onto the member's account). None when
    nothing is held; never twice (the reversal's source key and the row say so)."""
    deposit = Deposit.objects.select_for_update().filter(member=member, refund__isnull=True).first()
    if deposit is None:
        return None
    refund, _created = transaction_reverse(
        original=deposit.charge,
        date=timezone.localdate(),
        description=_("Borg terug bij einde lidmaatschap"),
        source_key=f"deposit-return:{deposit.pk}",
        created_by=by,
    )
    deposit.refund = refund
    deposit.returned_at = timezone.now()
    deposit.returned_by = by
    deposit.save(update_fields=["refund", "returned_at", "returned_by"])
    event_record(
        cooperative_id=member.cooperative_id, kind=LedgerEventKind.DEPOSIT_RETURNED, by=by, note=f"{member.name}"
    )
    return deposit


def deposits_held_of(*, cooperative: Cooperative, limit: int = 500) -> list[Deposit]:
    """The deposits the cooperative holds, by member (one query)."""
    return list(
        Deposit.objects.filter(cooperative=cooperative, refund__isnull=True)
        .select_related("member__user")
        .order_by("member__number", "pk")[:limit]
    )
