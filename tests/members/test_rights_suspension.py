"""Suspension as a member (schorsing, art. 2:38 lid 1 BW): no attendance, no proxy, no vote.
It is separate from "may not book" (the status suspended: arrears, licence), which it leaves alone."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import services as gov
from governance.errors import GovernanceError, ProxyRefused, VoteRefused
from governance.selectors import entitled_members
from members import services
from members.errors import InvalidTransition, MembershipError
from members.models import MemberEvent, MemberEventKind, MemberStatus
from members.suspension import member_rights_restore, member_rights_suspend
from tests.factories import PASSWORD
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


def _driver(member):
    member.may_drive = True
    member.licence_number = "1234567890"
    member.licence_expires_on = timezone.localdate() + dt.timedelta(days=400)
    member.save()
    return member


def test_suspension_as_a_member_is_recorded_with_reason_and_actor_and_leaves_booking_alone():
    coop, board, members = coop_with_members(3)
    member = _driver(members[0])
    member_rights_suspend(member=member, reason="Besluit bestuur 3 mei (art. 8 statuten)", by=board)
    member.refresh_from_db()
    assert member.rights_suspended and member.status == MemberStatus.ACTIVE
    event = MemberEvent.objects.get(member=member, kind=MemberEventKind.RIGHTS_SUSPENDED)
    assert event.by == board and "art. 8" in event.note
    services.member_assert_may_book(member=member)  # booking rules untouched: no error
    with pytest.raises(InvalidTransition):
        member_rights_suspend(member=member, reason="nog eens", by=board)
    with pytest.raises(MembershipError):
        member_rights_suspend(member=members[1], reason="", by=board)
    with pytest.raises(MembershipError):  # only the board
        member_rights_suspend(member=members[1], reason="reden", by=members[0])


def test_a_member_suspended_as_a_member_cannot_attend_give_or_hold_a_proxy_or_vote():
    coop, board, members = coop_with_members(4, remote_participation_allowed=True)
    starts = timezone.now() + dt.timedelta(days=10)
    meeting, proposal = convened_meeting(coop, board, starts_at=starts)
    suspended = members[0]
    member_rights_suspend(member=suspended, reason="Schorsing", by=board)
    before = starts - dt.timedelta(days=1)
    with pytest.raises(ProxyRefused):
        gov.proxy_grant(meeting=meeting, grantor=suspended, holder=members[1], now=before)
    with pytest.raises(ProxyRefused):
        gov.proxy_grant(meeting=meeting, grantor=members[1], holder=suspended, now=before)
    with pytest.raises(GovernanceError):
        gov.attendance_register(meeting=meeting, member=suspended, by=board, now=starts)
    with pytest.raises(GovernanceError):
        gov.attendance_register_online(meeting=meeting, member=suspended, now=starts)
    ballot = gov.ballot_open(proposal=proposal, by=board, now=starts)
    with pytest.raises(VoteRefused):
        gov.vote_cast(ballot=ballot, member=suspended, choice="for", now=starts)
    assert suspended not in entitled_members(cooperative=coop)  # not counted for the quorum either


def test_a_booking_suspension_still_votes_and_a_lifted_suspension_as_a_member_votes_again():
    coop, board, members = coop_with_members(3)
    meeting, proposal = convened_meeting(coop, board)
    services.member_suspend(member=members[0], reason="Achterstand", by=board)  # may not book
    member_rights_suspend(member=members[1], reason="Schorsing", by=board)
    member_rights_restore(member=members[1], by=board)
    assert MemberEvent.objects.filter(member=members[1], kind=MemberEventKind.RIGHTS_RESTORED, by=board).exists()
    present(meeting, members[0], members[1])
    ballot = gov.ballot_open(proposal=proposal, by=board)
    gov.vote_cast(ballot=ballot, member=members[0], choice="for")
    gov.vote_cast(ballot=ballot, member=members[1], choice="against")
    ballot = gov.ballot_close(ballot=ballot, by=board)
    assert (ballot.votes_for, ballot.votes_against) == (1, 1)


def test_the_board_suspends_and_restores_on_the_member_page(client):
    coop, board, members = coop_with_members(3)
    subject = members[0]
    client.login(email=board.user.email, password=PASSWORD)
    detail = reverse("members:detail", kwargs={"coop": coop.slug, "pk": subject.pk})
    suspend_url = reverse("members:rights_suspend", kwargs={"coop": coop.slug, "pk": subject.pk})
    assert suspend_url in client.get(detail).content.decode()
    client.post(suspend_url, {"reason": "Statutaire schorsing", "back": "detail"})
    subject.refresh_from_db()
    assert subject.rights_suspended and subject.rights_suspended_by == board
    client.post(reverse("members:rights_restore", kwargs={"coop": coop.slug, "pk": subject.pk}), {"back": "detail"})
    subject.refresh_from_db()
    assert not subject.rights_suspended
    client.login(email=members[1].user.email, password=PASSWORD)
    assert client.post(suspend_url, {"reason": "x"}).status_code == 403
