"""Database guards of the books (DESIGN "Invariants"), per vendor.

- Postings are never updated or deleted (SQLite and PostgreSQL triggers).
- No posting lands in a closed period (SQLite and PostgreSQL triggers on insert).
- PostgreSQL: a deferred constraint trigger checks at commit that every transaction
  touched has postings summing to zero.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER ledger_posting_no_update BEFORE UPDATE ON ledger_posting
    BEGIN SELECT RAISE(ABORT, 'ledger postings are immutable'); END""",
    """CREATE TRIGGER ledger_posting_no_delete BEFORE DELETE ON ledger_posting
    BEGIN SELECT RAISE(ABORT, 'ledger postings are immutable'); END""",
    """CREATE TRIGGER ledger_posting_open_period BEFORE INSERT ON ledger_posting
    WHEN (SELECT p.status FROM ledger_transaction t JOIN ledger_period p ON p.id = t.period_id
          WHERE t.id = NEW.transaction_id) = 'closed'
    BEGIN SELECT RAISE(ABORT, 'ledger period is closed'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_posting_no_update",
    "DROP TRIGGER IF EXISTS ledger_posting_no_delete",
    "DROP TRIGGER IF EXISTS ledger_posting_open_period",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION ledger_posting_immutable() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'ledger postings are immutable'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_posting_no_change BEFORE UPDATE OR DELETE ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION ledger_posting_immutable()""",
    """CREATE TRIGGER ledger_posting_no_truncate BEFORE TRUNCATE ON ledger_posting
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_posting_immutable()""",
    """CREATE OR REPLACE FUNCTION ledger_posting_open_period() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM ledger_transaction t JOIN ledger_period p ON p.id = t.period_id
                 WHERE t.id = NEW.transaction_id AND p.status = 'closed') THEN
        RAISE EXCEPTION 'ledger period is closed';
      END IF;
      RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_posting_open_period BEFORE INSERT ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION ledger_posting_open_period()""",
    """CREATE OR REPLACE FUNCTION ledger_transaction_balanced() RETURNS trigger AS $$
    DECLARE total bigint;
    BEGIN
      SELECT COALESCE(SUM(amount_cents), 0) INTO total FROM ledger_posting
        WHERE transaction_id = NEW.transaction_id;
      IF total <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % does not balance (%)', NEW.transaction_id, total;
      END IF;
      RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    """CREATE CONSTRAINT TRIGGER ledger_transaction_balanced AFTER INSERT ON ledger_posting
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balanced()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_transaction_balanced ON ledger_posting",
    "DROP FUNCTION IF EXISTS ledger_transaction_balanced()",
    "DROP TRIGGER IF EXISTS ledger_posting_open_period ON ledger_posting",
    "DROP FUNCTION IF EXISTS ledger_posting_open_period()",
    "DROP TRIGGER IF EXISTS ledger_posting_no_truncate ON ledger_posting",
    "DROP TRIGGER IF EXISTS ledger_posting_no_change ON ledger_posting",
    "DROP FUNCTION IF EXISTS ledger_posting_immutable()",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_tariffs_expenses_statements_settlement")]

    operations = [migrations.RunPython(forwards, backwards)]
