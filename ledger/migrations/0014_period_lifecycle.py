"""The period lifecycle (open -> settled -> closed) and the books' guards on both databases.

Both databases (triggers; SQLite in SQL, PostgreSQL in plpgsql):
- nothing is booked into a settled or closed period: no transaction header is inserted
  there, no posting joins a transaction of such a period (the settlement posts while its
  period is still open, and marks it settled at the end);
- transaction headers of a settled or closed period are neither updated nor deleted, nor
  moved into such a period;
- a closed period is never reopened nor changed, a settled one never goes back to open,
  and neither changes its dates or reserve (closing a settled period is the one step left);
- periods of one cooperative never overlap (PostgreSQL: an exclusion constraint over
  daterange with btree_gist, enabled by reservations 0003; SQLite: insert/update triggers).
SQLite only: every transaction balances. SQLite has no statement-level or deferred
triggers, so `transaction_post` inserts the postings first and their header last: the
header's insert trigger checks the postings sum to zero, no posting may join a transaction
whose header exists, and the (deferred) foreign key refuses at commit any posting left
without its header. PostgreSQL keeps its per-statement balance check (0007).
The triggers and the exclusion constraint are not in the model state (makemigrations is quiet).
NB SQLite: a later migration that rebuilds ledger_period or ledger_transaction (AlterField,
AddConstraint) drops their triggers; tests/ledger/test_guards.py lists them and fails then.
"""

from typing import Any

from django.db import migrations, models



SQLITE_NOT_OPEN = "(SELECT status FROM ledger_period WHERE id = {ref}) <> 'open'"

# Replaced by the header checks below (a posting now comes before its header); dropped
# first, as SQLite cannot rebuild ledger_period while a trigger body names it.
SQLITE_OLD = ["DROP TRIGGER IF EXISTS ledger_posting_open_period"]
SQLITE_OLD_REVERSE = [
    """CREATE TRIGGER ledger_posting_open_period BEFORE INSERT ON ledger_posting
    WHEN (SELECT p.status FROM ledger_transaction t JOIN ledger_period p ON p.id = t.period_id
          WHERE t.id = NEW.transaction_id) = 'closed'
    BEGIN SELECT RAISE(ABORT, 'ledger period is closed'); END"""
]

