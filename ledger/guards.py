"""Letting `manage.py flush` (and the test runner's flush) wipe the books on SQLite.

The SQLite trigger refusing DELETE on ledger_posting asks `ledger_wipe_allowed()`, a
function registered on every SQLite connection: it answers 1 only while the whole
database is being flushed (ledger/management/commands/flush.py). PostgreSQL's flush uses
TRUNCATE, which row triggers do not see, so it needs nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_state = threading.local()


def wipe_allowed() -> int:
    return 1 if getattr(_state, "wipe", False) else 0


@contextmanager
def allow_wipe() -> Iterator[None]:
    _state.wipe = True
    try:
        yield
    finally:
        _state.wipe = False


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("ledger_wipe_allowed", 0, wipe_allowed, deterministic=False)
