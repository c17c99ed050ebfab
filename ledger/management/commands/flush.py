"""Django's flush, allowed to wipe the (otherwise immutable) postings and governance history:
on SQLite through ledger_wipe_allowed(), on PostgreSQL through the session setting
deel.wipe_allowed that governance's TRUNCATE triggers read."""

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from ledger.guards import allow_wipe


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        postgres = connection.vendor == "postgresql"
        # PostgreSQL: governance's BEFORE TRUNCATE triggers let this session's flush through.
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('deel.wipe_allowed', 'on', false)")
        try:
            with allow_wipe():
                super().handle(**options)
        finally:
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('deel.wipe_allowed', 'off', false)")
