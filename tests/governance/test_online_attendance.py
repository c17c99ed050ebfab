"""Online attendance tied to the member's own log-in (no shared room code for remote
members), following the meeting live and voting live, when the statutes allow taking part
by electronic means (art. 2:38 BW)."""

import datetime as dt

import pytest
from django.urls import reverse

from governance import services
from governance.errors import GovernanceError, VoteRefused
from governance.models import Attendance, AttendanceSource, MeetingEvent, MeetingEventKind
from members.suspension import member_rights_suspend
from tests.factories import PASSWORD
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


@pytest.fixture
def hybrid():
    coop, board, members = coop_with_members(4, remote_participation_allowed=True)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board)
    ballot = services.ballot_open(proposal=proposal, by=board)
    return {"coop": coop, "board": board, "members": members, "meeting": meeting, "ballot": ballot}


def test_a_logged_in_member_registers_online_attendance_without_any_code(hybrid):
    member = hybrid["members"][0]
    attendance = services.attendance_register_online(meeting=hybrid["meeting"], member=member)
    assert attendance.source == AttendanceSource.ONLINE and attendance.is_online
    # Recorded with the member as actor: they registered themselves.
    event = MeetingEvent.objects.filter(meeting=hybrid["meeting"], kind=MeetingEventKind.ATTENDANCE_REGISTERED).first()
    assert event.by == member
    # Idempotent.
    assert services.attendance_register_online(meeting=hybrid["meeting"], member=member).pk == attendance.pk


def test_online_attendance_needs_the_statutes_to_allow_it():
    coop, board, members = coop_with_members(3)  # remote_participation_allowed defaults to False
    meeting, _proposal = convened_meeting(coop, board)
    with pytest.raises(GovernanceError):
        services.attendance_register_online(meeting=meeting, member=members[0])
    assert not Attendance.objects.filter(meeting=meeting, member=members[0]).exists()


def test_online_attendance_only_while_the_meeting_is_in_progress(hybrid):
    meeting, member = hybrid["meeting"], hybrid["members"][0]
    with pytest.raises(GovernanceError):
        services.attendance_register_online(
            meeting=meeting, member=member, now=meeting.starts_at - dt.timedelta(days=1)
        )
    services.ballot_close(ballot=hybrid["ballot"], by=hybrid["board"])
    services.meeting_close(meeting=meeting, by=hybrid["board"])
    with pytest.raises(GovernanceError):
        services.attendance_register_online(meeting=meeting, member=member)


def test_a_member_suspended_as_a_member_cannot_attend_online(hybrid):
    member = hybrid["members"][0]
    member_rights_suspend(member=member, reason="Statutaire maatregel", by=hybrid["board"])
    with pytest.raises(GovernanceError):
        services.attendance_register_online(meeting=hybrid["meeting"], member=member)


def test_an_online_member_votes_live_and_the_record_says_online(hybrid):
    member = hybrid["members"][0]
    with pytest.raises(VoteRefused):  # not present yet
        services.vote_cast(ballot=hybrid["ballot"], member=member, choice="for")
    services.attendance_register_online(meeting=hybrid["meeting"], member=member)
    participation = services.vote_cast(ballot=hybrid["ballot"], member=member, choice="for")
    assert not participation.electronic  # cast at the meeting, not beforehand
    ballot = services.ballot_close(ballot=hybrid["ballot"], by=hybrid["board"])
    assert ballot.votes_for == 1 and ballot.present_count == 2
    voter = next(v for v in ballot.frozen["voters"] if v["id"] == member.pk)
    assert voter["online"] is True
    assert {p["id"]: p["online"] for p in ballot.frozen["present"]} == {hybrid["board"].pk: False, member.pk: True}


def test_the_meeting_page_offers_online_attendance_not_the_room_code_to_remote_members(client, hybrid):
    member = hybrid["members"][0]
    client.login(email=member.user.email, password=PASSWORD)
    coop, meeting = hybrid["coop"].slug, hybrid["meeting"]
    page = client.get(reverse("governance:meeting", kwargs={"coop": coop, "pk": meeting.pk})).content.decode()
    assert reverse("governance:attend_online", kwargs={"coop": coop, "pk": meeting.pk}) in page
    assert meeting.checkin_code not in page  # the code is for the room's screen, never sent to members
    response = client.post(reverse("governance:attend_online", kwargs={"coop": coop, "pk": meeting.pk}))
    assert response.status_code == 302
    assert Attendance.objects.get(meeting=meeting, member=member).source == AttendanceSource.ONLINE


def test_the_live_page_shows_the_item_and_open_ballot_and_refreshes_when_nothing_waits(
    client, hybrid, django_assert_max_num_queries
):
    member, coop, meeting = hybrid["members"][0], hybrid["coop"].slug, hybrid["meeting"]
    item = hybrid["ballot"].proposal.item
    services.meeting_item_current(meeting=meeting, item=item, by=hybrid["board"])
    client.login(email=member.user.email, password=PASSWORD)
    url = reverse("governance:live", kwargs={"coop": coop, "pk": meeting.pk})
    page = client.get(url).content.decode()
    assert item.title in page and hybrid["ballot"].proposal.title in page
    assert 'http-equiv="refresh"' in page  # not present yet: nothing to fill in, keep following
    client.post(reverse("governance:attend_online", kwargs={"coop": coop, "pk": meeting.pk}))
    with django_assert_max_num_queries(25):
        page = client.get(url).content.decode()
    assert 'name="back" value="live"' in page and 'value="for"' in page
    assert 'http-equiv="refresh"' not in page  # a vote form waits: no refresh under the member's thumb
    prefix = f"v{member.pk}"
    response = client.post(
        reverse("governance:vote", kwargs={"coop": coop, "pk": hybrid["ballot"].pk}),
        {"prefix": prefix, f"{prefix}-choice": "for", "back": "live"},
    )
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "Je hebt gestemd" in page and 'http-equiv="refresh"' in page


def test_a_member_suspended_as_a_member_sees_why_there_is_no_vote_form(client, hybrid):
    member = hybrid["members"][0]
    member_rights_suspend(member=member, reason="Schorsing", by=hybrid["board"])
    client.login(email=member.user.email, password=PASSWORD)
    coop, meeting, ballot = hybrid["coop"].slug, hybrid["meeting"], hybrid["ballot"]
    for url in (
        reverse("governance:live", kwargs={"coop": coop, "pk": meeting.pk}),
        reverse("governance:ballot", kwargs={"coop": coop, "pk": ballot.pk}),
    ):
        page = client.get(url).content.decode()
        assert 'value="for"' not in page and "Je hebt gestemd" not in page
        assert "msg--warning" in page or "geschorst als lid" in page
