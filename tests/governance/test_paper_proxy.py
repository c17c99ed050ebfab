"""Paper proxies registered at the door by the board (a written proxy, art. 2:38 BW), within
the statutes' cap, recorded with the board member as actor."""

import pytest
from django.urls import reverse

from governance import services
from governance.errors import ProxyRefused
from governance.models import MeetingEvent, MeetingEventKind, Proxy
from members.suspension import member_rights_suspend
from tests.factories import PASSWORD
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_the_door():
    coop, board, members = coop_with_members(5)
    meeting, proposal = convened_meeting(coop, board)  # started an hour ago
    return coop, board, members, meeting, proposal


def test_the_board_registers_a_paper_proxy_after_the_start_and_the_holder_votes_with_it(at_the_door):
    coop, board, members, meeting, proposal = at_the_door
    with pytest.raises(ProxyRefused):  # an electronic proxy is given before the start
        services.proxy_grant(meeting=meeting, grantor=members[0], holder=members[1])
    proxy = services.proxy_register_paper(
        meeting=meeting, grantor=members[0], holder=members[1], by=board, paper_received=True
    )
    assert proxy.paper and proxy.registered_by == board
    event = MeetingEvent.objects.get(meeting=meeting, kind=MeetingEventKind.PROXY_PAPER)
    assert event.by == board and members[0].name in event.note
    present(meeting, members[1])
    ballot = services.ballot_open(proposal=proposal, by=board)
    services.vote_cast(ballot=ballot, member=members[1], choice="for", proxy_for=members[0])
    ballot = services.ballot_close(ballot=ballot, by=board)
    assert ballot.votes_for == 1 and ballot.represented_count == 1


def test_a_paper_proxy_respects_the_statutes_cap(at_the_door):
    coop, board, members, meeting, _p = at_the_door
    services.proxy_register_paper(meeting=meeting, grantor=members[0], holder=members[2], by=board, paper_received=True)
    with pytest.raises(ProxyRefused):  # cap 1 (default)
        services.proxy_register_paper(
            meeting=meeting, grantor=members[1], holder=members[2], by=board, paper_received=True
        )
    coop.proxy_cap = 2
    coop.save()
    meeting.refresh_from_db()
    services.proxy_register_paper(meeting=meeting, grantor=members[1], holder=members[2], by=board, paper_received=True)
    assert Proxy.objects.filter(meeting=meeting, holder=members[2], revoked_at__isnull=True).count() == 2


def test_a_paper_proxy_needs_the_paper_a_board_member_and_members_with_a_vote(at_the_door):
    coop, board, members, meeting, _p = at_the_door
    with pytest.raises(ProxyRefused):
        services.proxy_register_paper(
            meeting=meeting, grantor=members[0], holder=members[1], by=board, paper_received=False
        )
    with pytest.raises(ProxyRefused):
        services.proxy_register_paper(
            meeting=meeting, grantor=members[0], holder=members[1], by=members[2], paper_received=True
        )
    member_rights_suspend(member=members[3], reason="Schorsing", by=board)
    with pytest.raises(ProxyRefused):
        services.proxy_register_paper(
            meeting=meeting, grantor=members[3], holder=members[1], by=board, paper_received=True
        )
    with pytest.raises(ProxyRefused):
        services.proxy_register_paper(
            meeting=meeting, grantor=members[0], holder=members[3], by=board, paper_received=True
        )
    assert not Proxy.objects.filter(meeting=meeting).exists()


def test_the_paper_proxy_form_records_the_board_member(client, at_the_door):
    coop, board, members, meeting, _p = at_the_door
    url = reverse("governance:paper_proxy", kwargs={"coop": coop.slug, "pk": meeting.pk})
    client.login(email=members[0].user.email, password=PASSWORD)
    assert client.get(url).status_code == 403
    client.login(email=board.user.email, password=PASSWORD)
    assert client.get(url).status_code == 200
    response = client.post(url, {"grantor": members[0].pk, "holder": members[1].pk})  # paper box not ticked
    assert response.status_code == 200 and not Proxy.objects.exists()
    response = client.post(url, {"grantor": members[0].pk, "holder": members[1].pk, "paper_received": "on"})
    assert response.status_code == 302
    proxy = Proxy.objects.get(meeting=meeting)
    assert proxy.paper and proxy.registered_by == board
    page = client.get(reverse("governance:attendance", kwargs={"coop": coop.slug, "pk": meeting.pk})).content.decode()
    assert "op papier, geregistreerd door" in page and board.name in page
