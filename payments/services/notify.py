"""E-mails of the payments app. Services queue them (Celery, after commit); the task bodies
below render and send them, one function per kind of message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from members.models import Member, MemberStatus, Role

from ..models import ArrearsReminder, CollectionStatus, Payment, SepaCollection


def treasurer_emails(cooperative_id: int) -> list[str]:
    emails = list(
        Member.objects.filter(
            cooperative_id=cooperative_id, status=MemberStatus.ACTIVE, roles__role=Role.TREASURER
        ).values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def notify_payment_problem(*, payment: Payment, kind: str) -> None:
    from ..tasks import send_payment_problem_mail

    transaction.on_commit(lambda: send_payment_problem_mail.delay(payment.pk, kind))


def notify_prenotification(*, collection_ids: list[int]) -> None:
    from ..tasks import send_prenotification_mail

    def queue() -> None:
        for pk in collection_ids:
            send_prenotification_mail.delay(pk)

    transaction.on_commit(queue)


def notify_batch_cancelled(*, collection_ids: list[int]) -> None:
    from ..tasks import send_collection_cancelled_mail

    def queue() -> None:
        for pk in collection_ids:
            send_collection_cancelled_mail.delay(pk)

    transaction.on_commit(queue)


def notify_return(*, collection: SepaCollection) -> None:
    from ..tasks import send_return_mail

    transaction.on_commit(lambda: send_return_mail.delay(collection.pk))


def notify_arrears(*, reminder: ArrearsReminder) -> None:
    from ..tasks import send_arrears_mail

    transaction.on_commit(lambda: send_arrears_mail.delay(reminder.pk))


def _send(subject: str, template: str, context: dict[str, Any], to: list[str]) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def mail_payment_problem(payment_id: int, kind: str) -> int:
    payment = Payment.objects.select_related("member__user", "cooperative").get(pk=payment_id)
    context = {"payment": payment, "member": payment.member, "coop": payment.cooperative, "kind": kind}
    with translation.override(settings.LANGUAGE_CODE):
        subject = (
            _("Je betaling is mislukt") if kind == "failed" else _("Je betaling is terugbetaald")
        ) + f" · {payment.cooperative.name}"
        treasurer_subject = _("Betaling %(kind)s: %(member)s") % {
            "kind": _("mislukt") if kind == "failed" else _("terugbetaald"),
            "member": payment.member.name,
        }
    sent = _send(subject, "payments/email/payment_problem_member.txt", context, [payment.member.user.email])
    treasurers = treasurer_emails(payment.cooperative_id)
    if treasurers:
        sent += _send(treasurer_subject, "payments/email/payment_problem_treasurer.txt", context, treasurers)
    return sent


def mail_prenotification(collection_id: int) -> int:
    from django.utils import timezone

    collection = SepaCollection.objects.select_related("member__user", "batch__cooperative", "mandate").get(
        pk=collection_id
    )
    if collection.prenotified_at is not None:
        return 0  # sent already (a retried task sends nothing twice)
    if collection.status == CollectionStatus.CANCELLED:
        return 0  # the batch was cancelled before this mail went out: announce nothing
    coop = collection.batch.cooperative
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Aankondiging incasso · %(coop)s") % {"coop": coop.name}
    sent = _send(
        subject,
        "payments/email/prenotification.txt",
        {"collection": collection, "member": collection.member, "coop": coop, "mandate": collection.mandate},
        [collection.member.user.email],
    )
    SepaCollection.objects.filter(pk=collection.pk).update(prenotified_at=timezone.now())
    return sent


def mail_collection_cancelled(collection_id: int) -> int:
    collection = SepaCollection.objects.select_related("member__user", "batch__cooperative").get(pk=collection_id)
    coop = collection.batch.cooperative
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Aangekondigde incasso gaat niet door · %(coop)s") % {"coop": coop.name}
    return _send(
        subject,
        "payments/email/collection_cancelled.txt",
        {"collection": collection, "member": collection.member, "coop": coop},
        [collection.member.user.email],
    )


def mail_return(collection_id: int) -> int:
    collection = SepaCollection.objects.select_related("member__user", "batch__cooperative").get(pk=collection_id)
    coop = collection.batch.cooperative
    context = {"collection": collection, "member": collection.member, "coop": coop}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Je incasso is gestorneerd · %(coop)s") % {"coop": coop.name}
        treasurer_subject = _("Storno: %(member)s") % {"member": collection.member.name}
    sent = _send(subject, "payments/email/return_member.txt", context, [collection.member.user.email])
    treasurers = treasurer_emails(coop.pk)
    if treasurers:
        sent += _send(treasurer_subject, "payments/email/return_treasurer.txt", context, treasurers)
    return sent


def mail_arrears(reminder_id: int) -> int:
    reminder = ArrearsReminder.objects.select_related("member__user", "member__cooperative").get(pk=reminder_id)
    coop = reminder.member.cooperative
    with translation.override(settings.LANGUAGE_CODE):
        subject = (
            _("Herinnering: openstaand saldo")
            if reminder.level_days < 28
            else _("Tweede herinnering: openstaand saldo")
        ) + f" · {coop.name}"
    return _send(
        subject,
        "payments/email/arrears.txt",
        {"reminder": reminder, "member": reminder.member, "coop": coop, "base_url": settings.DEEL_BASE_URL},
        [reminder.member.user.email],
    )
