"""The payments e-mails: one function per message on deel.mail, Dutch subject and body."""

from django.core import mail as outbox_mail

from members.models import Role
from payments import emails
from payments.models import ArrearsReminder, Payment, PaymentMethod, PaymentStatus, SepaCollection
from payments.selectors import treasurer_addresses
from tests.factories import MemberFactory

from .factories import collection


def test_treasurer_addresses_are_the_active_treasurers_once(coop, treasurer):
    second = MemberFactory(cooperative=coop, roles=[Role.TREASURER, Role.BOARD])
    MemberFactory(cooperative=coop, roles=[Role.BOARD])
    assert treasurer_addresses(cooperative_id=coop.pk) == sorted([treasurer.user.email, second.user.email])


def test_failed_payment_mails_member_and_treasurer(coop, treasurer, member, mailoutbox):
    payment = Payment.objects.create(
        cooperative=coop,
        member=member,
        method=PaymentMethod.IDEAL,
        amount_cents=1_250,
        status=PaymentStatus.FAILED,
        stripe_payment_intent_id="pi_mail",
    )
    assert emails.payment_problem(payment.pk, "failed") == 2
    to_member, to_treasurer = mailoutbox
    assert to_member.to == [member.user.email]
    assert to_member.subject == f"Je betaling is mislukt · {coop.name}"
    assert "€ 12,50" in to_member.body and "mislukt" in to_member.body
    assert to_treasurer.to == [treasurer.user.email]
    assert to_treasurer.subject == f"Betaling mislukt: {member.name}"
    assert "pi_mail" in to_treasurer.body


def test_refunded_payment_subject(coop, member, mailoutbox):
    payment = Payment.objects.create(
        cooperative=coop,
        member=member,
        method=PaymentMethod.IDEAL,
        amount_cents=1_250,
        refunded_cents=1_250,
        status=PaymentStatus.REFUNDED,
    )
    assert emails.payment_problem(payment.pk, "refunded") == 1  # no treasurer in this cooperative
    assert mailoutbox[0].subject == f"Je betaling is terugbetaald · {coop.name}"


def test_return_mail_and_prenotification_once(coop, treasurer, member, mailoutbox):
    c = collection(member, e2e="DEEL-MAIL-1", cents=4_321)
    c.return_reason = "MD06"
    c.save(update_fields=["return_reason"])
    assert emails.collection_returned(c.pk) == 2
    assert mailoutbox[0].subject == f"Je incasso is gestorneerd · {coop.name}"
    assert mailoutbox[1].subject == f"Storno: {member.name}" and "MD06" in mailoutbox[1].body
    outbox_mail.outbox.clear()
    assert emails.prenotification(c.pk) == 1
    assert emails.prenotification(c.pk) == 0
    assert SepaCollection.objects.get(pk=c.pk).prenotified_at is not None
    assert outbox_mail.outbox[0].subject == f"Aankondiging incasso · {coop.name}"
    assert "€ 43,21" in outbox_mail.outbox[0].body and "2 nov 2026" in outbox_mail.outbox[0].body


def test_arrears_reminders_first_and_second(coop, member, mailoutbox):
    first = ArrearsReminder.objects.create(
        cooperative=coop, member=member, level_days=1, due_key="T1", amount_cents=3_000
    )
    second = ArrearsReminder.objects.create(
        cooperative=coop, member=member, level_days=14, due_key="T1", amount_cents=3_000
    )
    assert emails.arrears_reminder(first.pk) == emails.arrears_reminder(second.pk) == 1
    assert mailoutbox[0].subject == f"Herinnering: openstaand saldo · {coop.name}"
    assert mailoutbox[1].subject == f"Tweede herinnering: openstaand saldo · {coop.name}"
    assert "betaaltermijn" in mailoutbox[0].body and "twee weken geleden" in mailoutbox[1].body
    assert f"/c/{coop.slug}/payments/" in mailoutbox[0].body
    assert "//c/" not in mailoutbox[0].body
