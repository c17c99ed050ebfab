"""Every periodic job of DEEL, in one place (run with `celery -A deel beat`).

Each app adds its entries here; a task takes ids or nothing and calls one service.
"""

BEAT_SCHEDULE: dict[str, dict] = {}

# reservations: reminders before a booking starts and odometer requests after it ends.
BEAT_SCHEDULE["reservations-scan-due-notifications"] = {
    "task": "reservations.tasks.scan_due_notifications_task",
    "schedule": 300.0,
}
