"""No ballot opens after the meeting day (until 06:00 the next morning, Amsterdam time); a
meeting left open after its day is closed by the board with a reason, recorded as an event."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.errors import BallotTooLate, CloseReasonRequired
from governance.models import MeetingEvent, MeetingEventKind, MeetingStatus
from governance.permissions import meeting_day_ends
from tests.governance.factories import convened_meeting, coop_with_members

pytestmark = pytest.mark.django_db


def _meeting(days_ago=3):
    coop, board, members = coop_with_members(3)
    starts = timezone.make_aware(dt.datetime.combine(timezone.localdate() - dt.timedelta(days=days_ago), dt.time(20)))
    meeting, proposal = convened_meeting(coop, board, starts_at=starts)
    return coop, board, meeting, proposal


def test_meeting_day_ends_at_six_the_next_morning():
    coop, board, meeting, proposal = _meeting()
    ends = timezone.localtime(meeting_day_ends(meeting))
    assert ends.date() == timezone.localtime(meeting.starts_at).date() + dt.timedelta(days=1) and ends.hour == 6


def test_ballot_opens_after_midnight_but_not_the_next_day():
    coop, board, meeting, proposal = _meeting()
    ends = meeting_day_ends(meeting)
    with pytest.raises(BallotTooLate) as err:
        services.ballot_open(proposal=proposal, by=board, now=ends)
    assert err.value.ends == ends
    ballot = services.ballot_open(proposal=proposal, by=board, now=ends - dt.timedelta(hours=5))  # 01:00
    assert ballot.is_open


def test_late_close_needs_a_reason_and_records_it():
    coop, board, meeting, proposal = _meeting()
    with pytest.raises(CloseReasonRequired):
        services.meeting_close(meeting=meeting, by=board)
    services.meeting_close(meeting=meeting, by=board, reason="Vergeten te sluiten na afloop")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    event = MeetingEvent.objects.get(meeting=meeting, kind=MeetingEventKind.CLOSED_LATE)
    assert event.by == board and event.note == "Vergeten te sluiten na afloop"


def test_close_on_the_day_needs_no_reason():
    coop, board, members = coop_with_members(3)
    meeting, proposal = convened_meeting(coop, board)  # started an hour ago
    services.meeting_close(meeting=meeting, by=board)
    assert MeetingEvent.objects.filter(meeting=meeting, kind=MeetingEventKind.CLOSED).exists()


def test_close_view_asks_for_the_reason(client):
    coop, board, meeting, proposal = _meeting()
    client.force_login(board.user)
    url = reverse("governance:meeting_close", kwargs={"coop": coop.slug, "pk": meeting.pk})
    client.post(url, {"reason": ""})
    meeting.refresh_from_db()
    assert meeting.status != MeetingStatus.CLOSED
    client.post(url, {"reason": "Na afloop niet gesloten"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
