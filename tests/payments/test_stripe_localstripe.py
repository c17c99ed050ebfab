"""PaymentIntents against localstripe (a fake Stripe server on loopback, started by the suite)."""

import pytest
import stripe

from payments.errors import PaymentError, StripeNotConfigured
from payments.gateways import stripe as gateway
from payments.models import PaymentMethod, PaymentStatus
from payments.services import payment_start

from .factories import STRIPE_KEY, charge, statement, stripe_settings

pytestmark = pytest.mark.services


def test_payment_intent_is_created_on_localstripe(localstripe, coop, member):
    stripe_settings(coop)
    charge(member, 3_599)
    st = statement(member, reference="B2026-7777", due_cents=3_599)

    payment = payment_start(member=member, method=PaymentMethod.IDEAL, amount_cents=3_599, statement=st)

    assert payment.stripe_payment_intent_id.startswith("pi_")
    assert payment.status == PaymentStatus.CREATED
    intent = stripe.StripeClient(STRIPE_KEY, base_addresses={"api": localstripe}).payment_intents.retrieve(
        payment.stripe_payment_intent_id
    )
    assert intent["amount"] == 3_599
    assert intent["currency"] == "eur"
    assert intent["metadata"]["deel_payment"] == str(payment.pk)
    assert intent["metadata"]["deel_statement"] == str(st.pk)
    info = gateway.payment_intent_retrieve(stripe_settings(coop), intent_id=payment.stripe_payment_intent_id)
    assert info.status == "requires_payment_method"
    assert info.amount_cents == 3_599


def test_sepa_debit_intent_for_a_top_up(localstripe, coop, member):
    stripe_settings(coop)
    payment = payment_start(member=member, method=PaymentMethod.SEPA_DEBIT, amount_cents=2_500)
    info = gateway.payment_intent_retrieve(stripe_settings(coop), intent_id=payment.stripe_payment_intent_id)
    assert info.amount_cents == 2_500


def test_unreachable_stripe_is_a_friendly_error(coop, member):
    stripe_settings(coop)
    previous = stripe.api_base
    stripe.api_base = "http://127.0.0.1:9"  # nothing listens on the discard port
    try:
        with pytest.raises(PaymentError, match="niet bereikbaar"):
            payment_start(member=member, method=PaymentMethod.IDEAL, amount_cents=1_000)
    finally:
        stripe.api_base = previous


def test_without_keys_online_payment_is_not_offered(coop, member):
    with pytest.raises(StripeNotConfigured):
        payment_start(member=member, method=PaymentMethod.IDEAL, amount_cents=1_000)