SQLITE = [
    """CREATE TRIGGER ledger_posting_before_header BEFORE INSERT ON ledger_posting
    WHEN EXISTS (SELECT 1 FROM ledger_transaction WHERE id = NEW.transaction_id)
    BEGIN SELECT RAISE(ABORT, 'ledger transaction is sealed: no posting joins it'); END""",
    f"""CREATE TRIGGER ledger_transaction_open_period BEFORE INSERT ON ledger_transaction
    WHEN {SQLITE_NOT_OPEN.format(ref="NEW.period_id")}
    BEGIN SELECT RAISE(ABORT, 'ledger period is not open'); END""",
    """CREATE TRIGGER ledger_transaction_balanced AFTER INSERT ON ledger_transaction
    WHEN (SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_posting WHERE transaction_id = NEW.id) <> 0
    BEGIN SELECT RAISE(ABORT, 'ledger transaction does not balance'); END""",
    f"""CREATE TRIGGER ledger_transaction_frozen BEFORE UPDATE ON ledger_transaction
    WHEN {SQLITE_NOT_OPEN.format(ref="OLD.period_id")} OR {SQLITE_NOT_OPEN.format(ref="NEW.period_id")}
    BEGIN SELECT RAISE(ABORT, 'ledger transaction of a settled or closed period is immutable'); END""",
    f"""CREATE TRIGGER ledger_transaction_no_delete BEFORE DELETE ON ledger_transaction
    WHEN ledger_wipe_allowed() = 0 AND {SQLITE_NOT_OPEN.format(ref="OLD.period_id")}
    BEGIN SELECT RAISE(ABORT, 'ledger transaction of a settled or closed period is immutable'); END""",
    """CREATE TRIGGER ledger_period_lifecycle BEFORE UPDATE ON ledger_period
    WHEN OLD.status <> 'open' AND (
        NEW.status = 'open' OR (OLD.status = 'closed' AND NEW.status <> 'closed')
        OR NEW.starts_on <> OLD.starts_on OR NEW.ends_on <> OLD.ends_on
        OR NEW.cooperative_id <> OLD.cooperative_id OR NEW.reserve_cents <> OLD.reserve_cents)
    BEGIN SELECT RAISE(ABORT, 'ledger period cannot be reopened or changed once settled'); END""",
    """CREATE TRIGGER ledger_period_no_delete BEFORE DELETE ON ledger_period
    WHEN ledger_wipe_allowed() = 0 AND OLD.status <> 'open'
    BEGIN SELECT RAISE(ABORT, 'ledger period cannot be reopened or changed once settled'); END""",
    """CREATE TRIGGER ledger_period_no_overlap BEFORE INSERT ON ledger_period
    WHEN EXISTS (SELECT 1 FROM ledger_period p WHERE p.cooperative_id = NEW.cooperative_id
                 AND p.starts_on <= NEW.ends_on AND NEW.starts_on <= p.ends_on)
    BEGIN SELECT RAISE(ABORT, 'ledger periods overlap'); END""",
    """CREATE TRIGGER ledger_period_no_overlap_update BEFORE UPDATE OF starts_on, ends_on, cooperative_id
    ON ledger_period
    WHEN EXISTS (SELECT 1 FROM ledger_period p WHERE p.cooperative_id = NEW.cooperative_id AND p.id <> NEW.id
                 AND p.starts_on <= NEW.ends_on AND NEW.starts_on <= p.ends_on)
    BEGIN SELECT RAISE(ABORT, 'ledger periods overlap'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_period_no_overlap_update",
    "DROP TRIGGER IF EXISTS ledger_period_no_overlap",
    "DROP TRIGGER IF EXISTS ledger_period_no_delete",
    "DROP TRIGGER IF EXISTS ledger_period_lifecycle",
    "DROP TRIGGER IF EXISTS ledger_transaction_no_delete",
    "DROP TRIGGER IF EXISTS ledger_transaction_frozen",
    "DROP TRIGGER IF EXISTS ledger_transaction_balanced",
    "DROP TRIGGER IF EXISTS ledger_transaction_open_period",
    "DROP TRIGGER IF EXISTS ledger_posting_before_header",
]

POSTGRES = [
    # No posting joins a transaction of a settled or closed period (was: closed only).
    """CREATE OR REPLACE FUNCTION ledger_postings_open_period() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM (SELECT DISTINCT n.transaction_id FROM new_postings n) AS n
                 JOIN ledger_transaction t ON t.id = n.transaction_id
                 JOIN ledger_period p ON p.id = t.period_id WHERE p.status <> 'open') THEN
        RAISE EXCEPTION 'ledger period is not open';
      END IF;
      RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION ledger_transaction_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF (SELECT status FROM ledger_period WHERE id = NEW.period_id) <> 'open' THEN
          RAISE EXCEPTION 'ledger period is not open';
        END IF;
        RETURN NEW;
      END IF;
      IF (SELECT status FROM ledger_period WHERE id = OLD.period_id) <> 'open'
         OR (TG_OP = 'UPDATE' AND (SELECT status FROM ledger_period WHERE id = NEW.period_id) <> 'open') THEN
        RAISE EXCEPTION 'ledger transaction of a settled or closed period is immutable';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_transaction_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_transaction
    FOR EACH ROW EXECUTE FUNCTION ledger_transaction_guard()""",
    """CREATE OR REPLACE FUNCTION ledger_period_lifecycle() RETURNS trigger AS $$
    BEGIN
      IF OLD.status <> 'open' AND (TG_OP = 'DELETE' OR NEW.status = 'open'
          OR (OLD.status = 'closed' AND NEW.status <> 'closed')
          OR NEW.starts_on <> OLD.starts_on OR NEW.ends_on <> OLD.ends_on
          OR NEW.cooperative_id <> OLD.cooperative_id OR NEW.reserve_cents <> OLD.reserve_cents) THEN
        RAISE EXCEPTION 'ledger period cannot be reopened or changed once settled';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_period_lifecycle BEFORE UPDATE OR DELETE ON ledger_period
    FOR EACH ROW EXECUTE FUNCTION ledger_period_lifecycle()""",
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE ledger_period ADD CONSTRAINT ledger_period_no_overlap EXCLUDE USING gist
    (cooperative_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)""",
]
POSTGRES_REVERSE = [
    "ALTER TABLE ledger_period DROP CONSTRAINT IF EXISTS ledger_period_no_overlap",
    "DROP TRIGGER IF EXISTS ledger_period_lifecycle ON ledger_period",
    "DROP FUNCTION IF EXISTS ledger_period_lifecycle()",
    "DROP TRIGGER IF EXISTS ledger_transaction_guard ON ledger_transaction",
    "DROP FUNCTION IF EXISTS ledger_transaction_guard()",
    """CREATE OR REPLACE FUNCTION ledger_postings_open_period() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM (SELECT DISTINCT n.transaction_id FROM new_postings n) AS n
                 JOIN ledger_transaction t ON t.id = n.transaction_id
                 JOIN ledger_period p ON p.id = t.period_id WHERE p.status = 'closed') THEN
        RAISE EXCEPTION 'ledger period is closed';
      END IF;
      RETURN NULL;
    END; $$ LANGUAGE plpgsql""",
]


