"""Database guards for penalties and deposits (STYLE 6): a penalty and a penalty rate are
never updated, a decided dispute never changes, a deposit's charge and amount never change
and a returned deposit is final. On PostgreSQL also no deleting them (TRUNCATE, the test
flush, is not seen by row triggers). SQLite keeps DELETE free so test flushes still work."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER ledger_penalty_no_update BEFORE UPDATE ON ledger_penalty
    BEGIN SELECT RAISE(ABORT, 'penalties are immutable'); END""",
    """CREATE TRIGGER ledger_penaltyrate_no_update BEFORE UPDATE ON ledger_penaltyrate
    BEGIN SELECT RAISE(ABORT, 'penalty rates are immutable'); END""",
    """CREATE TRIGGER ledger_penaltydispute_decided_no_update BEFORE UPDATE ON ledger_penaltydispute
    WHEN OLD.outcome <> 'open' OR NEW.penalty_id <> OLD.penalty_id OR NEW.text <> OLD.text
    BEGIN SELECT RAISE(ABORT, 'a decided dispute is immutable'); END""",
    """CREATE TRIGGER ledger_deposit_charge_no_update BEFORE UPDATE ON ledger_deposit
    WHEN OLD.refund_id IS NOT NULL OR NEW.charge_id <> OLD.charge_id OR NEW.amount_cents <> OLD.amount_cents
    OR NEW.member_id <> OLD.member_id
    BEGIN SELECT RAISE(ABORT, 'a deposit charge is immutable'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_penalty_no_update",
    "DROP TRIGGER IF EXISTS ledger_penaltyrate_no_update",
    "DROP TRIGGER IF EXISTS ledger_penaltydispute_decided_no_update",
    "DROP TRIGGER IF EXISTS ledger_deposit_charge_no_update",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION ledger_penalty_immutable() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_penalty_no_change BEFORE UPDATE OR DELETE ON ledger_penalty
    FOR EACH ROW EXECUTE FUNCTION ledger_penalty_immutable()""",
    """CREATE TRIGGER ledger_penaltyrate_no_change BEFORE UPDATE OR DELETE ON ledger_penaltyrate
    FOR EACH ROW EXECUTE FUNCTION ledger_penalty_immutable()""",
    """CREATE TRIGGER ledger_penaltydispute_decided_no_change BEFORE UPDATE OR DELETE ON ledger_penaltydispute
    FOR EACH ROW WHEN (OLD.outcome <> 'open') EXECUTE FUNCTION ledger_penalty_immutable()""",
    """CREATE TRIGGER ledger_penaltydispute_no_move BEFORE UPDATE ON ledger_penaltydispute
    FOR EACH ROW WHEN (NEW.penalty_id <> OLD.penalty_id OR NEW.text <> OLD.text)
    EXECUTE FUNCTION ledger_penalty_immutable()""",
    """CREATE TRIGGER ledger_deposit_charge_no_change BEFORE UPDATE ON ledger_deposit
    FOR EACH ROW WHEN (OLD.refund_id IS NOT NULL OR NEW.charge_id <> OLD.charge_id
    OR NEW.amount_cents <> OLD.amount_cents OR NEW.member_id <> OLD.member_id)
    EXECUTE FUNCTION ledger_penalty_immutable()""",
    """CREATE TRIGGER ledger_deposit_no_delete BEFORE DELETE ON ledger_deposit
    FOR EACH ROW EXECUTE FUNCTION ledger_penalty_immutable()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_penalty_no_change ON ledger_penalty",
    "DROP TRIGGER IF EXISTS ledger_penaltyrate_no_change ON ledger_penaltyrate",
    "DROP TRIGGER IF EXISTS ledger_penaltydispute_decided_no_change ON ledger_penaltydispute",
    "DROP TRIGGER IF EXISTS ledger_penaltydispute_no_move ON ledger_penaltydispute",
    "DROP TRIGGER IF EXISTS ledger_deposit_charge_no_change ON ledger_deposit",
    "DROP TRIGGER IF EXISTS ledger_deposit_no_delete ON ledger_deposit",
    "DROP FUNCTION IF EXISTS ledger_penalty_immutable()",
]


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0019_penalties_deposits")]

    operations = [migrations.RunPython(forwards, backwards)]
