"""`python manage.py bank_import --coop SLUG FILE` (CAMT.053 XML or MT940, detected).

Each bank line is recorded once; incoming money is matched to members; returned direct
debits are reversed; what cannot be matched waits in the treasurer's queue. A file that
cannot be read is rejected whole, with the reason. Of a multi-account export only the
cooperative's own account is imported; the others are named.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from deel.errors import DomainError
from members.models import Cooperative
from payments.services import bank_import_file


class Command(BaseCommand):
    help = "Import a bank statement (CAMT.053 or MT940)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--coop", required=True, help="slug of the cooperative")
        parser.add_argument("file", help="CAMT.053 (.xml) or MT940 file")

    def handle(self, *args: Any, **options: Any) -> None:
        coop = Cooperative.objects.filter(slug=options["coop"]).first()
        if coop is None:
            raise CommandError(f"No cooperative with slug {options['coop']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            result = bank_import_file(cooperative=coop, data=path.read_bytes(), filename=path.name, by=None)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{result.filename} ({result.format}): {result.line_count} lines, {result.new_count} new, "
            f"{result.matched_count} matched, {result.returned_count} returns, {result.queued_count} queued, "
            f"{result.outgoing_count} outgoing (not booked)"
        )
        if result.moved_count:
            self.stdout.write(f"{result.moved_count} lines dated in a closed period, booked in the next open period")
        if result.skipped_accounts:
            self.stdout.write(f"Skipped other accounts: {', '.join(result.skipped_accounts)}")
