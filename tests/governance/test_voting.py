"""Votes, majorities, quorum, proxies and secret ballots (Dutch civil code Book 2 and the statutes)."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from governance import services
from governance.errors import AlreadyVoted, BallotRefused, GovernanceError, ProxyRefused, VoteRefused
from governance.models import Decision, Participation, ProposalKind, Vote
from members.models import MemberStatus
from tests.governance.factories import added_in_time, convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


def _vote_all(ballot, members, choices):
    for m, c in zip(members, choices, strict=True):
        services.vote_cast(ballot=ballot, member=m, choice=c)


def test_simple_majority_carries_and_enters_register():
    coop, board, members = coop_with_members(6)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board)
    _vote_all(ballot, [board, *members], ["for", "for", "for", "against", "against", "abstain"])
    ballot = services.ballot_close(ballot=ballot, by=board)
    assert (ballot.votes_for, ballot.votes_against, ballot.votes_abstain) == (3, 2, 1)
    assert ballot.carried is True
    decision = services.ballot_confirm(ballot=ballot, by=board)
    assert decision.adopted and decision.votes_for == 3 and decision.meeting == meeting
    assert decision.number == f"{timezone.localdate().year}-001"


def test_tie_is_lost():
    coop, board, members = coop_with_members(4)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board)
    _vote_all(ballot, [board, *members], ["for", "for", "against", "against"])
    ballot = services.ballot_close(ballot=ballot, by=board)
    assert ballot.carried is False
    assert "staken" in ballot.outcome_text


def test_two_thirds_with_abstentions_not_counted():
    """Statute change: 4 for, 2 against, 3 abstain -> 4/6 = 2/3 of votes cast: carried,
    though 4 is less than half of the 9 present."""
    coop, board, members = coop_with_members(9)
    meeting, proposal = convened_meeting(coop, board, kind=ProposalKind.STATUTES)
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board)
    choices = ["for"] * 4 + ["against"] * 2 + ["abstain"] * 3
    _vote_all(ballot, [board, *members], choices)
    ballot = services.ballot_close(ballot=ballot, by=board)
    assert ballot.carried is True and ballot.votes_cast == 6


def test_two_thirds_just_missed():
    coop, board, members = coop_with_members(8)
    meeting, proposal = convened_meeting(coop, board, kind=ProposalKind.DISSOLUTION)
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board)
    _vote_all(ballot, [board, *members], ["for"] * 5 + ["against"] * 3)  # 5/8 < 2/3
    assert services.ballot_close(ballot=ballot, by=board).carried is False


def test_quorum_not_reached():
    coop, board, members = coop_with_members(10, quorum_percent=50)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board, members[0], members[1])  # 3 of 10, quorum is 5
    ballot = services.ballot_open(proposal=proposal, by=board)
    _vote_all(ballot, [board, members[0], members[1]], ["for", "for", "for"])
    ballot = services.ballot_close(ballot=ballot, by=board)
    assert ballot.quorum_met is False and ballot.carried is False
    assert "quorum" in ballot.outcome_text


def test_quorum_counts_represented_members():
    coop, board, members = coop_with_members(10, quorum_percent=50)
    meeting, proposal = convened_meeting(coop, board, starts_at=timezone.now() + dt.timedelta(days=20))
    services.proxy_grant(meeting=meeting, grantor=members[4], holder=members[0])
    services.proxy_grant(meeting=meeting, grantor=members[5], holder=members[1])
    at = meeting.starts_at + dt.timedelta(minutes=5)
    for m in (board, members[0], members[1]):
        services.attendance_register(meeting=meeting, member=m, now=at)
    ballot = services.ballot_open(proposal=proposal, by=board, now=at)
    for m in (board, members[0], members[1]):
        services.vote_cast(ballot=ballot, member=m, choice="for", now=at)
    services.vote_cast(ballot=ballot, member=members[0], choice="for", proxy_for=members[4], now=at)
    ballot = services.ballot_close(ballot=ballot, by=board, now=at)
    assert ballot.present_count == 3 and ballot.represented_count == 2
    assert ballot.quorum_met is True and ballot.votes_for == 4


def test_one_vote_per_member_per_ballot():
    coop, board, members = coop_with_members(3)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board)
    services.vote_cast(ballot=ballot, member=members[0], choice="for")
    with pytest.raises(AlreadyVoted):
        services.vote_cast(ballot=ballot, member=members[0], choice="against")
    assert Vote.objects.filter(ballot=ballot).count() == 1


def test_unique_constraint_holds_without_the_service():
    coop, board, members = coop_with_members(2)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board)
    ballot = services.ballot_open(proposal=proposal, by=board)
    p = services.vote_cast(ballot=ballot, member=board, choice="for")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(ballot=ballot, member=board, cast_by=board, cast_at=p.cast_at)


@pytest.mark.django_db(transaction=True)
def test_concurrent_casting_counts_one_vote():
    """Eight threads, each with its own database connection, cast the same member's vote at once."""
    coop, board, members = coop_with_members(2)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, members[0])
    ballot = services.ballot_open(proposal=proposal, by=board)
    barrier = threading.Barrier(8)
    results = []

    def cast():
        try:
            barrier.wait(timeout=10)
            services.vote_cast(ballot=ballot, member=members[0], choice="for")
            results.append("ok")
        except AlreadyVoted:
            results.append("refused")
        except Exception as exc:  # noqa: BLE001
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["ok"] + ["refused"] * 7
    assert Participation.objects.filter(ballot=ballot).count() == 1
    assert Vote.objects.filter(ballot=ballot).count() == 1


