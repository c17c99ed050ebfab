"""The convocation e-mail to every member entitled to attend."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Meeting
from ..selectors import entitled_members


def convocation_mail_send(*, meeting_id: int) -> int:
    """Send the convocation (date, place, agenda, link) to each entitled member with an
    e-mail address; returns the number of messages sent."""
    meeting = Meeting.objects.select_related("cooperative").get(pk=meeting_id)
    items = list(meeting.items.order_by("position"))
    members = entitled_members(cooperative=meeting.cooperative).select_related("user").exclude(user__email="")
    url = settings.DEEL_BASE_URL.rstrip("/") + reverse(
        "governance:meeting", kwargs={"coop": meeting.cooperative.slug, "pk": meeting.pk}
    )
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Oproeping: %(title)s") % {"title": meeting.title}
        for member in members:
            body = render_to_string(
                "governance/email/convocation.txt",
                {
                    "meeting": meeting,
                    "items": items,
                    "member": member,
                    "url": url,
                    "starts_at": timezone.localtime(meeting.starts_at),
                },
            )
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [member.user.email]))
    return send_mass_mail(messages, fail_silently=False)
