"""Convocation, notice periods, statute-change warnings, attendance and ALV requests."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from governance import selectors, services
from governance.errors import ConvocationTooLate, GovernanceError
from governance.models import Meeting, MeetingStatus, ProposalKind
from members.models import MemberStatus
from tests.factories import MemberFactory
from tests.governance.factories import coop_with_members

pytestmark = pytest.mark.django_db


def _meeting(coop, board, days_ahead=20):
    meeting = services.meeting_create(
        cooperative=coop,
        by=board,
        title="Voorjaars-ALV",
        starts_at=timezone.now() + dt.timedelta(days=days_ahead),
        location="Buurthuis",
    )
    services.agenda_item_add(meeting=meeting, title="Opening")
    return meeting


def test_convocation_mails_every_member_entitled_to_attend(django_capture_on_commit_callbacks):
    coop, board, members = coop_with_members(4)
    members[0].status = MemberStatus.SUSPENDED
    members[0].save()
    MemberFactory(cooperative=coop, status=MemberStatus.LEFT)
    MemberFactory(cooperative=coop, status=MemberStatus.APPLIED, number=None, admitted_at=None)
    meeting = _meeting(coop, board)
    with django_capture_on_commit_callbacks(execute=True):
        warnings = services.meeting_convene(meeting=meeting, by=board)
    assert warnings == []
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(m.user.email for m in [board, *members])  # suspended included; left/applicant not
    assert "Voorjaars-ALV" in mail.outbox[0].subject and "1. Opening" in mail.outbox[0].body
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED


def test_late_convocation_refused(django_capture_on_commit_callbacks):
    coop, board, _ = coop_with_members(3)  # notice_days 14 by default
    meeting = _meeting(coop, board, days_ahead=13)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ConvocationTooLate, match="14 dagen"):
        services.meeting_convene(meeting=meeting, by=board)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT and mail.outbox == []


def test_notice_period_comes_from_the_statutes():
    coop, board, _ = coop_with_members(2, notice_days=7)
    meeting = _meeting(coop, board, days_ahead=8)
    services.meeting_convene(meeting=meeting, by=board)


def test_statute_change_with_less_than_7_days_notice_is_refused():
    """2:42 lid 1: the statutes allow 5 days' notice, but a statute change needs 7."""
    coop, board, _ = coop_with_members(2, notice_days=5)
    meeting = _meeting(coop, board, days_ahead=6)
    item = services.agenda_item_add(meeting=meeting, title="Statuten")
    services.proposal_create(item=item, by=board, kind=ProposalKind.STATUTES, title="Nieuwe statuten", text="...")
    with pytest.raises(ConvocationTooLate) as err:
        services.meeting_convene(meeting=meeting, by=board)
    assert err.value.days == 7
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT


def test_statute_change_text_not_on_inspection_in_time_warns():
    coop, board, _ = coop_with_members(2, notice_days=5)
    meeting = _meeting(coop, board, days_ahead=8)
    item = services.agenda_item_add(meeting=meeting, title="Statuten")
    services.proposal_create(item=item, by=board, kind=ProposalKind.STATUTES, title="Nieuwe statuten", text="...")
    warnings = services.meeting_convene(meeting=meeting, by=board)
    assert len(warnings) == 1 and "ter inzage" in warnings[0]


def test_statute_change_with_text_on_time_gives_no_warning():
    coop, board, _ = coop_with_members(2)
    meeting = _meeting(coop, board, days_ahead=20)
    item = services.agenda_item_add(meeting=meeting, title="Statuten")
    services.proposal_create(
        item=item,
        by=board,
        kind=ProposalKind.STATUTES,
        title="Nieuwe statuten",
        text="...",
        text_available_from=timezone.localdate(),
    )
    assert services.meeting_convene(meeting=meeting, by=board) == []


def test_self_checkin_with_code_only_near_the_meeting():
    coop, board, members = coop_with_members(2)
    meeting = _meeting(coop, board)
    services.meeting_convene(meeting=meeting, by=board)
    with pytest.raises(GovernanceError, match="twee uur"):
        services.attendance_checkin(meeting=meeting, member=members[0], code=meeting.checkin_code)
    at = meeting.starts_at - dt.timedelta(minutes=30)
    with pytest.raises(GovernanceError, match="klopt niet"):
        services.attendance_checkin(meeting=meeting, member=members[0], code="XXXXXX", now=at)
    services.attendance_checkin(meeting=meeting, member=members[0], code=meeting.checkin_code.lower(), now=at)
    services.attendance_checkin(meeting=meeting, member=members[0], code=meeting.checkin_code, now=at)
    assert meeting.attendances.count() == 1


def test_agenda_numbering_move_and_delete():
    coop, board, _ = coop_with_members(1)
    meeting = _meeting(coop, board)
    second = services.agenda_item_add(meeting=meeting, title="Tarieven")
    services.agenda_item_add(meeting=meeting, title="Rondvraag")
    services.agenda_item_move(item=second, up=True)
    assert list(meeting.items.values_list("title", flat=True)) == ["Tarieven", "Opening", "Rondvraag"]
    services.agenda_item_delete(item=meeting.items.get(title="Opening"))
    assert list(meeting.items.values_list("position", "title")) == [(1, "Tarieven"), (2, "Rondvraag")]


def test_meeting_request_by_one_tenth_records_board_deadline():
    coop, board, members = coop_with_members(20)  # threshold: 2 of 20
    assert services.meeting_request_threshold(cooperative=coop) == 2
    req = services.meeting_request_create(cooperative=coop, by=members[0], subject="Tarieven", reason="Te hoog")
    assert req.threshold_reached_at is None
    req = services.meeting_request_support(request=req, member=members[1])
    assert req.threshold_reached_at is not None
    assert req.board_deadline - req.threshold_reached_at == dt.timedelta(weeks=4)
    assert req.convene_by - req.threshold_reached_at == dt.timedelta(days=14)
    with pytest.raises(GovernanceError):
        services.meeting_request_support(request=req, member=members[1])
    meeting = services.meeting_create(
        cooperative=coop,
        by=board,
        title="Extra ALV",
        starts_at=timezone.now() + dt.timedelta(days=20),
        location="Buurthuis",
        request=req,
    )
    req.refresh_from_db()
    assert req.meeting == meeting


def test_requesters_may_convene_themselves_when_the_board_does_not_answer_within_14_days():
    """2:41: the board convenes within 14 days an ALV held within 4 weeks of the request."""
    coop, board, members = coop_with_members(10)  # threshold: 1 of 10
    made = timezone.now() - dt.timedelta(days=20)
    req = services.meeting_request_create(cooperative=coop, by=members[0], subject="Tarieven", reason="...", now=made)
    assert not selectors.meeting_request_members_may_convene(request=req, now=made + dt.timedelta(days=13))
    assert selectors.meeting_request_members_may_convene(request=req, now=made + dt.timedelta(days=15))

    # A meeting planned but convened too late, or held after the four weeks, is no answer.
    meeting = services.meeting_create(
        cooperative=coop,
        by=board,
        title="Extra ALV",
        starts_at=made + dt.timedelta(days=27),
        location="Buurthuis",
        request=req,
    )
    services.agenda_item_add(meeting=meeting, title="Tarieven")
    services.meeting_convene(meeting=meeting, by=board, now=made + dt.timedelta(days=12))
    req.refresh_from_db()
    assert not selectors.meeting_request_members_may_convene(request=req, now=made + dt.timedelta(days=15))
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=made + dt.timedelta(days=30))
    req.refresh_from_db()
    assert selectors.meeting_request_members_may_convene(request=req, now=made + dt.timedelta(days=15))
