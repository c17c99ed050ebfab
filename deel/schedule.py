"""Every periodic job of DEEL, in one place (run with `celery -A deel beat`).

Each app adds its entries here; a task takes ids or nothing and calls one service.
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {}

# reservations: reminders before a booking starts and odometer requests after it ends.
BEAT_SCHEDULE["reservations-scan-due-notifications"] = {
    "task": "reservations.tasks.scan_due_notifications_task",
    "schedule": 300.0,
}

# payments: overdue reminders (14/28 days) and arrears suspension, daily at 07:00;
# mandates unused for 36 months lapse, daily at 03:30.
BEAT_SCHEDULE["payments-arrears"] = {
    "task": "ledger.payments.tasks.run_arrears",
    "schedule": crontab(hour=7, minute=0),
}
BEAT_SCHEDULE["payments-lapse-mandates"] = {
    "task": "ledger.payments.tasks.lapse_mandates",
    "schedule": crontab(hour=3, minute=30),
}
