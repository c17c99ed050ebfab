"""Django's flush, allowed to wipe the (otherwise immutable) postings on SQLite."""

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from ledger.guards import allow_wipe


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with allow_wipe():
            super().handle(**options)