def test_voting_at_meeting_requires_presence():
    coop, board, members = coop_with_members(2)
    meeting, proposal = convened_meeting(coop, board)
    ballot = services.ballot_open(proposal=proposal, by=board)
    with pytest.raises(VoteRefused, match="aanwezig"):
        services.vote_cast(ballot=ballot, member=members[0], choice="for")


def test_suspended_member_votes_but_one_who_left_cannot():
    coop, board, members = coop_with_members(3)
    meeting, proposal = convened_meeting(coop, board)
    suspended, left = members
    suspended.status = MemberStatus.SUSPENDED
    suspended.save()
    present(meeting, suspended)
    ballot = services.ballot_open(proposal=proposal, by=board)
    services.vote_cast(ballot=ballot, member=suspended, choice="for")
    left.status = MemberStatus.LEFT
    left.save()
    with pytest.raises(VoteRefused):
        services.vote_cast(ballot=ballot, member=left, choice="for")


# Proxies ----------------------------------------------------------------------------------


def _future_meeting(coop, board, **kw):
    return convened_meeting(coop, board, starts_at=timezone.now() + dt.timedelta(days=20), **kw)


def test_proxy_cap_per_holder():
    coop, board, members = coop_with_members(5)
    meeting, _ = _future_meeting(coop, board)
    services.proxy_grant(meeting=meeting, grantor=members[0], holder=members[3])
    with pytest.raises(ProxyRefused, match="maximum van 1"):
        services.proxy_grant(meeting=meeting, grantor=members[1], holder=members[3])
    coop.proxy_cap = 2
    coop.save()
    meeting.refresh_from_db()
    services.proxy_grant(meeting=meeting, grantor=members[1], holder=members[3])
    with pytest.raises(ProxyRefused, match="maximum van 2"):
        services.proxy_grant(meeting=meeting, grantor=members[2], holder=members[3])


def test_proxy_rules_no_self_no_chain_only_before_meeting():
    coop, board, members = coop_with_members(4)
    meeting, _ = _future_meeting(coop, board)
    with pytest.raises(ProxyRefused):
        services.proxy_grant(meeting=meeting, grantor=members[0], holder=members[0])
    services.proxy_grant(meeting=meeting, grantor=members[0], holder=members[1])
    with pytest.raises(ProxyRefused):
        services.proxy_grant(meeting=meeting, grantor=members[2], holder=members[0])  # a chain
    with pytest.raises(ProxyRefused):
        services.proxy_grant(meeting=meeting, grantor=members[0], holder=members[2])  # a second one
    with pytest.raises(ProxyRefused, match="vóór"):
        services.proxy_grant(
            meeting=meeting, grantor=members[2], holder=members[1], now=meeting.starts_at + dt.timedelta(minutes=1)
        )


def test_proxy_holder_votes_separately_and_grantor_revokes_before_the_ballot():
    coop, board, members = coop_with_members(4)
    meeting, proposal = _future_meeting(coop, board)
    grantor, holder = members[0], members[1]
    proxy = services.proxy_grant(meeting=meeting, grantor=grantor, holder=holder)
    at = meeting.starts_at + dt.timedelta(minutes=10)
    for m in (board, grantor, holder):
        services.attendance_register(meeting=meeting, member=m, now=at)
    ballot = services.ballot_open(proposal=proposal, by=board, now=at)
    with pytest.raises(VoteRefused, match="volmacht gegeven"):
        services.vote_cast(ballot=ballot, member=grantor, choice="against", now=at)
    services.vote_cast(ballot=ballot, member=holder, choice="for", now=at)
    services.vote_cast(ballot=ballot, member=holder, choice="for", proxy_for=grantor, now=at)
    with pytest.raises(AlreadyVoted):
        services.vote_cast(ballot=ballot, member=holder, choice="for", proxy_for=grantor, now=at)
    services.ballot_close(ballot=ballot, by=board, now=at)

    # A second proposal: the grantor is present after all and revokes before that ballot.
    _item, second = added_in_time(meeting, board, title="Tweede")
    services.proxy_revoke(proxy=proxy, now=at)
    ballot2 = services.ballot_open(proposal=second, by=board, now=at)
    with pytest.raises(VoteRefused, match="geen geldige volmacht"):
        services.vote_cast(ballot=ballot2, member=holder, choice="for", proxy_for=grantor, now=at)
    services.vote_cast(ballot=ballot2, member=grantor, choice="against", now=at)
    ballot = ballot.__class__.objects.get(pk=ballot.pk)
    assert ballot.votes_for == 2  # the first ballot's frozen numbers did not change
    assert {p["grantor"]["id"] for p in ballot.frozen["proxies"]} == {grantor.pk}


