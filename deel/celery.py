"""The Celery app. Periodic jobs are declared in one place: deel/periodic.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deel.settings.local")

app = Celery("deel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _periodic(sender, **kwargs):
    from deel.periodic import BEAT_SCHEDULE

    sender.conf.beat_schedule = BEAT_SCHEDULE
