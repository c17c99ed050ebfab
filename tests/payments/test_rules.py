"""The state rules of payments (permissions.py) and the actors the services record."""

import datetime as dt

import pytest

from members.models import Role
from payments import permissions
from payments.errors import MandateError, PaymentError
from payments.models import (
    BankImport,
    BankLine,
    BankLineStatus,
    CollectionStatus,
    MandateStatus,
    Payment,
    PaymentFlag,
    PaymentMethod,
    PaymentSettingsChange,
    PaymentStatus,
)
from payments.services import (
    bank_line_assign,
    mandate_revoke,
    mandate_sign,
    payment_flag_resolve,
    payment_settings_update,
)
from tests.factories import CooperativeFactory, MemberFactory

from .factories import STRIPE_KEY, WEBHOOK_SECRET, collection, mandate


def queued_line(coop, *, cents: int = 2_500, status: str = BankLineStatus.QUEUED) -> BankLine:
    bank_import = BankImport.objects.create(cooperative=coop, filename="x.xml", format="camt053")
    return BankLine.objects.create(
        cooperative=coop,
        bank_import=bank_import,
        unique_key=f"K-{cents}-{status}",
        booked_on=dt.date(2026, 11, 2),
        amount_cents=cents,
        status=status,
    )


def test_mandate_revocable_by_its_member_or_the_treasurer_while_active(coop, treasurer, member):
    m = mandate(member)
    other = MemberFactory(cooperative=coop)
    outsider = MemberFactory(cooperative=CooperativeFactory(), roles=[Role.TREASURER])
    assert permissions.can_revoke_mandate(m, member)
    assert permissions.can_revoke_mandate(m, treasurer)
    assert not permissions.can_revoke_mandate(m, other)
    assert not permissions.can_revoke_mandate(m, outsider)
    with pytest.raises(MandateError):
        mandate_revoke(mandate=m, by=other)
    revoked = mandate_revoke(mandate=m, by=treasurer)
    assert not permissions.can_revoke_mandate(revoked, member)
    assert revoked.ended_by == treasurer and revoked.ended_at is not None


def test_a_new_mandate_records_that_its_member_ended_the_old_one(member):
    first = mandate_sign(member=member, iban="NL44RABO0123456789", account_holder=member.name, agree=True)
    mandate_sign(member=member, iban="NL36INGB0007654321", account_holder=member.name, agree=True)
    first.refresh_from_db()
    assert first.status == MandateStatus.REVOKED and first.ended_by == member


def test_only_queued_incoming_lines_are_assignable(coop, treasurer, member):
    line = queued_line(coop)
    assert permissions.can_assign_line(line)
    assert not permissions.can_assign_line(queued_line(coop, cents=-100))
    assert not permissions.can_assign_line(queued_line(coop, status=BankLineStatus.MATCHED))
    assigned = bank_line_assign(line=line, member=member, by=treasurer)
    assert assigned.assigned_by == treasurer
    assert not permissions.can_assign_line(assigned)
    with pytest.raises(PaymentError):
        bank_line_assign(line=line, member=member, by=treasurer)


def test_resolving_a_flag_records_who_once(coop, treasurer, member):
    flag = PaymentFlag.objects.create(cooperative=coop, member=member, reason="Storno")
    outsider = MemberFactory(cooperative=CooperativeFactory(), roles=[Role.TREASURER])
    assert permissions.can_resolve_flag(flag, treasurer)
    assert not permissions.can_resolve_flag(flag, outsider)
    with pytest.raises(PaymentError):
        payment_flag_resolve(flag=flag, by=outsider)
    resolved = payment_flag_resolve(flag=flag, by=treasurer)
    assert resolved.resolved_by == treasurer and resolved.resolved_at is not None
    again = payment_flag_resolve(flag=flag, by=MemberFactory(cooperative=coop, roles=[Role.TREASURER]))
    assert again.resolved_by == treasurer and again.resolved_at == resolved.resolved_at


def test_a_payment_is_confirmed_only_while_new(coop, member):
    payment = Payment.objects.create(
        cooperative=coop, member=member, method=PaymentMethod.IDEAL, amount_cents=1_000, stripe_payment_intent_id="pi_1"
    )
    assert permissions.can_confirm_payment(payment)
    payment.status = PaymentStatus.PROCESSING
    assert not permissions.can_confirm_payment(payment)
    payment.status = PaymentStatus.CREATED
    payment.stripe_payment_intent_id = None
    assert not permissions.can_confirm_payment(payment)


def test_a_batch_is_cancellable_until_the_bank_handled_it(coop, member):
    c = collection(member, e2e="DEEL-RULES-1", cents=1_000)
    batch = c.batch
    assert permissions.can_cancel_batch(batch) and permissions.batch_cancel_refusal(batch) == ""
    assert permissions.can_download_batch(batch)
    c.status = CollectionStatus.RETURNED
    c.save(update_fields=["status"])
    assert not permissions.can_cancel_batch(batch)
    assert "storno" in permissions.batch_cancel_refusal(batch)


def test_settings_changes_are_recorded_with_their_actor_never_the_keys(coop, treasurer):
    payment_settings_update(
        cooperative=coop,
        by=treasurer,
        stripe_secret_key=STRIPE_KEY,
        stripe_webhook_secret=WEBHOOK_SECRET,
        pain_version="pain.008.001.02",
        prenotification_days=7,
        arrears_limit_cents=None,
    )
    change = PaymentSettingsChange.objects.get()
    assert change.changed_by == treasurer
    assert change.changed == ["stripe_secret_key", "stripe_webhook_secret", "prenotification_days"]
    assert STRIPE_KEY not in str(change.changed) and WEBHOOK_SECRET not in str(change.changed)
    # Saving the same values again changes nothing and records nothing.
    payment_settings_update(
        cooperative=coop, by=treasurer, pain_version="pain.008.001.02", prenotification_days=7, arrears_limit_cents=None
    )
    assert PaymentSettingsChange.objects.count() == 1
    payment_settings_update(cooperative=coop, by=None, remove_stripe=True, prenotification_days=7)
    latest = PaymentSettingsChange.objects.first()
    assert latest is not None and latest.changed == ["stripe_removed"] and latest.changed_by is None


def test_the_settings_page_shows_who_changed_what(client, coop, treasurer):
    from tests.factories import PASSWORD

    payment_settings_update(cooperative=coop, by=treasurer, prenotification_days=9)
    assert client.login(email=treasurer.user.email, password=PASSWORD)
    page = client.get(f"/c/{coop.slug}/payments/settings/").content.decode()
    assert "Wijzigingen" in page and treasurer.name in page and "vooraankondiging" in page
