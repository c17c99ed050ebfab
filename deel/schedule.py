"""Every periodic job of DEEL, in one place (run with `celery -A deel beat`).

Each app adds its entries here; a task takes ids or nothing and calls one service.
"""

BEAT_SCHEDULE: dict[str, dict] = {}
