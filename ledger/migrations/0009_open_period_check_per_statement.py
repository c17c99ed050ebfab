"""PostgreSQL: check "no posting in a closed period" once per INSERT statement (with the
inserted rows as a transition table) instead of once per row: a settlement inserts
thousands of lines in one statement."""

from typing import Any

from django.db import migrations

FORWARD = [
    "DROP TRIGGER IF EXISTS ledger_posting_open_period ON ledger_posting",
    "DROP FUNCTION IF EXISTS ledger_posting_open_period()",
    """CREATE OR REPLACE FUNCTION ledger_postings_open_period() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM (SELECT DISTINCT n.transaction_id FROM new_postings n) AS n
                 JOIN ledger_transaction t ON t.id = n.transaction_id
                 JOIN ledger_period p ON p.id = t.period_id WHERE p.status = 'closed') THEN
        RAISE EXCEPTION 'ledger period is closed';
      END IF;
      RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_postings_open_period AFTER INSERT ON ledger_posting
    REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_postings_open_period()""",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS ledger_postings_open_period ON ledger_posting",
    "DROP FUNCTION IF EXISTS ledger_postings_open_period()",
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
    dependencies = [("ledger", "0008_transaction_period_not_trip_index")]

    operations = [migrations.RunPython(forwards, backwards)]
