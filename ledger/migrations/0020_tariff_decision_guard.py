"""A tariff is backed by a decision, on both databases (docs/alv.md, DESIGN "Cost model").

Refused on INSERT and on UPDATE of its decision, reference, date or cooperative: a tariff
without a decision, unless it refers in words to one and is dated before the
cooperative's start in DEEL (members_cooperative.deel_started_on, else the UTC date it was
created: Cooperative.deel_start); a tariff linked to a decision of another cooperative, a
rejected one, one replaced by a new vote (2:13 lid 2), or one of a body other than the
statutes name (tariff_body; 'alv' also accepts a written decision of all members, 2:40).
ledger.services.tariff_decision_check says the same in Dutch first.
"""

from django.db import migrations

SQLITE_BAD = """
    (NEW.decision_id IS NULL AND (TRIM(NEW.decision_reference) = '' OR NEW.valid_from >= (
        SELECT COALESCE(c.deel_started_on, date(c.created_at)) FROM members_cooperative c
        WHERE c.id = NEW.cooperative_id)))
    OR (NEW.decision_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM governance_decision d JOIN members_cooperative c ON c.id = NEW.cooperative_id
        WHERE d.id = NEW.decision_id AND d.cooperative_id = NEW.cooperative_id AND d.adopted
          AND NOT EXISTS (SELECT 1 FROM governance_decision r WHERE r.replaces_id = d.id)
          AND (d.body = c.tariff_body OR (c.tariff_body = 'alv' AND d.body = 'written'))))"""

SQLITE = [
    f"""CREATE TRIGGER ledger_tariff_decision BEFORE INSERT ON ledger_tariff
    WHEN {SQLITE_BAD}
    BEGIN SELECT RAISE(ABORT, 'a tariff needs an adopted decision of the body the statutes name'); END""",
    f"""CREATE TRIGGER ledger_tariff_decision_update
    BEFORE UPDATE OF decision_id, decision_reference, valid_from, cooperative_id ON ledger_tariff
    WHEN {SQLITE_BAD}
    BEGIN SELECT RAISE(ABORT, 'a tariff needs an adopted decision of the body the statutes name'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_tariff_decision",
    "DROP TRIGGER IF EXISTS ledger_tariff_decision_update",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION ledger_tariff_decision() RETURNS trigger AS $$
    DECLARE coop record; d record;
    BEGIN
      SELECT deel_started_on, created_at, tariff_body INTO coop FROM members_cooperative WHERE id = NEW.cooperative_id;
      IF NEW.decision_id IS NULL THEN
        IF btrim(NEW.decision_reference) = ''
           OR NEW.valid_from >= COALESCE(coop.deel_started_on, (coop.created_at AT TIME ZONE 'UTC')::date) THEN
          RAISE EXCEPTION 'tariff %: link an adopted decision (a text reference only before the start in DEEL)', NEW.id;
        END IF;
        RETURN NEW;
      END IF;
      SELECT * INTO d FROM governance_decision WHERE id = NEW.decision_id;
      IF d.cooperative_id <> NEW.cooperative_id OR NOT d.adopted
         OR EXISTS (SELECT 1 FROM governance_decision r WHERE r.replaces_id = d.id)
         OR NOT (d.body = coop.tariff_body OR (coop.tariff_body = 'alv' AND d.body = 'written')) THEN
        RAISE EXCEPTION 'tariff %: a tariff needs an adopted decision of the body the statutes name', NEW.id;
      END IF;
      RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_tariff_decision
    BEFORE INSERT OR UPDATE OF decision_id, decision_reference, valid_from, cooperative_id ON ledger_tariff
    FOR EACH ROW EXECUTE FUNCTION ledger_tariff_decision()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_tariff_decision ON ledger_tariff",
    "DROP FUNCTION IF EXISTS ledger_tariff_decision()",
]


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0019b_penalty_guards"),
        ("governance", "0007_amendments_revotes_elections"),
        ("members", "0008_statutes_elections_tariffs"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
