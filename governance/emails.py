"""E-mails of governance, one function per message, sent through deel.mail. Called by the
Celery tasks in governance.tasks (never by the services directly)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone

from deel import mail

from . import convocation as rules
from .deliveries import delivery_record
from .models import Convocation, DeliveryStatus, Meeting
from .selectors import entitled_members

DELIVERY_HEADER = "X-DEEL-Delivery"


def convocation(*, meeting_id: int, convocation_id: int | None = None, connection: Any = None) -> int:
    """Send the convocation (date, place, the agenda with the proposals' texts and documents,
    the notice of a statute change and where its text lies, the conditions of electronic
    voting, the link) to each entitled member with an e-mail address; returns the number of
    messages sent. With a recorded Convocation (the latest, unless `convocation_id`) every
    member's delivery is logged: sent, failed or no address; a member already sent to (a
    retried task) is skipped."""
    meeting = Meeting.objects.select_related("cooperative").get(pk=meeting_id)
    record = (
        Convocation.objects.filter(meeting=meeting, pk=convocation_id).first()
        if convocation_id
        else meeting.convocations.order_by("-number").first()
    )
    content = rules.convocation_content(meeting=meeting, convocation=record)
    members = list(entitled_members(cooperative=meeting.cooperative).select_related("user").order_by("number", "pk"))
    done = set()
    if record is not None:
        done = set(record.deliveries.filter(status=DeliveryStatus.SENT).values_list("member_id", flat=True))
    path = reverse("governance:meeting", kwargs={"coop": meeting.cooperative.slug, "pk": meeting.pk})
    starts_at = timezone.localtime(meeting.starts_at, rules.local_zone())
    sent = 0
    with connection or get_connection() as conn:
        for member in members:
            if member.pk in done:
                continue
            email = member.user.email if member.user_id else ""
            now = timezone.now()
            if not email:
                if record is not None:
                    delivery_record(
                        convocation=record, member=member, email="", status=DeliveryStatus.NO_ADDRESS, now=now
                    )
                continue
            delivery = None
            if record is not None:
                delivery = delivery_record(
                    convocation=record, member=member, email=email, status=DeliveryStatus.FAILED, now=now
                )
            context = {
                "meeting": meeting,
                "member": member,
                "path": path,
                "starts_at": starts_at,
                "convocation": record,
                **content,
            }
            subject, body = mail.render("governance/email/convocation.txt", context)
            headers = {DELIVERY_HEADER: str(delivery.token)} if delivery else {}
            message = EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [email], connection=conn, headers=headers
            )
            try:
                message.send()
            except ConnectionError:
                raise  # the mail server is away: the task retries, skipping who was sent to
            except (OSError, ValueError) as exc:  # SMTP errors are OSErrors; a refused address a ValueError
                if record is not None:
                    delivery_record(
                        convocation=record,
                        member=member,
                        email=email,
                        status=DeliveryStatus.FAILED,
                        detail=str(exc),
                        now=now,
                    )
                continue
            sent += 1
            if record is not None:
                delivery_record(convocation=record, member=member, email=email, status=DeliveryStatus.SENT, now=now)
    return sent
