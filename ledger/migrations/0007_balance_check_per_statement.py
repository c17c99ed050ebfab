"""PostgreSQL: check the balance of transactions once per INSERT statement instead of
once per posting row at commit (the per-row deferred check was quadratic in the size of
a transaction: a settlement posts thousands of lines). transaction_post inserts all
lines of a transaction in one statement, so the check sees complete transactions."""

from typing import Any

from django.db import migrations

FORWARD = [
    "DROP TRIGGER IF EXISTS ledger_transaction_balanced ON ledger_posting",
    "DROP FUNCTION IF EXISTS ledger_transaction_balanced()",
    """CREATE OR REPLACE FUNCTION ledger_postings_balanced() RETURNS trigger AS $$
    DECLARE bad bigint;
    BEGIN
      SELECT p.transaction_id INTO bad FROM ledger_posting p
        WHERE p.transaction_id IN (SELECT DISTINCT n.transaction_id FROM new_postings n)
        GROUP BY p.transaction_id HAVING SUM(p.amount_cents) <> 0 LIMIT 1;
      IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'ledger transaction % does not balance', bad;
      END IF;
      RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_postings_balanced AFTER INSERT ON ledger_posting
    REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_postings_balanced()""",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS ledger_postings_balanced ON ledger_posting",
    "DROP FUNCTION IF EXISTS ledger_postings_balanced()",
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


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql, params=None)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0006_guards_allow_flush")]

    operations = [migrations.RunPython(forwards, backwards)]
