"""`python manage.py seed_demo`: the demo cooperative "DEEL Bomenbuurt" and a second small one.

Idempotent: running it again changes nothing. Each app's part is seeded by its module in
deel/demo/, in dependency order; a seeder gets the shared `DemoContext` and returns
nothing. The log-ins are printed at the end.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from deel.demo import governance, ledger, members, operations, payments, reservations, vehicles
from deel.demo.members import DemoContext, print_logins

SEEDERS = (
    members.seed,
    vehicles.seed,
    governance.seed,  # before ledger: tariffs link to the ALV decision that set them
    reservations.seed,
    ledger.seed,
    payments.seed,
    operations.seed,  # deposits, households, penalties (issue 14)
)


class Command(BaseCommand):
    help = "Load the demo cooperatives (idempotent)."

    def handle(self, *args, **options):
        ctx = DemoContext()
        for seed in SEEDERS:
            with transaction.atomic():
                seed(ctx)
        print_logins(self.stdout, ctx)
