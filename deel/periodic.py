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

# reservations: electric cars, a reminder to charge to the rules' minimum before the booking ends.
BEAT_SCHEDULE["reservations-scan-battery-reminders"] = {
    "task": "reservations.tasks.scan_battery_reminders_task",
    "schedule": 300.0,
}

# payments: overdue reminders (14/28 days) and arrears suspension, daily at 07:00;
# mandates unused for 36 months lapse, daily at 03:30.
BEAT_SCHEDULE["payments-arrears"] = {
    "task": "payments.jobs.run_arrears",
    "schedule": crontab(hour=7, minute=0),
}
BEAT_SCHEDULE["payments-lapse-mandates"] = {
    "task": "payments.jobs.lapse_mandates",
    "schedule": crontab(hour=3, minute=30),
}

# ledger: monthly fees, last month's depreciation, uncharged trips and last month's statements
# on the 1st at 02:00; a nightly pass charges trips that got a tariff since.
BEAT_SCHEDULE["ledger-monthly-books"] = {
    "task": "ledger.tasks.monthly_books",
    "schedule": crontab(day_of_month=1, hour=2, minute=0),
}
BEAT_SCHEDULE["ledger-charge-pending-trips"] = {
    "task": "ledger.tasks.charge_pending_trips",
    "schedule": crontab(hour=2, minute=30),
}

# deel: former members whose retention period (statutes, at least 7 years) is over are
# anonymised, nightly at 04:00.
BEAT_SCHEDULE["deel-anonymise-former-members"] = {
    "task": "deel.tasks.anonymise_due_task",
    "schedule": crontab(hour=4, minute=0),
}

# governance: written resolutions (2:40) whose deadline passed lapse, hourly.
BEAT_SCHEDULE["governance-lapse-written-resolutions"] = {
    "task": "governance.tasks.lapse_written_resolutions",
    "schedule": crontab(minute=5),
}
