"""The periodic jobs of the payments app (deel/periodic.py schedules them by name).

They live apart from tasks.py because they call services, and services queue the e-mail
tasks of tasks.py: one module holding both would import itself in a circle. The app's
`ready()` imports this module so that the worker knows the jobs (Celery's autodiscovery
only looks at tasks.py).
"""

from __future__ import annotations

from celery import shared_task

from members.models import Cooperative

from .services import arrears_run, mandates_lapse


@shared_task
def run_arrears() -> int:
    """Daily: reminders at 14 and 28 days overdue, and suspension above the statutes' limit."""
    return sum(arrears_run(cooperative=coop) for coop in Cooperative.objects.all())


@shared_task
def lapse_mandates() -> int:
    """Daily: mandates unused for 36 months lapse."""
    return mandates_lapse()
