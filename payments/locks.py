"""The row locks of the payments app, in one place (Saleor's `lock_objects.py`).

Every lock is `order_by("pk").select_for_update()` (two transactions that lock the same rows
take them in the same order, so they never deadlock), taken inside the caller's
transaction. `of=("self",)` where the query joins other tables: PostgreSQL locks only the
rows asked for, and refuses FOR UPDATE on the nullable side of an outer join anyway.
On SQLite select_for_update is a no-op; the transaction itself serialises writers.
"""

from __future__ import annotations

from members.models import Cooperative, Member

from .models import BankLine, Mandate, MandateStatus, Payment, PaymentFlag, PaymentSettings, SepaBatch, SepaCollection


def payment_settings_lock(*, cooperative: Cooperative) -> PaymentSettings:
    """The cooperative's settings row, made if missing. SEPA batches are created and cancelled
    under this lock: one batch at a time per cooperative."""
    settings, _created = (
        PaymentSettings.objects.order_by("pk").select_for_update().get_or_create(cooperative=cooperative)
    )
    return settings


def sepa_batch_lock(*, batch_id: int) -> SepaBatch:
    return SepaBatch.objects.order_by("pk").select_for_update().get(pk=batch_id)


def sepa_collections_lock(*, batch: SepaBatch) -> list[SepaCollection]:
    """The batch's collections, with their payment's transaction and mandate loaded. The
    transaction is a nullable foreign key (an outer join), so only the collection rows are
    locked (`of=("self",)`): PostgreSQL refuses FOR UPDATE on the nullable side of an outer join."""
    return list(
        SepaCollection.objects.filter(batch=batch)
        .select_related("payment__transaction", "mandate")
        .order_by("pk")
        .select_for_update(of=("self",))
    )


def bank_line_lock(*, line_id: int) -> BankLine:
    return BankLine.objects.order_by("pk").select_for_update().get(pk=line_id)


def payment_flag_lock(*, flag_id: int) -> PaymentFlag:
    return PaymentFlag.objects.order_by("pk").select_for_update().get(pk=flag_id)


def payment_by_intent_lock(*, cooperative: Cooperative, intent_id: str) -> Payment | None:
    """The payment of a Stripe PaymentIntent (member, user and cooperative loaded, only the
    payment row locked), or None."""
    return (
        Payment.objects.filter(cooperative=cooperative, stripe_payment_intent_id=intent_id)
        .select_related("member__user", "cooperative")
        .order_by("pk")
        .select_for_update(of=("self",))
        .first()
    )


def mandate_lock(*, mandate_id: int) -> Mandate:
    return Mandate.objects.order_by("pk").select_for_update().get(pk=mandate_id)


def mandate_signer_lock(*, member: Member) -> tuple[Member, list[Mandate]]:
    """The member signing a mandate, and their active mandates: one signing at a time per
    member, so at most one mandate stays active."""
    locked = Member.objects.order_by("pk").select_for_update().get(pk=member.pk)
    active = Mandate.objects.filter(member=locked, status=MandateStatus.ACTIVE).order_by("pk").select_for_update()
    return locked, list(active)
