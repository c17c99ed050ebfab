"""The convocation e-mail, rendered through deel.mail."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from governance import emails, services
from tests.governance.factories import coop_with_members

pytestmark = pytest.mark.django_db


def test_convocation_has_subject_agenda_and_link():
    coop, board, members = coop_with_members(3)
    meeting = services.meeting_create(
        cooperative=coop,
        by=board,
        title="Voorjaars-ALV",
        starts_at=timezone.now() + dt.timedelta(days=20),
        location="Buurthuis",
        online_url="https://meet.example.org/alv",
    )
    services.agenda_item_add(meeting=meeting, title="Opening")
    services.agenda_item_add(meeting=meeting, title="Tarieven")
    assert emails.convocation(meeting_id=meeting.pk) == 3
    message = mail.outbox[0]
    assert message.subject == "Oproeping: Voorjaars-ALV"
    assert "1. Opening\n2. Tarieven" in message.body
    assert "https://meet.example.org/alv" in message.body
    assert f"/c/{coop.slug}/alv/{meeting.pk}/" in message.body
