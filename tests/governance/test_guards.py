"""The database itself keeps governance history (0003, 0007b): raw SQL cannot change or
remove votes, participations, decisions, adopted minutes, or a closed ballot's outcome and
state; on PostgreSQL not by TRUNCATE either. Runs on SQLite and on PostgreSQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from governance import services
from governance.models import Ballot, BallotStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(held_meeting):
    minutes = services.minutes_draft(meeting=held_meeting["meeting"], by=held_meeting["board"])
    minutes = services.minutes_adopt(
        minutes=minutes, at_meeting=held_meeting["next"], chair_name="A", secretary_name="B"
    )
    ballot = held_meeting["decision"].ballot
    return {**held_meeting, "minutes": minutes, "ballot": ballot}


def _refused(sql, params=()):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE governance_vote SET choice = 'against' WHERE ballot_id = %s",
        "DELETE FROM governance_vote WHERE ballot_id = %s",
        "UPDATE governance_participation SET choice = 'against' WHERE ballot_id = %s",
        "DELETE FROM governance_participation WHERE ballot_id = %s",
        "UPDATE governance_decision SET adopted = NOT adopted WHERE ballot_id = %s",
        "DELETE FROM governance_decision WHERE ballot_id = %s",
        "UPDATE governance_ballot SET votes_for = votes_for + 1 WHERE id = %s",
        "UPDATE governance_ballot SET carried = NOT carried WHERE id = %s",
        "UPDATE governance_ballot SET status = 'open' WHERE id = %s",
        "UPDATE governance_ballot SET outcome_text = 'Aangenomen' WHERE id = %s",
        "DELETE FROM governance_ballot WHERE id = %s",
    ],
)
def test_raw_sql_cannot_rewrite_a_ballot_or_its_votes(history, sql):
    ballot = history["ballot"]
    _refused(sql, [ballot.pk])
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CONFIRMED and ballot.votes_for == 4 and ballot.votes.count() == 5


def test_raw_sql_cannot_insert_a_vote_into_a_closed_ballot(history):
    ballot = history["ballot"]
    member = history["members"][3]
    _refused(
        "INSERT INTO governance_participation (ballot_id, member_id, cast_by_id, via_proxy, electronic, choice,"
        " cast_at) VALUES (%s, %s, %s, false, false, 'for', CURRENT_TIMESTAMP)",
        [ballot.pk, member.pk, member.pk],
    )


@pytest.mark.parametrize(
    "sql",
    ["UPDATE governance_minutes SET chair_name = 'X' WHERE id = %s", "DELETE FROM governance_minutes WHERE id = %s"],
)
def test_raw_sql_cannot_change_adopted_minutes(history, sql):
    _refused(sql, [history["minutes"].pk])
    history["minutes"].refresh_from_db()
    assert history["minutes"].chair_name == "A"


def test_closed_ballot_may_only_be_confirmed(held_meeting):
    """closed -> confirmed is the one change left; the outcome stays."""
    coop, board = held_meeting["coop"], held_meeting["board"]
    from tests.governance.factories import convened_meeting, present

    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board)
    ballot = services.ballot_open(proposal=proposal, by=board)
    services.vote_cast(ballot=ballot, member=board, choice="for")
    ballot = services.ballot_close(ballot=ballot, by=board)
    _refused("UPDATE governance_ballot SET votes_against = 9 WHERE id = %s", [ballot.pk])
    _refused("UPDATE governance_ballot SET status = 'open' WHERE id = %s", [ballot.pk])
    services.ballot_confirm(ballot=ballot, by=board)
    assert Ballot.objects.get(pk=ballot.pk).is_confirmed


@pytest.mark.parametrize(
    "table",
    ["governance_vote", "governance_participation", "governance_decision", "governance_minutes", "governance_ballot"],
)
def test_postgres_refuses_truncate(history, table):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only (SQLite's DELETE is guarded above)")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the test's pending foreign-key checks first
    with pytest.raises(DatabaseError) as err, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table} CASCADE")
    assert "immutable" in str(err.value)


@pytest.mark.django_db(transaction=True)
def test_flush_still_wipes_the_database():
    """Tests and `manage.py flush` empty the whole database; the guards let that one through."""
    from django.core.management import call_command

    from governance.models import Decision
    from tests.governance.factories import coop_with_members

    coop, board, members = coop_with_members(2)
    import datetime as dt

    services.decision_record_board(
        cooperative=coop, by=board, title="x", text="x", kind="ordinary", decided_on=dt.date(2026, 6, 1)
    )
    call_command("flush", interactive=False, verbosity=0)
    assert not Decision.objects.exists()


SQLITE_TRIGGERS = {
    "governance_vote_no_update",
    "governance_participation_no_update",
    "governance_decision_no_update",
    "governance_minutes_adopted_no_update",
    "governance_vote_ballot_open",
    "governance_vote_no_delete",
    "governance_participation_no_delete",
    "governance_participation_ballot_open",
    "governance_decision_no_delete",
    "governance_minutes_adopted_no_delete",
    "governance_ballot_frozen",
    "governance_ballot_no_delete",
}


def test_sqlite_triggers_survive_the_migrations(db):
    """A later migration that rebuilds a table on SQLite drops its triggers: this fails then."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    assert names >= SQLITE_TRIGGERS
