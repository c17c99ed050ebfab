"""Database guard for a car's history (STYLE 6): vehicle events are never updated. On
PostgreSQL also never deleted (a flush truncates, which stays possible); SQLite keeps
DELETE free so that test flushes still work."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER vehicles_vehicleevent_no_update BEFORE UPDATE ON vehicles_vehicleevent
    BEGIN SELECT RAISE(ABORT, 'vehicle events are immutable'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS vehicles_vehicleevent_no_update"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION vehicles_event_immutable() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'vehicle events are immutable'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER vehicles_vehicleevent_no_change BEFORE UPDATE OR DELETE ON vehicles_vehicleevent
    FOR EACH ROW EXECUTE FUNCTION vehicles_event_immutable()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS vehicles_vehicleevent_no_change ON vehicles_vehicleevent",
    "DROP FUNCTION IF EXISTS vehicles_event_immutable()",
]


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("vehicles", "0003_vehicle_event")]

    operations = [migrations.RunPython(forwards, backwards)]
