"""Every governance change with an actor is recorded (MeetingEvent) and shown to the board."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.errors import ProxyRefused
from governance.models import MeetingEvent, MeetingEventKind
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


def _kinds(meeting):
    return list(MeetingEvent.objects.filter(meeting=meeting).order_by("pk").values_list("kind", "by"))


def test_board_actions_record_their_actor():
    coop, board, members = coop_with_members(4)
    starts = timezone.now() - dt.timedelta(hours=1)
    meeting, proposal = convened_meeting(coop, board, starts_at=starts)
    present(meeting, members[0])
    services.attendance_register(meeting=meeting, member=members[1], by=board, now=starts)
    services.attendance_remove(meeting=meeting, member=members[1], by=board)
    ballot = services.ballot_open(proposal=proposal, by=board, now=starts)
    services.vote_cast(ballot=ballot, member=members[0], choice="for", now=starts)
    ballot = services.ballot_close(ballot=ballot, by=board, now=starts)
    services.ballot_confirm(ballot=ballot, by=board, now=starts)
    services.meeting_close(meeting=meeting, by=board)
    assert _kinds(meeting) == [
        (MeetingEventKind.CREATED, board.pk),
        (MeetingEventKind.ITEM_ADDED, None),  # the factory adds the item without an actor
        (MeetingEventKind.PROPOSAL_ADDED, board.pk),
        (MeetingEventKind.CONVENED, board.pk),
        (MeetingEventKind.CHAIR_DESIGNATED, board.pk),  # the factory designates the board member as chair
        (MeetingEventKind.ATTENDANCE_REGISTERED, None),
        (MeetingEventKind.ATTENDANCE_REGISTERED, board.pk),
        (MeetingEventKind.ATTENDANCE_REMOVED, board.pk),
        (MeetingEventKind.BALLOT_OPENED, board.pk),
        (MeetingEventKind.BALLOT_CLOSED, board.pk),
        (MeetingEventKind.BALLOT_CONFIRMED, board.pk),
        (MeetingEventKind.CLOSED, board.pk),
    ]


def test_a_vote_leaves_no_event():
    """The history never says who voted when: that stays in Participation (and not what, when secret)."""
    coop, board, members = coop_with_members(3)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, members[0])
    ballot = services.ballot_open(proposal=proposal, by=board, secret=True)
    before = MeetingEvent.objects.count()
    services.vote_cast(ballot=ballot, member=members[0], choice="for")
    assert MeetingEvent.objects.count() == before


def test_proxy_revoked_by_grantor_or_board_only():
    coop, board, members = coop_with_members(4)
    meeting, _proposal = convened_meeting(coop, board, starts_at=timezone.now() + dt.timedelta(days=20))
    proxy = services.proxy_grant(meeting=meeting, grantor=members[0], holder=members[1])
    with pytest.raises(ProxyRefused):
        services.proxy_revoke(proxy=proxy, by=members[2])
    services.proxy_revoke(proxy=proxy, by=members[0])
    event = MeetingEvent.objects.get(meeting=meeting, kind=MeetingEventKind.PROXY_REVOKED)
    assert event.by == members[0]


def test_minutes_changes_record_their_actor(held_meeting):
    board = held_meeting["board"]
    minutes = services.minutes_draft(meeting=held_meeting["meeting"], by=board)
    services.minutes_update(minutes=minutes, general="Opening", notes={}, by=board)
    services.minutes_adopt(
        minutes=minutes, at_meeting=held_meeting["next"], chair_name="A", secretary_name="B", by=board
    )
    kinds = [k for k, by in _kinds(held_meeting["meeting"]) if by == board.pk]
    assert kinds[-3:] == [
        MeetingEventKind.MINUTES_DRAFTED,
        MeetingEventKind.MINUTES_UPDATED,
        MeetingEventKind.MINUTES_ADOPTED,
    ]


def test_the_board_sees_the_history_on_the_meeting_page(client):
    coop, board, members = coop_with_members(3)
    meeting, _proposal = convened_meeting(coop, board)
    url = reverse("governance:meeting", kwargs={"coop": coop.slug, "pk": meeting.pk})
    client.force_login(board.user)
    body = client.get(url).content.decode()
    assert "Geschiedenis" in body and "Oproeping verstuurd" in body and board.name in body
    client.force_login(members[0].user)
    assert "Geschiedenis" not in client.get(url).content.decode()
