"""Every periodic job the beat schedule names is a task the worker knows (a renamed task would
otherwise silently never run)."""

from deel.celery import app
from deel.periodic import BEAT_SCHEDULE


def test_every_scheduled_job_is_a_registered_task():
    app.loader.import_default_modules()  # what a worker does at start: autodiscovery and the apps' ready()
    scheduled = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert scheduled, "the schedule is empty"
    assert scheduled - set(app.tasks) == set()
