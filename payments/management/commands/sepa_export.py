"""`python manage.py sepa_export --coop SLUG --collection-date YYYY-MM-DD -o FILE.xml`

Creates a SEPA direct-debit batch (pain.008, validated against its XSD) of the open
balances of members with a valid mandate, records it, and writes the file. A collection date
in a weekend or on a TARGET holiday moves to the next TARGET business day (printed).
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from deel.errors import DomainError
from members.models import Cooperative
from payments.services import sepa_batch_create


class Command(BaseCommand):
    help = "Export a SEPA direct-debit batch (pain.008) of the open balances of members with a mandate."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--coop", required=True, help="slug of the cooperative")
        parser.add_argument("--collection-date", required=True, help="YYYY-MM-DD")
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        coop = Cooperative.objects.filter(slug=options["coop"]).first()
        if coop is None:
            raise CommandError(f"No cooperative with slug {options['coop']!r}.")
        try:
            collection_date = dt.date.fromisoformat(options["collection_date"])
        except ValueError:
            raise CommandError("--collection-date must be YYYY-MM-DD.") from None
        try:
            batch = sepa_batch_create(cooperative=coop, collection_date=collection_date, by=None)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        with open(options["output"], "w", encoding="utf-8") as fh:
            fh.write(batch.xml)
        euros, cents = divmod(batch.total_cents, 100)
        moved = f" ({collection_date} is no TARGET business day)" if batch.collection_date != collection_date else ""
        self.stdout.write(
            f"{batch.message_id}: {batch.count} direct debits, EUR {euros}.{cents:02d}, "
            f"collection date {batch.collection_date}{moved}, written to {options['output']}"
        )
