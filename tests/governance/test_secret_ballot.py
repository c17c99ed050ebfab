"""A secret ballot stores no link between a member and their choice: not in the models,
and not in what the database keeps beside them (row order, keys, writing transaction)."""

import threading

import pytest
from django.db import connection

from governance import services
from governance.models import Participation, ProposalKind, Vote
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


def _physical_order(ballot) -> list:
    """Vote rows in storage order: SQLite's rowid, PostgreSQL's ctid."""
    column = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT candidate_id FROM governance_vote WHERE ballot_id = %s ORDER BY {column}",  # noqa: S608
            [ballot.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def _election(n_candidates):
    coop, board, members = coop_with_members(n_candidates + 1)
    meeting, proposal = convened_meeting(coop, board, kind=ProposalKind.ELECTION, title="Verkiezing", seats=1)
    candidates = [services.candidate_add(proposal=proposal, member=m) for m in members[:n_candidates]]
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board)
    assert ballot.secret
    return board, members, candidates, ballot


def test_every_cast_rewrites_the_ballot_box_with_new_keys():
    _board, members, candidates, ballot = _election(3)
    seen = set()
    for member, candidate in zip(members, candidates, strict=True):
        services.vote_cast(ballot=ballot, member=member, choice=candidate)
        ids = set(Vote.objects.filter(ballot=ballot).values_list("id", flat=True))
        assert not ids & seen  # no vote row survives from an earlier cast
        seen |= ids
    assert Vote.objects.filter(ballot=ballot).count() == 3


def test_storage_order_comes_from_the_shuffle_not_from_the_order_of_casting(monkeypatch):
    monkeypatch.setattr("governance.services.voting._shuffle", lambda box: box.reverse())
    _board, members, candidates, ballot = _election(4)
    for member, candidate in zip(members, candidates, strict=True):
        services.vote_cast(ballot=ballot, member=member, choice=candidate)
    c1, c2, c3, c4 = (c.pk for c in candidates)
    # Boxes after each cast: [c1], [c2 c1], [c3 c1 c2], [c4 c2 c1 c3]; without the rewrite: c1 c2 c3 c4.
    assert _physical_order(ballot) == [c4, c2, c1, c3]


def test_named_ballot_keeps_its_votes():
    coop, board, members = coop_with_members(3)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board, secret=False)
    services.vote_cast(ballot=ballot, member=members[0], choice="for")
    first = set(Vote.objects.filter(ballot=ballot).values_list("id", flat=True))
    services.vote_cast(ballot=ballot, member=members[1], choice="against")
    assert first < set(Vote.objects.filter(ballot=ballot).values_list("id", flat=True))


@pytest.mark.django_db(transaction=True)
def test_postgresql_xmin_does_not_link_a_vote_to_its_participation():
    """Each cast commits on its own; every live vote row carries the last cast's transaction id."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin exists on PostgreSQL only")
    coop, board, members = coop_with_members(4)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board, secret=True)
    for member, choice in zip(members, ["for", "against", "abstain"], strict=True):
        services.vote_cast(ballot=ballot, member=member, choice=choice)
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT xmin::text FROM governance_vote WHERE ballot_id = %s", [ballot.pk])
        vote_xmins = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT xmin::text FROM governance_participation WHERE ballot_id = %s ORDER BY id", [ballot.pk])
        participation_xmins = [row[0] for row in cursor.fetchall()]
    assert len(participation_xmins) == 3 and len(set(participation_xmins)) == 3
    # One transaction id for all votes, that of the last cast (the Participation is written
    # in a savepoint of it, so carries the next, sub-transaction id).
    assert len(vote_xmins) == 1
    assert int(participation_xmins[-2]) < int(next(iter(vote_xmins))) <= int(participation_xmins[-1])
    assert Participation.objects.filter(ballot=ballot).exclude(choice="").count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_secret_casts_lose_no_vote():
    """Six members cast at once: the rewrite of the box is serialised on the ballot row, so
    every vote ends up in it exactly once."""
    coop, board, members = coop_with_members(7)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, *members)
    ballot = services.ballot_open(proposal=proposal, by=board, secret=True)
    barrier = threading.Barrier(len(members))
    results = []

    def cast(member, choice):
        try:
            barrier.wait(timeout=10)
            services.vote_cast(ballot=ballot, member=member, choice=choice)
            results.append("ok")
        except Exception as exc:  # noqa: BLE001
            results.append(repr(exc))
        finally:
            connection.close()

    choices = ["for", "for", "for", "against", "against", "abstain"]
    threads = [threading.Thread(target=cast, args=pair) for pair in zip(members, choices, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results == ["ok"] * 6
    counts = sorted(Vote.objects.filter(ballot=ballot).values_list("choice", flat=True))
    assert counts == sorted(choices)
