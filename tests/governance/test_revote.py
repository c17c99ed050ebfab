"""2:13 lid 2: when, immediately after the chair's declaration, its correctness is disputed,
a new vote is held when the majority asks (DEEL's votes are all by roll call or in
writing). The first ballot stays; the new decision replaces the earlier one's effect."""

import datetime as dt

import pytest

from governance import services
from governance.errors import GovernanceError, RevoteRefused
from governance.models import Ballot, Decision, FollowReason, MeetingEvent, MeetingEventKind
from tests.governance.factories import added_in_time, convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared():
    coop, board, members = coop_with_members(5)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board)
    for m, c in zip([board, *members], ["for", "for", "against", "against", "against"], strict=True):
        services.vote_cast(ballot=ballot, member=m, choice=c)
    ballot = services.ballot_close(ballot=ballot, by=board)
    first = services.ballot_confirm(ballot=ballot, by=board)
    ballot.refresh_from_db()
    return coop, board, members, meeting, proposal, ballot, first


def test_new_vote_replaces_the_disputed_decision(declared):
    coop, board, members, meeting, proposal, ballot, first = declared
    new = services.ballot_revote(
        ballot=ballot, by=board, requested_by=members[0], reason="Twee handen niet geteld", majority_requests=True
    )
    assert new.follows == ballot and new.follow_reason == FollowReason.REVOTE and new.reason
    for m in [board, *members]:
        services.vote_cast(ballot=new, member=m, choice="for")
    new = services.ballot_close(ballot=new, by=board)
    second = services.ballot_confirm(ballot=new, by=board)
    assert second.replaces == first and second.adopted and not first.adopted
    first.refresh_from_db()
    assert first.replaced_by == second  # both stay in the register
    assert Ballot.objects.get(pk=ballot.pk).votes_against == 3  # the first ballot is unchanged
    assert services.effective_decision(proposal) == second
    assert MeetingEvent.objects.filter(meeting=meeting, kind=MeetingEventKind.BALLOT_REVOTE).exists()


def test_one_member_alone_cannot_demand_a_new_roll_call_vote(declared):
    coop, board, members, meeting, proposal, ballot, first = declared
    with pytest.raises(RevoteRefused):
        services.ballot_revote(ballot=ballot, by=board, requested_by=members[0], reason="x", majority_requests=False)


def test_new_vote_needs_a_reason(declared):
    coop, board, members, meeting, proposal, ballot, first = declared
    with pytest.raises(RevoteRefused):
        services.ballot_revote(ballot=ballot, by=board, requested_by=members[0], reason=" ", majority_requests=True)


def test_not_after_the_meeting_moved_on(declared):
    coop, board, members, meeting, proposal, ballot, first = declared
    _item, nxt = added_in_time(meeting, board, title="Volgend")  # announced in time (the agenda is fixed)
    services.ballot_open(proposal=nxt, by=board, now=ballot.confirmed_at + dt.timedelta(minutes=1))
    with pytest.raises(RevoteRefused):
        services.ballot_revote(ballot=ballot, by=board, requested_by=members[0], reason="x", majority_requests=True)
    assert Decision.objects.filter(replaces=first).count() == 0


def test_not_twice(declared):
    coop, board, members, meeting, proposal, ballot, first = declared
    services.ballot_revote(ballot=ballot, by=board, requested_by=members[0], reason="x", majority_requests=True)
    with pytest.raises(GovernanceError):  # the new vote exists already
        services.ballot_revote(ballot=ballot, by=board, requested_by=members[0], reason="x", majority_requests=True)


def test_register_shows_which_decision_replaces_which(client, declared):
    from django.urls import reverse

    coop, board, members, meeting, proposal, ballot, first = declared
    new = services.ballot_revote(ballot=ballot, by=board, requested_by=members[0], reason="x", majority_requests=True)
    for m in [board, *members]:
        services.vote_cast(ballot=new, member=m, choice="for")
    second = services.ballot_confirm(ballot=services.ballot_close(ballot=new, by=board), by=board)
    client.force_login(members[1].user)
    html = client.get(reverse("governance:decision", kwargs={"coop": coop.slug, "pk": first.pk})).content.decode()
    assert reverse("governance:decision", kwargs={"coop": coop.slug, "pk": second.pk}) in html


def test_revote_view_opens_the_new_ballot(client, declared):
    from django.urls import reverse

    coop, board, members, meeting, proposal, ballot, first = declared
    client.force_login(board.user)
    url = reverse("governance:ballot_revote", kwargs={"coop": coop.slug, "pk": ballot.pk})
    client.post(url, {"requester": members[0].pk, "reason": "Telfout", "majority": ""})
    assert not Ballot.objects.filter(follows=ballot).exists()  # the majority must ask
    client.post(url, {"requester": members[0].pk, "reason": "Telfout", "majority": "on"})
    assert Ballot.objects.get(follows=ballot).reason == "Telfout"
