"""Database guards for governance history (STYLE 6): votes, participations and decisions are
never updated, adopted minutes never change. On PostgreSQL also no deleting adopted minutes,
decisions, participations, or votes of a ballot that is no longer open (the secret ballot
box is rewritten only while open). SQLite keeps DELETE free so test flushes still work."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER governance_vote_no_update BEFORE UPDATE ON governance_vote
    BEGIN SELECT RAISE(ABORT, 'votes are immutable'); END""",
    """CREATE TRIGGER governance_participation_no_update BEFORE UPDATE ON governance_participation
    BEGIN SELECT RAISE(ABORT, 'votes are immutable'); END""",
    """CREATE TRIGGER governance_decision_no_update BEFORE UPDATE ON governance_decision
    BEGIN SELECT RAISE(ABORT, 'decisions are immutable'); END""",
    """CREATE TRIGGER governance_minutes_adopted_no_update BEFORE UPDATE ON governance_minutes
    WHEN OLD.status = 'adopted'
    BEGIN SELECT RAISE(ABORT, 'adopted minutes are immutable'); END""",
    """CREATE TRIGGER governance_vote_ballot_open BEFORE INSERT ON governance_vote
    WHEN (SELECT status FROM governance_ballot WHERE id = NEW.ballot_id) <> 'open'
    BEGIN SELECT RAISE(ABORT, 'ballot is closed'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS governance_vote_no_update",
    "DROP TRIGGER IF EXISTS governance_participation_no_update",
    "DROP TRIGGER IF EXISTS governance_decision_no_update",
    "DROP TRIGGER IF EXISTS governance_minutes_adopted_no_update",
    "DROP TRIGGER IF EXISTS governance_vote_ballot_open",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION governance_immutable() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER governance_participation_no_change BEFORE UPDATE OR DELETE ON governance_participation
    FOR EACH ROW EXECUTE FUNCTION governance_immutable()""",
    """CREATE TRIGGER governance_decision_no_change BEFORE UPDATE OR DELETE ON governance_decision
    FOR EACH ROW EXECUTE FUNCTION governance_immutable()""",
    """CREATE TRIGGER governance_vote_no_update BEFORE UPDATE ON governance_vote
    FOR EACH ROW EXECUTE FUNCTION governance_immutable()""",
    """CREATE TRIGGER governance_minutes_adopted_no_change BEFORE UPDATE OR DELETE ON governance_minutes
    FOR EACH ROW WHEN (OLD.status = 'adopted') EXECUTE FUNCTION governance_immutable()""",
    """CREATE OR REPLACE FUNCTION governance_vote_ballot_open() RETURNS trigger AS $$
    DECLARE ballot_id bigint;
    BEGIN
      IF TG_OP = 'DELETE' THEN ballot_id := OLD.ballot_id; ELSE ballot_id := NEW.ballot_id; END IF;
      IF (SELECT status FROM governance_ballot WHERE id = ballot_id) <> 'open' THEN
        RAISE EXCEPTION 'ballot % is closed', ballot_id;
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER governance_vote_ballot_open BEFORE INSERT OR DELETE ON governance_vote
    FOR EACH ROW EXECUTE FUNCTION governance_vote_ballot_open()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS governance_participation_no_change ON governance_participation",
    "DROP TRIGGER IF EXISTS governance_decision_no_change ON governance_decision",
    "DROP TRIGGER IF EXISTS governance_vote_no_update ON governance_vote",
    "DROP TRIGGER IF EXISTS governance_minutes_adopted_no_change ON governance_minutes",
    "DROP TRIGGER IF EXISTS governance_vote_ballot_open ON governance_vote",
    "DROP FUNCTION IF EXISTS governance_vote_ballot_open()",
    "DROP FUNCTION IF EXISTS governance_immutable()",
]


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_meetings_ballots_minutes")]

    operations = [migrations.RunPython(forwards, backwards)]
