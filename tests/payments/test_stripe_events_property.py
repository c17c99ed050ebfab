"""Property: whatever order (and however often) Stripe's events arrive, the books end right."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.models import Transaction
from ledger.selectors import member_balance_cents
from payments.models import Payment, PaymentMethod
from payments.services import stripe_event_process

from .factories import charge, charge_obj, intent_obj

PI = "pi_property"
EVENTS = {
    "processing": ("payment_intent.processing", lambda: intent_obj(PI, 5_000, "processing")),
    "succeeded": ("payment_intent.succeeded", lambda: intent_obj(PI, 5_000)),
    "failed": ("payment_intent.payment_failed", lambda: intent_obj(PI, 5_000, "requires_payment_method")),
    "refunded": ("charge.refunded", lambda: charge_obj(PI, 5_000, 5_000)),
}


class Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=st.lists(st.sampled_from(sorted(EVENTS)), min_size=1, max_size=7))
def test_any_order_of_events(coop, member, sequence):
    try:
        with transaction.atomic():
            charge(member, 5_000)
            Payment.objects.create(
                cooperative=coop,
                member=member,
                method=PaymentMethod.IDEAL,
                amount_cents=5_000,
                stripe_payment_intent_id=PI,
            )
            for n, name in enumerate(sequence):
                kind, obj = EVENTS[name]
                # Each event id once; some are sent twice (a replay).
                event = {"id": f"evt_{name}_{n % 2}", "type": kind, "created": n, "data": {"object": obj()}}
                stripe_event_process(cooperative=coop, event=event)
            booked = Transaction.objects.filter(source_key=f"stripe:{PI}").count()
            assert booked <= 1
            paid_for_good = "succeeded" in sequence and "refunded" not in sequence
            assert member_balance_cents(member=member) == (0 if paid_for_good else 5_000)
            raise Rollback
    except Rollback:
        pass
