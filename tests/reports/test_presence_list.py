"""The presence list to sign (presentielijst) as PDF: every member entitled to attend, a
signature column, the proxies held; members suspended as a member apart (no access)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from governance import services
from governance.presence import presence_list
from members.suspension import member_rights_suspend
from reports.presence_list import presence_list_pdf
from tests.factories import PASSWORD
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def meeting_at_the_door():
    coop, board, members = coop_with_members(6, remote_participation_allowed=True)
    meeting, _proposal = convened_meeting(coop, board)
    services.proxy_register_paper(meeting=meeting, grantor=members[0], holder=members[1], by=board, paper_received=True)
    present(meeting, members[1])
    services.attendance_register_online(meeting=meeting, member=members[2])
    member_rights_suspend(member=members[4], reason="Schorsing", by=board)
    return coop, board, members, meeting


def test_the_presence_list_names_everyone_entitled_with_a_signature_column_and_proxies(
    meeting_at_the_door, django_assert_max_num_queries
):
    coop, board, members, meeting = meeting_at_the_door
    with django_assert_max_num_queries(6):
        data = presence_list(meeting=meeting)
    text = _text(presence_list_pdf(data=data))
    assert "Presentielijst" in text and "Handtekening" in text
    for m in (board, *members[:4]):
        assert m.name in text
    assert f"stemt ook voor {members[0].name}" in text
    assert f"volmacht aan {members[1].name}" in text
    assert "online" in text  # members[2] registered online
    assert f"Voorzitter\n{board.name}" in text or board.name in text.split("Voorzitter", 1)[1][:80]
    # The suspended member has no access: not a row to sign, listed apart.
    assert len(data["rows"]) == 5
    assert members[4].pk not in {r["member"].pk for r in data["rows"]}
    assert "Geschorst als lid" in text and members[4].name in text


def test_the_presence_list_is_for_the_board(client, meeting_at_the_door):
    coop, board, members, meeting = meeting_at_the_door
    url = reverse("governance:presence_pdf", kwargs={"coop": coop.slug, "pk": meeting.pk})
    client.login(email=members[1].user.email, password=PASSWORD)
    assert client.get(url).status_code == 403
    client.login(email=board.user.email, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert members[0].name in _text(response.content)
