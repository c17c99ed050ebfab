"""A meeting in preparation (draft) is the board's: members get 404 for it and for
everything hanging from it, by id, until the convocation goes out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.models import ProposalKind
from tests.governance.factories import coop_with_members

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def u(name, coop, pk=None):
    kwargs = {"coop": coop.slug} | ({"pk": pk} if pk is not None else {})
    return reverse(f"governance:{name}", kwargs=kwargs)


@pytest.fixture
def draft():
    coop, board, members = coop_with_members(3)
    meeting = services.meeting_create(
        cooperative=coop,
        by=board,
        title="Geheime begroting",
        starts_at=timezone.now() + dt.timedelta(days=30),
        location="Buurthuis",
    )
    item = services.agenda_item_add(
        meeting=meeting,
        title="Begroting 2027",
        document=SimpleUploadedFile("begroting.pdf", PDF, content_type="application/pdf"),
    )
    proposal = services.proposal_create(item=item, by=board, kind=ProposalKind.ORDINARY, title="Tarief", text="Omhoog.")
    return coop, board, members[0], meeting, item, proposal


def member_urls(coop, meeting, item, proposal):
    return [
        u("meeting", coop, meeting.pk),
        u("item_document", coop, item.pk),
        u("minutes", coop, meeting.pk),
        u("minutes_pdf", coop, meeting.pk),
        u("proxy_give", coop, meeting.pk),
        u("amendment_create", coop, proposal.pk),
    ]


def test_a_member_gets_404_for_a_draft_meeting_and_its_document_by_id(client, draft):
    coop, board, member, meeting, item, proposal = draft
    client.force_login(member.user)
    for url in member_urls(coop, meeting, item, proposal):
        assert client.get(url).status_code == 404, url
    assert client.post(u("checkin", coop, meeting.pk), {"code": "123456"}).status_code == 404
    assert "Geheime begroting" not in client.get(u("meetings", coop)).content.decode()


def test_the_board_sees_the_draft_and_members_see_it_once_convened(client, draft):
    coop, board, member, meeting, item, proposal = draft
    client.force_login(board.user)
    assert client.get(u("meeting", coop, meeting.pk)).status_code == 200
    assert client.get(u("item_document", coop, item.pk)).status_code == 200
    services.meeting_convene(meeting=meeting, by=board)
    client.force_login(member.user)
    page = client.get(u("meeting", coop, meeting.pk))
    assert page.status_code == 200 and "Geheime begroting" in page.content.decode()
    assert client.get(u("item_document", coop, item.pk)).status_code == 200