def test_close_freezes_presence_proxies_and_votes():
    coop, board, members = coop_with_members(4)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board, members[0])
    ballot = services.ballot_open(proposal=proposal, by=board)
    services.vote_cast(ballot=ballot, member=members[0], choice="against")
    ballot = services.ballot_close(ballot=ballot, by=board)
    frozen = dict(ballot.frozen)
    services.attendance_register(meeting=meeting, member=members[1], now=timezone.now())
    with pytest.raises(VoteRefused, match="gesloten"):
        services.vote_cast(ballot=ballot, member=members[1], choice="for")
    with pytest.raises(BallotRefused):
        services.ballot_close(ballot=ballot, by=board)
    ballot.refresh_from_db()
    assert ballot.frozen == frozen
    assert [p["id"] for p in frozen["present"]] == sorted([board.pk, members[0].pk], key=lambda pk: pk)
    assert frozen["voters"][0]["choice"] == "against"


# Electronic early voting ----------------------------------------------------------------


def test_electronic_early_votes_count_as_cast_at_the_meeting():
    coop, board, members = coop_with_members(4, electronic_voting_allowed=True)
    meeting, proposal = _future_meeting(coop, board)
    early = meeting.starts_at - dt.timedelta(days=10)
    ballot = services.ballot_open(proposal=proposal, by=board, now=early)
    assert ballot.early
    services.vote_cast(ballot=ballot, member=members[0], choice="for", now=early)
    services.vote_cast(ballot=ballot, member=members[1], choice="for", now=early + dt.timedelta(days=1))
    with pytest.raises(BallotRefused):
        services.ballot_close(ballot=ballot, by=board, now=early + dt.timedelta(days=2))
    at = meeting.starts_at + dt.timedelta(minutes=30)
    services.attendance_register(meeting=meeting, member=members[2], now=at)
    services.vote_cast(ballot=ballot, member=members[2], choice="against", now=at)
    with pytest.raises(AlreadyVoted):
        services.attendance_register(meeting=meeting, member=members[0], now=at)
        services.vote_cast(ballot=ballot, member=members[0], choice="against", now=at)
    ballot = services.ballot_close(ballot=ballot, by=board, now=at)
    assert (ballot.votes_for, ballot.votes_against, ballot.carried) == (2, 1, True)
    assert sum(1 for v in ballot.frozen["voters"] if v["electronic"]) == 2


def test_electronic_votes_refused_too_early_or_when_statutes_forbid():
    coop, board, members = coop_with_members(3, electronic_voting_allowed=True)
    meeting, proposal = _future_meeting(coop, board)
    with pytest.raises(BallotRefused, match="30 dagen"):
        services.ballot_open(proposal=proposal, by=board, now=meeting.starts_at - dt.timedelta(days=31))
    ballot = services.ballot_open(proposal=proposal, by=board, now=meeting.starts_at - dt.timedelta(days=29))
    with pytest.raises(VoteRefused, match="30 dagen"):
        services.vote_cast(
            ballot=ballot, member=members[0], choice="for", now=meeting.starts_at - dt.timedelta(days=31)
        )
    coop.electronic_voting_allowed = False
    coop.save()
    with pytest.raises(VoteRefused, match="niet toe"):
        services.vote_cast(ballot=ballot, member=members[0], choice="for", now=meeting.starts_at - dt.timedelta(days=5))
    assert not Participation.objects.filter(ballot=ballot).exists()


# Secret ballots and elections -----------------------------------------------------------


