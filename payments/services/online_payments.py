"""Online payments through Stripe: starting a PaymentIntent, confirming it, and the webhook.

Booking happens only from verified webhook events: a succeeded PaymentIntent is posted
once (source "stripe:<payment_intent id>"), a refund reverses it. Events are stored
once per id and may arrive in any order; a payment's status only moves forward.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deel import mail
from ledger.models import AccountPurpose, Statement, Transaction
from ledger.services import transaction_reverse
from members.models import Cooperative, Member

from .. import tasks
from ..errors import PaymentError, StripeNotConfigured
from ..gateways import stripe as gateway
from ..locks import payment_by_intent_lock
from ..models import Payment, PaymentMethod, PaymentSettings, PaymentStatus, StripeEvent
from ..permissions import can_confirm_payment
from .postings import receipt_post

log = logging.getLogger(__name__)

MAX_ONLINE_CENTS = 10_000_00  # a typo guard: nobody tops up more than EUR 10,000 online


def _settings(cooperative: Cooperative) -> PaymentSettings:
    found = PaymentSettings.objects.filter(cooperative=cooperative).first()
    if found is None or not found.stripe_enabled:
        raise StripeNotConfigured(_("Online betalen is bij deze coöperatie niet ingesteld."))
    return found


@transaction.atomic
def payment_start(*, member: Member, method: str, amount_cents: int, statement: Statement | None = None) -> Payment:
    """Record a payment and create its Stripe PaymentIntent (idempotency key from the payment id
    and attempt). Raises StripeNotConfigured without keys, PaymentError for a wrong amount."""
    cooperative = member.cooperative
    settings = _settings(cooperative)
    if method not in (PaymentMethod.IDEAL, PaymentMethod.SEPA_DEBIT):
        raise PaymentError(_("Kies iDEAL | Wero of SEPA-incasso."))
    if statement is not None and statement.member_id != member.pk:
        raise PaymentError(_("Dit afschrift is niet van jou."))
    if not isinstance(amount_cents, int) or amount_cents < 100:
        raise PaymentError(_("Het bedrag moet minstens € 1,00 zijn."))
    if amount_cents > MAX_ONLINE_CENTS:
        raise PaymentError(_("Het bedrag is te hoog voor een online betaling; maak het over per bank."))
    payment = Payment(
        cooperative=cooperative,
        member=member,
        statement=statement,
        method=method,
        amount_cents=amount_cents,
        description=(_("Afschrift %(number)s") % {"number": statement.number} if statement else _("Saldo aanvullen")),
    )
    payment.full_clean()
    payment.save()
    try:
        info = gateway.payment_intent_create(
            settings,
            payment_id=payment.pk,
            attempt=payment.attempt,
            amount_cents=amount_cents,
            method=method,
            cooperative_slug=cooperative.slug,
            member_id=member.pk,
            statement_id=statement.pk if statement else None,
        )
    except gateway.StripeUnavailable as exc:
        log.warning("Stripe PaymentIntent create failed for payment %s: %s", payment.pk, exc)
        raise PaymentError(_("Stripe is nu niet bereikbaar. Probeer het later opnieuw.")) from None
    payment.stripe_payment_intent_id = info.id
    payment.save(update_fields=["stripe_payment_intent_id", "updated_at"])
    return payment


def payment_confirm(
    *, payment: Payment, return_url: str, iban: str = "", ip_address: str = "", user_agent: str = ""
) -> str:
    """Confirm the PaymentIntent on the server (Stripe's redirect flow). Returns the URL to send
    the member to: the bank's page for iDEAL | Wero, else `return_url`."""
    settings = _settings(payment.cooperative)
    if not can_confirm_payment(payment) or payment.stripe_payment_intent_id is None:
        raise PaymentError(_("Deze betaling is al verwerkt."))
    params = gateway.confirm_params(
        method=payment.method,
        return_url=return_url,
        name=payment.member.name,
        email=payment.member.user.email,
        iban=iban,
        ip_address=ip_address,
        user_agent=user_agent,
    )
    try:
        info = gateway.payment_intent_confirm(
            settings,
            intent_id=payment.stripe_payment_intent_id,
            payment_id=payment.pk,
            attempt=payment.attempt,
            params=params,
        )
    except gateway.StripeUnavailable as exc:
        log.warning("Stripe confirm failed for payment %s: %s", payment.pk, exc)
        raise PaymentError(_("Stripe kon de betaling niet starten. Controleer je gegevens en probeer het opnieuw."))
    return info.redirect_url or return_url


# --- webhook -------------------------------------------------------------------------

_PI_EVENTS = {
    "payment_intent.processing": PaymentStatus.PROCESSING,
    "payment_intent.succeeded": PaymentStatus.SUCCEEDED,
    "payment_intent.payment_failed": PaymentStatus.FAILED,
    "payment_intent.canceled": PaymentStatus.FAILED,
}


def _object(event: Any) -> dict[str, Any]:
    # A StripeObject is a dict; dict() is what its deprecated to_dict() did.
    return dict(event["data"]["object"])


@transaction.atomic
def stripe_event_process(*, cooperative: Cooperative, event: Any) -> str:
    """Apply one verified Stripe event. Guarantees: each event id is applied at most once
    (replays return "duplicate"); a payment is posted once when it succeeds and reversed
    once when it is refunded; a failure after success, or a stale event, changes nothing.
    Returns what happened (for the log)."""
    obj = _object(event)
    record = StripeEvent(
        cooperative=cooperative,
        event_id=str(event["id"]),
        type=str(event["type"])[:60],
        object_id=str(obj.get("id", ""))[:80],
        stripe_created=int(event.get("created") or 0),
    )
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        return "duplicate"
    outcome = _apply(cooperative, str(event["type"]), obj)
    record.outcome = outcome
    record.save(update_fields=["outcome"])
    return outcome


def _apply(cooperative: Cooperative, kind: str, obj: dict[str, Any]) -> str:
    if kind in _PI_EVENTS:
        intent_id = obj.get("id", "")
    elif kind == "charge.refunded":
        intent_id = obj.get("payment_intent") or ""
    else:
        return "ignored"
    payment = payment_by_intent_lock(cooperative=cooperative, intent_id=intent_id)
    if payment is None:
        return "unknown"
    if kind == "charge.refunded":
        return _refund(payment, obj)
    target = _PI_EVENTS[kind]
    current = payment.status
    if target == PaymentStatus.PROCESSING:
        if current != PaymentStatus.CREATED:
            return "stale"
        payment.status = target
        payment.save(update_fields=["status", "updated_at"])
        return "processing"
    if target == PaymentStatus.SUCCEEDED:
        if current not in (PaymentStatus.CREATED, PaymentStatus.PROCESSING, PaymentStatus.FAILED):
            return "stale"
        amount = gateway.from_stripe_amount(obj.get("amount_received") or obj["amount"], obj.get("currency", "eur"))
        today = timezone.localdate()
        txn, _created = receipt_post(
            cooperative=cooperative,
            member=payment.member,
            amount_cents=amount,
            date=today,
            description=_("Betaling %(method)s: %(what)s")
            % {"method": payment.get_method_display(), "what": payment.description},
            source_key=f"stripe:{payment.stripe_payment_intent_id}",
            debit_purpose=AccountPurpose.STRIPE_CLEARING,
        )
        payment.status = PaymentStatus.SUCCEEDED
        payment.amount_cents = amount
        payment.transaction = txn
        payment.paid_on = today
        payment.save(update_fields=["status", "amount_cents", "transaction", "paid_on", "updated_at"])
        return "posted"
    # failed or canceled: never undoes a success (a late failure is stale)
    if current not in (PaymentStatus.CREATED, PaymentStatus.PROCESSING):
        return "stale"
    payment.status = PaymentStatus.FAILED
    payment.save(update_fields=["status", "updated_at"])
    mail.after_commit(tasks.send_payment_problem_mail, payment.pk, "failed")
    return "failed"


def _refund(payment: Payment, charge: dict[str, Any]) -> str:
    refunded = gateway.from_stripe_amount(charge.get("amount_refunded") or 0, charge.get("currency", "eur"))
    if refunded <= payment.refunded_cents:
        return "stale"
    if payment.status not in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED):
        # The refund overtook the success event: remember it; the late success is then stale.
        payment.refunded_cents = refunded
        payment.status = PaymentStatus.REFUNDED
        payment.save(update_fields=["refunded_cents", "status", "updated_at"])
        mail.after_commit(tasks.send_payment_problem_mail, payment.pk, "refunded")
        return "refunded-unposted"
    today = timezone.localdate()
    original: Transaction | None = payment.transaction
    if original is not None and refunded >= payment.amount_cents and payment.refunded_cents == 0:
        transaction_reverse(
            original=original,
            date=today,
            description=_("Terugbetaling: %(what)s") % {"what": payment.description},
            source_key=f"stripe-refund:{payment.stripe_payment_intent_id}",
        )
    else:
        delta = refunded - payment.refunded_cents
        receipt_post(
            cooperative=payment.cooperative,
            member=payment.member,
            amount_cents=-delta,
            date=today,
            description=_("Gedeeltelijke terugbetaling: %(what)s") % {"what": payment.description},
            source_key=f"stripe-refund:{payment.stripe_payment_intent_id}:{refunded}",
            debit_purpose=AccountPurpose.STRIPE_CLEARING,
        )
    payment.refunded_cents = refunded
    if refunded >= payment.amount_cents:
        payment.status = PaymentStatus.REFUNDED
    payment.save(update_fields=["refunded_cents", "status", "updated_at"])
    mail.after_commit(tasks.send_payment_problem_mail, payment.pk, "refunded")
    return "reversed"
