"""Arrears reminders count from the statement's due date (issue + payment term), not its issue
date: the stored levels 14 and 28 (days after issue, with the default 14-day term) become 1 and
14 (days past the due date), so no reminder already sent goes out again."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    reminder = apps.get_model("payments", "ArrearsReminder")
    reminder.objects.filter(level_days=14).update(level_days=1)
    reminder.objects.filter(level_days=28).update(level_days=14)


def backwards(apps: Any, schema_editor: Any) -> None:
    reminder = apps.get_model("payments", "ArrearsReminder")
    reminder.objects.filter(level_days=14).update(level_days=28)
    reminder.objects.filter(level_days=1).update(level_days=14)


class Migration(migrations.Migration):
    dependencies = [("payments", "0008_sepa_prenotification")]
    operations = [migrations.RunPython(forwards, backwards)]
