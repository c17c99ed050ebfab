"""Factories and helpers of the payments tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time

from django.utils import timezone

from ledger.models import AccountPurpose, Statement
from ledger.services import Line, account_for, statements_issue, transaction_post
from payments.crypto import encrypt
from payments.models import (
    Mandate,
    Payment,
    PaymentMethod,
    PaymentSettings,
    PaymentStatus,
    SepaBatch,
    SepaCollection,
)
from payments.services.postings import receipt_post

WEBHOOK_SECRET = "whsec_test_deel_0123456789"
STRIPE_KEY = "sk_test_deel_0123456789"


def stripe_settings(coop, **extra) -> PaymentSettings:
    settings, _ = PaymentSettings.objects.update_or_create(
        cooperative=coop,
        defaults={
            "stripe_secret_key_encrypted": encrypt(STRIPE_KEY),
            "stripe_webhook_secret_encrypted": encrypt(WEBHOOK_SECRET),
            "stripe_key_hint": "sk_test_…6789",
            **extra,
        },
    )
    return settings


def charge(member, cents: int, *, date: dt.date | None = None, key: str | None = None, billed: bool = False):
    """Put `cents` on the member's account (positive = the member owes); `billed`: and show
    it on a statement (a direct debit collects only what a statement billed)."""
    coop = member.cooperative
    receivable = account_for(cooperative=coop, purpose=AccountPurpose.RECEIVABLE, member=member)
    income = account_for(cooperative=coop, purpose=AccountPurpose.USAGE_INCOME)
    txn, _ = transaction_post(
        cooperative=coop,
        date=date or timezone.localdate(),
        description="Ritten",
        source_key=key or f"test-charge:{member.pk}:{cents}:{time.monotonic_ns()}",
        lines=[Line(account=receivable, amount_cents=cents, member=member), Line(account=income, amount_cents=-cents)],
    )
    if billed:
        bill(member, txn.date)
    return txn


def bill(member, day: dt.date) -> None:
    """Issue the member's statement up to `day` (the real service): what is on their account then is billed."""
    last = Statement.objects.filter(member=member).order_by("-period_end").first()
    start = last.period_end + dt.timedelta(days=1) if last else day.replace(day=1)
    statements_issue(cooperative=member.cooperative, period_start=start, period_end=max(start, day), members=[member])


_statement_seq = [0]


def statement(
    member,
    *,
    reference: str,
    due_cents: int,
    issued_at: dt.datetime | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> Statement:
    _statement_seq[0] += 1
    n = _statement_seq[0]
    start = dt.date(2026, 7, 1) + dt.timedelta(days=n)  # unique period per member
    return Statement.objects.create(
        cooperative=member.cooperative,
        member=member,
        number=f"T{n:05d}",
        period_start=period[0] if period else start,
        period_end=period[1] if period else start,
        opening_balance_cents=0,
        closing_balance_cents=due_cents,
        amount_due_cents=due_cents,
        payment_reference=reference,
        issued_at=issued_at or timezone.now(),
    )


def mandate(member, *, iban: str = "NL44RABO0123456789", reference: str | None = None, **extra) -> Mandate:
    return Mandate.objects.create(
        cooperative=member.cooperative,
        member=member,
        reference=reference or f"DEEL-T-{member.pk}",
        iban=iban,
        bic="",
        account_holder=member.name,
        signed_on=extra.pop("signed_on", timezone.localdate()),
        **extra,
    )


def collection(member, *, e2e: str, cents: int, mandate_obj: Mandate | None = None) -> SepaCollection:
    """A collected direct debit as sepa_batch_create would leave it (posted on the bank)."""
    coop = member.cooperative
    m = mandate_obj or mandate(member, iban="NL75ABNA0555555555", reference="DEEL-TEST-MANDATE-1")
    batch = SepaBatch.objects.create(
        cooperative=coop,
        message_id=f"BATCH-{e2e}",
        collection_date=dt.date(2026, 11, 2),
        pain_version="pain.008.001.02",
        total_cents=cents,
        count=1,
        xml="<Document/>",
    )
    txn, _ = receipt_post(
        cooperative=coop,
        member=member,
        amount_cents=cents,
        date=dt.date(2026, 11, 2),
        description="Incasso",
        source_key=f"sepa:{e2e}",
    )
    payment = Payment.objects.create(
        cooperative=coop,
        member=member,
        method=PaymentMethod.DIRECT_DEBIT,
        amount_cents=cents,
        status=PaymentStatus.SUCCEEDED,
        transaction=txn,
    )
    return SepaCollection.objects.create(
        batch=batch,
        member=member,
        mandate=m,
        payment=payment,
        amount_cents=cents,
        end_to_end_id=e2e,
        sequence_type="FRST",
    )


def sign_payload(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A Stripe-Signature header, computed as Stripe does (HMAC-SHA256 of "t.payload")."""
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def event_payload(event_id: str, kind: str, obj: dict, created: int | None = None) -> str:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2025-08-27.basil",
            "created": created or int(time.time()),
            "type": kind,
            "livemode": False,
            "data": {"object": obj},
        }
    )


def intent_obj(pi_id: str, cents: int, status: str = "succeeded") -> dict:
    return {
        "id": pi_id,
        "object": "payment_intent",
        "amount": cents,
        "amount_received": cents if status == "succeeded" else 0,
        "currency": "eur",
        "status": status,
    }


def charge_obj(pi_id: str, cents: int, refunded: int) -> dict:
    return {
        "id": f"ch_{pi_id}",
        "object": "charge",
        "payment_intent": pi_id,
        "amount": cents,
        "amount_refunded": refunded,
        "currency": "eur",
        "refunded": refunded >= cents,
    }
