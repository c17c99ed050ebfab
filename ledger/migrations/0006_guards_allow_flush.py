"""Let a whole-database flush wipe the books (tests, `manage.py flush`); nothing else.

SQLite: the DELETE trigger now asks ledger_wipe_allowed() (ledger/guards.py), which is 1
only inside ledger's flush command. PostgreSQL: the TRUNCATE trigger goes (flush
truncates); row UPDATE/DELETE stay refused.
"""

from django.db import migrations

SQLITE = [
    "DROP TRIGGER IF EXISTS ledger_posting_no_delete",
    """CREATE TRIGGER ledger_posting_no_delete BEFORE DELETE ON ledger_posting
    WHEN ledger_wipe_allowed() = 0
    BEGIN SELECT RAISE(ABORT, 'ledger postings are immutable'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_posting_no_delete",
    """CREATE TRIGGER ledger_posting_no_delete BEFORE DELETE ON ledger_posting
    BEGIN SELECT RAISE(ABORT, 'ledger postings are immutable'); END""",
]
POSTGRES = ["DROP TRIGGER IF EXISTS ledger_posting_no_truncate ON ledger_posting"]
POSTGRES_REVERSE = [
    """CREATE TRIGGER ledger_posting_no_truncate BEFORE TRUNCATE ON ledger_posting
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_posting_immutable()"""
]


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0005_nullable_transactions")]

    operations = [migrations.RunPython(forwards, backwards)]
