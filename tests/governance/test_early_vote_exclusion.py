"""An electronic vote cast before the meeting counts as cast at it (art. 2:38 BW): not when the
voter's membership ended (or they were suspended as a member) before the ballot closes. The
vote is left out of the frozen outcome and shown as excluded, with the reason."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.models import ProposalKind, Vote
from members import services as member_services
from members.suspension import member_rights_suspend
from tests.factories import PASSWORD
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


def _early(kind=ProposalKind.ORDINARY, seats=None):
    coop, board, members = coop_with_members(6, electronic_voting_allowed=True)
    starts = timezone.now() + dt.timedelta(days=5)
    meeting, proposal = convened_meeting(coop, board, starts_at=starts, kind=kind, seats=seats)
    return coop, board, members, meeting, proposal, starts


def test_the_early_vote_of_a_member_who_left_is_not_counted():
    coop, board, members, meeting, proposal, starts = _early()
    ballot = services.ballot_open(proposal=proposal, by=board)
    services.vote_cast(ballot=ballot, member=members[0], choice="against")  # early, electronic
    services.vote_cast(ballot=ballot, member=members[1], choice="for")
    member_services.member_leave(member=members[0], by=None)
    present(meeting, board)
    services.vote_cast(ballot=ballot, member=board, choice="for", now=starts)
    ballot = services.ballot_close(ballot=ballot, by=board, now=starts + dt.timedelta(minutes=30))
    assert (ballot.votes_for, ballot.votes_against) == (2, 0)
    assert ballot.carried
    assert ballot.frozen["excluded"] == 1
    left = next(v for v in ballot.frozen["voters"] if v["id"] == members[0].pk)
    assert left["excluded"] and left["electronic"]
    counted = next(v for v in ballot.frozen["voters"] if v["id"] == members[1].pk)
    assert counted["excluded"] == ""
    # Out of the box too: what the ballot holds is what was counted.
    assert Vote.objects.filter(ballot=ballot).count() == 2


def test_the_early_vote_of_a_member_suspended_as_a_member_is_not_counted():
    coop, board, members, meeting, proposal, starts = _early()
    ballot = services.ballot_open(proposal=proposal, by=board)
    services.vote_cast(ballot=ballot, member=members[0], choice="for")
    member_rights_suspend(member=members[0], reason="Schorsing", by=board)
    ballot = services.ballot_close(ballot=ballot, by=board, now=starts + dt.timedelta(minutes=30))
    assert ballot.votes_for == 0 and ballot.frozen["excluded"] == 1


def test_secret_early_votes_of_a_member_who_left_are_taken_out_and_no_envelope_remains():
    coop, board, members, meeting, proposal, starts = _early(kind=ProposalKind.ELECTION, seats=1)
    a = services.candidate_add(proposal=proposal, member=members[3])
    b = services.candidate_add(proposal=proposal, member=members[4])
    ballot = services.ballot_open(proposal=proposal, by=board)
    services.vote_cast(ballot=ballot, member=members[0], choice=[b])
    services.vote_cast(ballot=ballot, member=members[1], choice=[a])
    services.vote_cast(ballot=ballot, member=members[2], choice=[b])
    member_services.member_leave(member=members[0], by=None)
    member_services.member_leave(member=members[2], by=None)
    ballot = services.ballot_close(ballot=ballot, by=board, now=starts + dt.timedelta(minutes=30))
    assert {c["name"]: c["votes"] for c in ballot.frozen["candidates"]} == {members[3].name: 1, members[4].name: 0}
    assert [e["name"] for e in ballot.frozen["elected"]] == [members[3].name]
    # After closing no vote is linked to whoever cast it.
    assert not Vote.objects.filter(ballot=ballot, envelope__isnull=False).exists()
    assert all(v["choice"] == "" for v in ballot.frozen["voters"])


def test_the_ballot_page_shows_the_excluded_vote_with_its_reason(client):
    coop, board, members, meeting, proposal, starts = _early()
    ballot = services.ballot_open(proposal=proposal, by=board)
    services.vote_cast(ballot=ballot, member=members[0], choice="for")
    member_services.member_leave(member=members[0], by=None)
    ballot = services.ballot_close(ballot=ballot, by=board, now=starts + dt.timedelta(minutes=30))
    client.login(email=members[1].user.email, password=PASSWORD)
    page = client.get(reverse("governance:ballot", kwargs={"coop": coop.slug, "pk": ballot.pk})).content.decode()
    assert 'class="card excluded"' in page and members[0].name in page
    reason = ballot.frozen["voters"][0]["excluded"]
    assert reason in page
