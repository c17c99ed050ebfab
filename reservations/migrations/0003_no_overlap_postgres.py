"""No two active reservations of one vehicle overlap, buffer included (DESIGN "Invariants").

PostgreSQL only: btree_gist and an exclusion constraint over tstzrange(starts_at,
blocked_until). On SQLite the booking service checks inside an IMMEDIATE transaction.
The constraint is not part of the model state, so `makemigrations` stays quiet on both.
"""

from django.db import migrations

CONSTRAINT = "reservation_no_overlap"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE reservations_reservation ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(vehicle_id WITH =, tstzrange(starts_at, blocked_until, '[)') WITH &&) "
        "WHERE (status IN ('booked', 'completed', 'no_show'))"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE reservations_reservation DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("reservations", "0002_rules_tokens_calendar")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
