"""The one wrapper around Stripe: every call to Stripe goes through here.

- The API version is pinned (STRIPE_API_VERSION); each cooperative has its own account,
  so every call uses a `stripe.StripeClient` with that cooperative's secret key.
- Idempotency keys are deterministic (payment id and attempt), never random, so a
  retried request can never create a second PaymentIntent.
- Only this module converts cents to Stripe's amounts (`to_stripe_amount`,
  `from_stripe_amount`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import stripe

from ..crypto import decrypt
from ..models import PaymentMethod, PaymentSettings

STRIPE_API_VERSION = "2025-08-27.basil"
CURRENCY = "eur"
# A signed webhook older than this (seconds) is refused (replay protection).
WEBHOOK_TOLERANCE = 300


class StripeUnavailable(Exception):
    """Stripe answered with an error or could not be reached."""


def to_stripe_amount(cents: int) -> int:
    """Integer euro cents to Stripe's amount (minor units of EUR). The only conversion to Stripe."""
    if not isinstance(cents, int) or isinstance(cents, bool) or cents <= 0:
        raise ValueError("amount must be positive int cents")
    return cents


def from_stripe_amount(amount: Any, currency: str = CURRENCY) -> int:
    """Stripe's amount (minor units) back to integer cents; only EUR is accepted."""
    if str(currency).lower() != CURRENCY:
        raise ValueError(f"unexpected currency {currency}")
    return int(amount)


def idempotency_key(*, payment_id: int, attempt: int, action: str = "create") -> str:
    return f"deel-pi-{action}-payment-{payment_id}-attempt-{attempt}"


def client_for(payment_settings: PaymentSettings) -> stripe.StripeClient:
    secret = decrypt(payment_settings.stripe_secret_key_encrypted)
    if not secret:
        raise StripeUnavailable("no Stripe key")
    # stripe.api_base is read at call time so tests can point it at localstripe.
    return stripe.StripeClient(
        secret,
        stripe_version=STRIPE_API_VERSION,
        base_addresses={"api": stripe.api_base},
        max_network_retries=2,
    )


@dataclass(frozen=True)
class IntentInfo:
    id: str
    status: str
    client_secret: str
    amount_cents: int
    redirect_url: str = ""


def _info(intent: Any) -> IntentInfo:
    next_action = intent.get("next_action") or {}
    redirect = (next_action.get("redirect_to_url") or {}).get("url", "") if next_action else ""
    return IntentInfo(
        id=intent["id"],
        status=intent["status"],
        client_secret=intent.get("client_secret") or "",
        amount_cents=from_stripe_amount(intent["amount"], intent.get("currency", CURRENCY)),
        redirect_url=redirect or "",
    )


def payment_intent_create(
    payment_settings: PaymentSettings,
    *,
    payment_id: int,
    attempt: int,
    amount_cents: int,
    method: str,
    cooperative_slug: str,
    member_id: int,
    statement_id: int | None,
) -> IntentInfo:
    """Create a PaymentIntent for iDEAL | Wero or SEPA Direct Debit (not yet confirmed)."""
    if method not in (PaymentMethod.IDEAL, PaymentMethod.SEPA_DEBIT):
        raise ValueError(method)
    params: dict[str, Any] = {
        "amount": to_stripe_amount(amount_cents),
        "currency": CURRENCY,
        "payment_method_types": [str(method)],
        "metadata": {
            "deel_payment": str(payment_id),
            "deel_coop": cooperative_slug,
            "deel_member": str(member_id),
            "deel_statement": str(statement_id or ""),
        },
    }
    try:
        intent = client_for(payment_settings).payment_intents.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": idempotency_key(payment_id=payment_id, attempt=attempt)},
        )
    except stripe.StripeError as exc:
        raise StripeUnavailable(str(exc)) from exc
    return _info(intent)


def confirm_params(
    *,
    method: str,
    return_url: str,
    name: str,
    email: str,
    iban: str = "",
    ip_address: str = "",
    user_agent: str = "",
) -> dict[str, Any]:
    """The server-side confirmation Stripe documents for redirect (iDEAL) and SEPA Direct Debit."""
    params: dict[str, Any] = {
        "return_url": return_url,
        "payment_method_data": {"type": str(method), "billing_details": {"name": name, "email": email}},
    }
    if method == PaymentMethod.SEPA_DEBIT:
        params["payment_method_data"]["sepa_debit"] = {"iban": iban}
        params["mandate_data"] = {
            "customer_acceptance": {
                "type": "online",
                "online": {"ip_address": ip_address or "127.0.0.1", "user_agent": user_agent or "unknown"},
            }
        }
    return params


def payment_intent_confirm(
    payment_settings: PaymentSettings, *, intent_id: str, payment_id: int, attempt: int, params: dict[str, Any]
) -> IntentInfo:
    """Confirm on the server; for iDEAL the result carries the bank's redirect URL."""
    try:
        intent = client_for(payment_settings).payment_intents.confirm(
            intent_id,
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": idempotency_key(payment_id=payment_id, attempt=attempt, action="confirm")},
        )
    except stripe.StripeError as exc:
        raise StripeUnavailable(str(exc)) from exc
    return _info(intent)


def payment_intent_retrieve(payment_settings: PaymentSettings, *, intent_id: str) -> IntentInfo:
    try:
        intent = client_for(payment_settings).payment_intents.retrieve(intent_id)
    except stripe.StripeError as exc:
        raise StripeUnavailable(str(exc)) from exc
    return _info(intent)


def webhook_event(payment_settings: PaymentSettings, *, payload: bytes, signature: str) -> Any:
    """Verify the Stripe-Signature header on the raw body; raises ValueError when it does not match
    or is older than WEBHOOK_TOLERANCE."""
    secret = decrypt(payment_settings.stripe_webhook_secret_encrypted)
    if not secret:
        raise ValueError("no webhook secret")
    try:
        return stripe.Webhook.construct_event(  # type: ignore[no-untyped-call]
            payload, signature, secret, tolerance=WEBHOOK_TOLERANCE
        )
    except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from exc
