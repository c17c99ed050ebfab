"""The Stripe webhook: signatures, replays, out-of-order events, failures and refunds."""

import time

import pytest
from django.urls import reverse

from ledger.models import Transaction
from ledger.selectors import member_balance_cents
from payments.models import Payment, PaymentMethod, PaymentStatus, StripeEvent

from .factories import WEBHOOK_SECRET, charge, charge_obj, event_payload, intent_obj, sign_payload, stripe_settings

PI = "pi_3TestDeel0001"


@pytest.fixture
def payment(coop, member):
    stripe_settings(coop)
    charge(member, 4_250)
    return Payment.objects.create(
        cooperative=coop,
        member=member,
        method=PaymentMethod.IDEAL,
        amount_cents=4_250,
        stripe_payment_intent_id=PI,
        description="Afschrift T1",
    )


def post(client, coop, payload, header=None):
    return client.post(
        reverse("stripe_webhook", kwargs={"coop": coop.slug}),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header if header is not None else sign_payload(payload),
    )


def send(client, coop, event_id, kind, obj):
    return post(client, coop, event_payload(event_id, kind, obj))


def test_good_signature_posts_the_payment_once(client, coop, member, payment):
    response = send(client, coop, "evt_1", "payment_intent.succeeded", intent_obj(PI, 4_250))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert member_balance_cents(member=member) == 0
    assert Transaction.objects.filter(source_key=f"stripe:{PI}").count() == 1


@pytest.mark.parametrize(
    "header",
    [
        "t=1,v1=deadbeef",
        "",
        "garbage",
    ],
)
def test_bad_signature_is_refused_and_nothing_stored(client, coop, member, payment, header):
    payload = event_payload("evt_bad", "payment_intent.succeeded", intent_obj(PI, 4_250))
    response = post(client, coop, payload, header=header)
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0
    assert member_balance_cents(member=member) == 4_250


def test_signature_with_another_secret_is_refused(client, coop, member, payment):
    payload = event_payload("evt_other", "payment_intent.succeeded", intent_obj(PI, 4_250))
    response = post(client, coop, payload, header=sign_payload(payload, secret="whsec_someone_else"))
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


def test_stale_signature_is_refused(client, coop, member, payment):
    payload = event_payload("evt_old", "payment_intent.succeeded", intent_obj(PI, 4_250))
    response = post(client, coop, payload, header=sign_payload(payload, timestamp=int(time.time()) - 3600))
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0
    assert payment.__class__.objects.get(pk=payment.pk).status == PaymentStatus.CREATED


def test_tampered_body_is_refused(client, coop, member, payment):
    payload = event_payload("evt_t", "payment_intent.succeeded", intent_obj(PI, 4_250))
    header = sign_payload(payload)
    response = post(client, coop, payload.replace("4250", "9999"), header=header)
    assert response.status_code == 400


def test_replaying_an_event_ten_times_posts_once(client, coop, member, payment):
    payload = event_payload("evt_replay", "payment_intent.succeeded", intent_obj(PI, 4_250))
    for _ in range(10):
        assert post(client, coop, payload).status_code == 200
    assert StripeEvent.objects.filter(event_id="evt_replay").count() == 1
    assert Transaction.objects.filter(source_key__startswith="stripe").count() == 1
    assert member_balance_cents(member=member) == 0


def test_the_same_success_under_new_event_ids_still_posts_once(client, coop, member, payment):
    for i in range(3):
        send(client, coop, f"evt_dup_{i}", "payment_intent.succeeded", intent_obj(PI, 4_250))
    assert Transaction.objects.filter(source_key__startswith="stripe").count() == 1


def test_succeeded_before_processing(client, coop, member, payment):
    send(client, coop, "evt_s", "payment_intent.succeeded", intent_obj(PI, 4_250))
    send(client, coop, "evt_p", "payment_intent.processing", intent_obj(PI, 4_250, "processing"))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert member_balance_cents(member=member) == 0


def test_failed_after_succeeded_is_ignored(client, coop, member, payment, mailoutbox):
    send(client, coop, "evt_s", "payment_intent.succeeded", intent_obj(PI, 4_250))
    send(client, coop, "evt_f", "payment_intent.payment_failed", intent_obj(PI, 4_250, "requires_payment_method"))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert member_balance_cents(member=member) == 0
    assert StripeEvent.objects.get(event_id="evt_f").outcome == "stale"


def test_failed_payment_books_nothing_and_tells_member_and_treasurer(
    client, coop, member, treasurer, payment, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, coop, "evt_p", "payment_intent.processing", intent_obj(PI, 4_250, "processing"))
        send(client, coop, "evt_f", "payment_intent.payment_failed", intent_obj(PI, 4_250, "requires_payment_method"))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert member_balance_cents(member=member) == 4_250
    recipients = {address for m in mailoutbox for address in m.to}
    assert recipients == {member.user.email, treasurer.user.email}
    assert any("mislukt" in m.subject for m in mailoutbox)


def test_refund_reverses_the_payment(
    client, coop, member, treasurer, payment, mailoutbox, django_capture_on_commit_callbacks
):
    send(client, coop, "evt_s", "payment_intent.succeeded", intent_obj(PI, 4_250))
    assert member_balance_cents(member=member) == 0
    with django_capture_on_commit_callbacks(execute=True):
        send(client, coop, "evt_r", "charge.refunded", charge_obj(PI, 4_250, 4_250))
        send(client, coop, "evt_r", "charge.refunded", charge_obj(PI, 4_250, 4_250))  # replay
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert member_balance_cents(member=member) == 4_250
    original = Transaction.objects.get(source_key=f"stripe:{PI}")
    assert original.reversed_by.source_key == f"stripe-refund:{PI}"
    assert {address for m in mailoutbox for address in m.to} == {member.user.email, treasurer.user.email}


def test_partial_refunds_add_up(client, coop, member, payment):
    send(client, coop, "evt_s", "payment_intent.succeeded", intent_obj(PI, 4_250))
    send(client, coop, "evt_r1", "charge.refunded", charge_obj(PI, 4_250, 1_000))
    send(client, coop, "evt_r2", "charge.refunded", charge_obj(PI, 4_250, 1_500))
    send(client, coop, "evt_r1b", "charge.refunded", charge_obj(PI, 4_250, 1_000))  # late, older
    assert member_balance_cents(member=member) == 1_500


def test_refund_before_success_nets_to_nothing(client, coop, member, payment):
    send(client, coop, "evt_r", "charge.refunded", charge_obj(PI, 4_250, 4_250))
    send(client, coop, "evt_s", "payment_intent.succeeded", intent_obj(PI, 4_250))
    assert member_balance_cents(member=member) == 4_250
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED


def test_event_of_another_cooperative_changes_nothing(client, coop, member, payment):
    from tests.factories import CooperativeFactory

    other = CooperativeFactory()
    stripe_settings(other)
    send(client, other, "evt_x", "payment_intent.succeeded", intent_obj(PI, 4_250))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CREATED
    assert member_balance_cents(member=member) == 4_250


def test_webhook_without_keys_answers_400(client, member):
    from tests.factories import CooperativeFactory

    bare = CooperativeFactory()
    payload = event_payload("evt_1", "payment_intent.succeeded", intent_obj(PI, 100))
    assert post(client, bare, payload, header=sign_payload(payload, WEBHOOK_SECRET)).status_code == 400


def test_only_post_is_accepted(client, coop, payment):
    assert client.get(reverse("stripe_webhook", kwargs={"coop": coop.slug})).status_code == 405
