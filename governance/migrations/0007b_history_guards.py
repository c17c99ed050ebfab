"""Database guards for governance history, on both databases (docs/alv.md "Wat de database afdwingt").

Refused by the database (whoever writes, raw SQL included):
- votes: no UPDATE; no INSERT or DELETE once their ballot is no longer open (the secret
  ballot box is rewritten only while open);
- participations: no UPDATE, no DELETE, no INSERT into a ballot that is no longer open;
- decisions: no UPDATE, no DELETE;
- adopted minutes: no UPDATE, no DELETE;
- a closed ballot: its outcome, counts, frozen record and everything else stay as they are;
  the one change left is closed -> confirmed (with confirmed_at/confirmed_by); a confirmed
  ballot changes no more; neither is deleted;
- PostgreSQL: TRUNCATE of these tables (a statement-level BEFORE TRUNCATE trigger).

A whole-database flush (tests, `manage.py flush`) may still wipe them: on SQLite the DELETE
triggers ask ledger_wipe_allowed() (ledger/guards.py), on PostgreSQL the TRUNCATE trigger
reads the session setting deel.wipe_allowed, both set only by ledger's flush command.
NB SQLite: a later migration that rebuilds one of these tables (AlterField, AddConstraint)
drops its triggers; tests/governance/test_guards.py lists them and fails then.
"""

from django.db import migrations

# Columns of a closed ballot that never change (all but status, confirmed_at, confirmed_by).
BALLOT_FIXED = [
    "proposal_id",
    "secret",
    "early",
    "opened_at",
    "opened_by_id",
    "closed_at",
    "closed_by_id",
    "votes_for",
    "votes_against",
    "votes_abstain",
    "votes_blank",
    "entitled_count",
    "present_count",
    "represented_count",
    "quorum_met",
    "carried",
    "outcome_text",
    "frozen",
    "follows_id",
    "follow_reason",
    "reason",
    "requested_by_id",
    "seats",
    "candidate_ids",
]
SQLITE_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in BALLOT_FIXED)
PG_CHANGED = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in BALLOT_FIXED)
NOT_WIPING = "ledger_wipe_allowed() = 0"

# 0003's SQLite triggers, dropped by 0007 for its table rebuilds, come back unchanged.
SQLITE_0003 = [
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
SQLITE = [
    *SQLITE_0003,
    f"""CREATE TRIGGER governance_vote_no_delete BEFORE DELETE ON governance_vote
    WHEN {NOT_WIPING} AND (SELECT status FROM governance_ballot WHERE id = OLD.ballot_id) <> 'open'
    BEGIN SELECT RAISE(ABORT, 'votes of a closed ballot are immutable'); END""",
    f"""CREATE TRIGGER governance_participation_no_delete BEFORE DELETE ON governance_participation
    WHEN {NOT_WIPING}
    BEGIN SELECT RAISE(ABORT, 'votes are immutable'); END""",
    """CREATE TRIGGER governance_participation_ballot_open BEFORE INSERT ON governance_participation
    WHEN (SELECT status FROM governance_ballot WHERE id = NEW.ballot_id) <> 'open'
    BEGIN SELECT RAISE(ABORT, 'ballot is closed'); END""",
    f"""CREATE TRIGGER governance_decision_no_delete BEFORE DELETE ON governance_decision
    WHEN {NOT_WIPING}
    BEGIN SELECT RAISE(ABORT, 'decisions are immutable'); END""",
    f"""CREATE TRIGGER governance_minutes_adopted_no_delete BEFORE DELETE ON governance_minutes
    WHEN {NOT_WIPING} AND OLD.status = 'adopted'
    BEGIN SELECT RAISE(ABORT, 'adopted minutes are immutable'); END""",
    f"""CREATE TRIGGER governance_ballot_frozen BEFORE UPDATE ON governance_ballot
    WHEN OLD.status = 'confirmed'
      OR (OLD.status = 'closed' AND (NEW.status NOT IN ('closed', 'confirmed') OR {SQLITE_CHANGED}))
    BEGIN SELECT RAISE(ABORT, 'a closed ballot is immutable'); END""",
    f"""CREATE TRIGGER governance_ballot_no_delete BEFORE DELETE ON governance_ballot
    WHEN {NOT_WIPING} AND OLD.status <> 'open'
    BEGIN SELECT RAISE(ABORT, 'a closed ballot is immutable'); END""",
]
SQLITE_TRIGGERS = [
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
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]

TRUNCATE_GUARDED = [
    "governance_vote",
    "governance_participation",
    "governance_decision",
    "governance_minutes",
    "governance_ballot",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION governance_no_truncate() RETURNS trigger AS $$
    BEGIN
      IF current_setting('deel.wipe_allowed', true) = 'on' THEN RETURN NULL; END IF;
      RAISE EXCEPTION '% rows are immutable (no TRUNCATE)', TG_TABLE_NAME;
    END; $$ LANGUAGE plpgsql""",
    *[
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION governance_no_truncate()"""
        for table in TRUNCATE_GUARDED
    ],
    f"""CREATE OR REPLACE FUNCTION governance_ballot_frozen() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'open' THEN RAISE EXCEPTION 'ballot % is closed and immutable', OLD.id; END IF;
        RETURN OLD;
      END IF;
      IF OLD.status = 'confirmed'
         OR (OLD.status = 'closed' AND (NEW.status NOT IN ('closed', 'confirmed') OR {PG_CHANGED})) THEN
        RAISE EXCEPTION 'ballot % is closed and immutable', OLD.id;
      END IF;
      RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER governance_ballot_frozen BEFORE UPDATE OR DELETE ON governance_ballot
    FOR EACH ROW EXECUTE FUNCTION governance_ballot_frozen()""",
    """CREATE OR REPLACE FUNCTION governance_participation_ballot_open() RETURNS trigger AS $$
    BEGIN
      IF (SELECT status FROM governance_ballot WHERE id = NEW.ballot_id) <> 'open' THEN
        RAISE EXCEPTION 'ballot % is closed', NEW.ballot_id;
      END IF;
      RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER governance_participation_ballot_open BEFORE INSERT ON governance_participation
    FOR EACH ROW EXECUTE FUNCTION governance_participation_ballot_open()""",
]
POSTGRES_REVERSE = [
    *[f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}" for table in TRUNCATE_GUARDED],
    "DROP TRIGGER IF EXISTS governance_ballot_frozen ON governance_ballot",
    "DROP TRIGGER IF EXISTS governance_participation_ballot_open ON governance_participation",
    "DROP FUNCTION IF EXISTS governance_no_truncate()",
    "DROP FUNCTION IF EXISTS governance_ballot_frozen()",
    "DROP FUNCTION IF EXISTS governance_participation_ballot_open()",
]


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("governance", "0007_amendments_revotes_elections"), ("ledger", "0006_guards_allow_flush")]

    operations = [migrations.RunPython(forwards, backwards)]
