"""E-mails of governance, one function per message, sent through deel.mail. Called by the
Celery tasks in governance.tasks (never by the services directly)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from deel import mail

from .models import Meeting
from .selectors import entitled_members


def convocation(*, meeting_id: int) -> int:
    """Send the convocation (date, place, agenda, link) to each entitled member with an
    e-mail address; returns the number of messages sent."""
    meeting = Meeting.objects.select_related("cooperative").get(pk=meeting_id)
    items = list(meeting.items.order_by("position"))
    members = entitled_members(cooperative=meeting.cooperative).select_related("user").exclude(user__email="")
    path = reverse("governance:meeting", kwargs={"coop": meeting.cooperative.slug, "pk": meeting.pk})
    starts_at = timezone.localtime(meeting.starts_at)
    return mail.send_each(
        template="governance/email/convocation.txt",
        messages=(
            (
                member.user.email,
                {"meeting": meeting, "items": items, "member": member, "path": path, "starts_at": starts_at},
            )
            for member in members
        ),
    )
