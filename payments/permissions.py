"""Who may do what with payments, and the state rules views and services share.

Roles are data; the role matrix is tested in tests/payments/test_views.py. The state
predicates below are used by the services (which raise the domain error) and by the views
(which pass the booleans to the templates).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from members.models import Member, Role
from members.permissions import has_any_role, is_member, is_treasurer

from .models import (
    BankLine,
    BankLineStatus,
    CollectionStatus,
    Mandate,
    MandateStatus,
    Payment,
    PaymentFlag,
    PaymentStatus,
    SepaBatch,
)


def can_pay(member: Member) -> bool:
    """Every member (a suspended one too: paying is how the suspension ends)."""
    return is_member(member)


def can_manage_payments(member: Member) -> bool:
    """Stripe keys, SEPA batches, bank import, assigning bank lines: the treasurer."""
    return is_treasurer(member)


def can_read_payments(member: Member) -> bool:
    """Batches, bank imports and the queue: the treasurer, and the audit committee reads."""
    return is_treasurer(member) or has_any_role(member, {Role.AUDIT})


def can_see_arrears(member: Member) -> bool:
    """The arrears list: the board, the treasurer and the audit committee."""
    return is_treasurer(member) or has_any_role(member, {Role.BOARD, Role.AUDIT})


# --- state rules ---------------------------------------------------------------------


def batch_cancel_refusal(batch: SepaBatch) -> str:
    """Why `batch` can no longer be cancelled ("" when it can): the bank has handled it."""
    if batch.cancelled_at is not None:
        return _("Deze incassobatch is al geannuleerd.")
    if batch.bank_lines.exists():
        return _(
            "De bank heeft deze incassobatch al bijgeschreven (zie de bankimport); "
            "annuleren zou de leden een tweede keer laten betalen."
        )
    if batch.collections.filter(status=CollectionStatus.RETURNED).exists():
        return _("Er zijn al storno's op deze incassobatch: de bank heeft hem verwerkt. Annuleren kan niet meer.")
    return ""


def can_cancel_batch(batch: SepaBatch) -> bool:
    """A batch may be cancelled until the bank credited it or returned one of its collections."""
    return batch_cancel_refusal(batch) == ""


def can_download_batch(batch: SepaBatch) -> bool:
    """A cancelled batch's file never goes to the bank again: its balances are open again."""
    return batch.cancelled_at is None


def can_revoke_mandate(mandate: Mandate, member: Member) -> bool:
    """An active mandate is revoked by its own member or by the cooperative's treasurer."""
    if mandate.status != MandateStatus.ACTIVE:
        return False
    return member.pk == mandate.member_id or (member.cooperative_id == mandate.cooperative_id and is_treasurer(member))


def can_assign_line(line: BankLine) -> bool:
    """Only incoming money waiting in the queue is assigned to a member by hand (once)."""
    return line.status == BankLineStatus.QUEUED and line.amount_cents > 0


def can_resolve_flag(flag: PaymentFlag, member: Member) -> bool:
    """A returned direct debit's flag is marked as dealt with from its own cooperative."""
    return member.cooperative_id == flag.cooperative_id


def can_confirm_payment(payment: Payment) -> bool:
    """A payment is confirmed with Stripe once: while it is new and has its PaymentIntent."""
    return payment.status == PaymentStatus.CREATED and bool(payment.stripe_payment_intent_id)