def mark_settled(apps: Any, schema_editor: Any) -> None:
    """Periods settled before the lifecycle existed: settled, unless already closed."""
    period_model = apps.get_model("ledger", "Period")
    period_model.objects.filter(status="open", settlement__isnull=False).update(status="settled")


def guards(apps: Any, schema_editor: Any) -> None:
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def guards_reverse(apps: Any, schema_editor: Any) -> None:
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def drop_old(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_OLD:
            schema_editor.execute(sql, params=None)


def drop_old_reverse(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_OLD_REVERSE:
            schema_editor.execute(sql, params=None)


def settled_reverse(apps: Any, schema_editor: Any) -> None:
    apps.get_model("ledger", "Period").objects.filter(status="settled").update(status="open")


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0005_meeting_events'),
        ('ledger', '0013_statement_lines'),
        ('members', '0003_verbose_names_for_admin'),
        ('reservations', '0003_no_overlap_postgres'),
    ]

    operations = [
        migrations.RunPython(drop_old, drop_old_reverse),
        migrations.AlterField(
            model_name='account',
            name='purpose',
            field=models.CharField(choices=[('bank', 'Bank'), ('stripe_clearing', 'Stripe tussenrekening'), ('receivable', 'Rekening-courant lid'), ('member_capital', 'Ledenkapitaal'), ('member_loan', 'Ledenlening'), ('car_cost', 'Autokosten'), ('usage_income', 'Opbrengst gebruik'), ('fee_income', 'Opbrengst contributie'), ('settlement', 'Nacalculatie'), ('reserve', 'Reserve'), ('result', 'Resultaatbestemming'), ('suspense', 'Nog te verwerken')], max_length=20, verbose_name='doel'),
        ),
        migrations.AlterField(
            model_name='period',
            name='status',
            field=models.CharField(choices=[('open', 'Open'), ('settled', 'Afgerekend'), ('closed', 'Afgesloten')], default='open', max_length=10, verbose_name='status'),
        ),
        migrations.AddConstraint(
            model_name='tariff',
            constraint=models.CheckConstraint(condition=models.Q(('day_cap__isnull', True), ('day_cap__gte', 0), _connector='OR'), name='tariff_day_cap_nonnegative', violation_error_message='Een tarief kan niet negatief zijn.'),
        ),
        migrations.AlterConstraint(
            model_name='tariff',
            name='tariff_nonnegative',
            constraint=models.CheckConstraint(condition=models.Q(('per_km__gte', 0), ('per_hour__gte', 0), ('monthly_fee__gte', 0)), name='tariff_nonnegative', violation_error_message='Een tarief kan niet negatief zijn.'),
        ),
        migrations.RunPython(mark_settled, settled_reverse),
        migrations.RunPython(guards, guards_reverse),
    ]
