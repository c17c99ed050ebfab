"""The Stripe gateway's own conversions and parameters (no server needed)."""

import pytest

from payments.gateways import stripe as gateway


def test_idempotency_keys_are_deterministic():
    assert gateway.idempotency_key(payment_id=7, attempt=1) == gateway.idempotency_key(payment_id=7, attempt=1)
    assert gateway.idempotency_key(payment_id=7, attempt=1) != gateway.idempotency_key(payment_id=7, attempt=2)


@pytest.mark.parametrize("bad", [0, -5, 12.5, True])
def test_only_positive_int_cents_go_to_stripe(bad):
    with pytest.raises(ValueError):
        gateway.to_stripe_amount(bad)


def test_sepa_confirmation_carries_the_mandate_acceptance():
    params = gateway.confirm_params(
        method="sepa_debit",
        return_url="https://x/r",
        name="A",
        email="a@x.nl",
        iban="NL44RABO0123456789",
        ip_address="10.0.0.1",
        user_agent="Firefox",
    )
    assert params["payment_method_data"]["sepa_debit"]["iban"] == "NL44RABO0123456789"
    assert params["mandate_data"]["customer_acceptance"]["online"]["ip_address"] == "10.0.0.1"
    ideal = gateway.confirm_params(method="ideal", return_url="https://x/r", name="A", email="a@x.nl")
    assert ideal["payment_method_data"]["type"] == "ideal" and "mandate_data" not in ideal
