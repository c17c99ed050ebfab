"""E-mails of the payments app: one function per message, each loading what its message
needs by id and sending it through `deel.mail` (templates `payments/email/<name>.txt`).

The Celery tasks in tasks.py call these; services queue the tasks after commit. This
module imports neither services nor tasks. Each function returns how many messages it sent.
"""

from __future__ import annotations

from django.utils import timezone

from deel import mail

from .models import ArrearsReminder, CollectionStatus, Payment, SepaCollection
from .selectors import OVERDUE_DAYS, treasurer_addresses


def payment_problem(payment_id: int, kind: str) -> int:
    """An online payment failed (`kind` "failed") or was refunded ("refunded"): tell the
    member, and the treasurers."""
    payment = Payment.objects.select_related("member__user", "cooperative").get(pk=payment_id)
    context = {
        "payment": payment,
        "member": payment.member,
        "coop": payment.cooperative,
        "failed": kind == "failed",
    }
    sent = mail.send(
        template="payments/email/payment_problem_member.txt", context=context, to=[payment.member.user.email]
    )
    sent += mail.send(
        template="payments/email/payment_problem_treasurer.txt",
        context=context,
        to=treasurer_addresses(cooperative_id=payment.cooperative_id),
    )
    return sent


def prenotification(collection_id: int) -> int:
    """Announce a direct debit to its member (once: a retried task sends nothing twice, and
    nothing is announced for a batch cancelled before the mail went out)."""
    collection = SepaCollection.objects.select_related("member__user", "batch__cooperative", "mandate").get(
        pk=collection_id
    )
    if collection.prenotified_at is not None or collection.status == CollectionStatus.CANCELLED:
        return 0
    coop = collection.batch.cooperative
    sent = mail.send(
        template="payments/email/prenotification.txt",
        context={"collection": collection, "member": collection.member, "coop": coop, "mandate": collection.mandate},
        to=[collection.member.user.email],
    )
    SepaCollection.objects.filter(pk=collection.pk).update(prenotified_at=timezone.now())
    return sent


def collection_cancelled(collection_id: int) -> int:
    """Tell a member that an announced direct debit is off (its batch was cancelled)."""
    collection = SepaCollection.objects.select_related("member__user", "batch__cooperative").get(pk=collection_id)
    coop = collection.batch.cooperative
    return mail.send(
        template="payments/email/collection_cancelled.txt",
        context={"collection": collection, "member": collection.member, "coop": coop},
        to=[collection.member.user.email],
    )


def collection_returned(collection_id: int) -> int:
    """A direct debit came back (storno): tell the member, and the treasurers."""
    collection = SepaCollection.objects.select_related("member__user", "batch__cooperative").get(pk=collection_id)
    coop = collection.batch.cooperative
    context = {"collection": collection, "member": collection.member, "coop": coop}
    sent = mail.send(template="payments/email/return_member.txt", context=context, to=[collection.member.user.email])
    sent += mail.send(
        template="payments/email/return_treasurer.txt", context=context, to=treasurer_addresses(cooperative_id=coop.pk)
    )
    return sent


def arrears_reminder(reminder_id: int) -> int:
    """The first (a day past the due date) or second (14 days past it) reminder of an overdue balance."""
    reminder = ArrearsReminder.objects.select_related("member__user", "member__cooperative").get(pk=reminder_id)
    return mail.send(
        template="payments/email/arrears.txt",
        context={
            "reminder": reminder,
            "member": reminder.member,
            "coop": reminder.member.cooperative,
            "second": reminder.level_days >= OVERDUE_DAYS[1],
        },
        to=[reminder.member.user.email],
    )