def test_secret_ballot_stores_no_link_between_member_and_choice():
    coop, board, members = coop_with_members(4)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board, secret=True)
    services.vote_cast(ballot=ballot, member=members[0], choice="against")
    services.vote_cast(ballot=ballot, member=members[1], choice="for")
    with pytest.raises(AlreadyVoted):
        services.vote_cast(ballot=ballot, member=members[0], choice="for")
    # Participation: who voted, never what.
    assert set(Participation.objects.filter(ballot=ballot).values_list("choice", flat=True)) == {""}
    # Vote: what, never who or when; and its key is random, not a sequence. Only an early
    # vote has an envelope (its voter) until the ballot closes; these were cast at the meeting.
    vote_fields = {f.name for f in Vote._meta.get_fields()}
    assert vote_fields == {"id", "ballot", "choice", "candidate", "envelope"}
    assert not Vote.objects.filter(ballot=ballot, envelope__isnull=False).exists()
    assert Vote._meta.pk.get_internal_type() == "UUIDField"
    ballot = services.ballot_close(ballot=ballot, by=board)
    assert all(v["choice"] == "" for v in ballot.frozen["voters"])
    assert (ballot.votes_for, ballot.votes_against) == (1, 1)


def test_election_with_candidates_and_seats():
    coop, board, members = coop_with_members(7)
    meeting, proposal = convened_meeting(coop, board, kind=ProposalKind.ELECTION, title="Bestuursverkiezing", seats=2)
    a, b, c = (services.candidate_add(proposal=proposal, member=m) for m in members[:3])
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board)
    assert ballot.secret
    voters = [board, *members]
    picks = [[a, b], [a, b], [a, c], [a], [b], [b, c], "blank"]
    for m, pick in zip(voters, picks, strict=True):
        services.vote_cast(ballot=ballot, member=m, choice=pick)
    with pytest.raises(VoteRefused):
        services.vote_cast(ballot=ballot, member=members[0], choice=[a, b, c])
    ballot = services.ballot_close(ballot=ballot, by=board)
    # 6 non-blank ballots: a 4, b 4, c 2 -> a and b elected (more than half of 6).
    assert {e["candidate"] for e in ballot.frozen["elected"]} == {a.pk, b.pk}
    decision = services.ballot_confirm(ballot=ballot, by=board)
    assert decision.kind == ProposalKind.ELECTION and a.member.name in decision.text


def test_amendment_is_voted_before_its_proposal():
    coop, board, members = coop_with_members(3)
    meeting, proposal = convened_meeting(coop, board)
    amendment = services.proposal_create(
        item=proposal.item, by=members[0], kind="ordinary", title="Amendement", text="Anders", amends=proposal
    )
    with pytest.raises(BallotRefused, match="amendementen"):
        services.ballot_open(proposal=proposal, by=board)
    present(meeting, board)
    b = services.ballot_open(proposal=amendment, by=board)
    services.vote_cast(ballot=b, member=board, choice="against")
    services.ballot_confirm(ballot=services.ballot_close(ballot=b, by=board), by=board)
    services.ballot_open(proposal=proposal, by=board)
    assert Decision.objects.get(ballot=b).title.startswith("Amendement")


@pytest.mark.django_db(transaction=True)
def test_concurrent_proxies_respect_the_cap():
    """Four members give a proxy to the same holder at the same moment: the cap (1) holds."""
    coop, board, members = coop_with_members(6)
    meeting, _ = _future_meeting(coop, board)
    holder = members[4]
    barrier = threading.Barrier(4)
    results = []

    def grant(grantor):
        try:
            barrier.wait(timeout=10)
            services.proxy_grant(meeting=meeting, grantor=grantor, holder=holder)
            results.append("ok")
        except ProxyRefused:
            results.append("refused")
        except Exception as exc:  # noqa: BLE001
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=grant, args=(m,)) for m in members[:4]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["ok"] + ["refused"] * 3
    assert meeting.proxies.filter(holder=holder, revoked_at__isnull=True).count() == 1


def test_meeting_date_is_fixed_once_a_ballot_opened():
    """Early votes count for the meeting they were cast for; moving it would move them out of the 30 days."""
    coop, board, members = coop_with_members(3, electronic_voting_allowed=True)
    meeting, proposal = _future_meeting(coop, board)
    early = meeting.starts_at - dt.timedelta(days=10)
    ballot = services.ballot_open(proposal=proposal, by=board, now=early)
    services.vote_cast(ballot=ballot, member=members[0], choice="for", now=early)
    later = meeting.starts_at + dt.timedelta(days=40)
    with pytest.raises(GovernanceError, match="datum"):
        services.meeting_update(meeting=meeting, title="ALV", starts_at=later, location="Elders")
    meeting.refresh_from_db()
    assert meeting.starts_at == early + dt.timedelta(days=10) and meeting.status == "convened"
    services.meeting_update(meeting=meeting, title="ALV (gewijzigd)", starts_at=meeting.starts_at, location="Elders")
