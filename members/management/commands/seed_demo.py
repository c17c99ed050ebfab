"""`python manage.py seed_demo`: the demo cooperative "DEEL Bomenbuurt" and a second small one.

Idempotent: running it again changes nothing. Each app seeds its own part, in
dependency order (DEMO_SEEDERS); a seeder gets the shared `DemoContext` and returns
nothing. The log-ins are printed at the end.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_SEEDERS = [
    "members.demo",
    "vehicles.demo",
    "governance.demo",  # before ledger: tariffs link to the ALV decision that set them
    "reservations.demo",
    "ledger.demo",
    "ledger.payments.demo",
]


class Command(BaseCommand):
    help = "Load the demo cooperatives (idempotent)."

    def handle(self, *args, **options):
        from members.demo import DemoContext, print_logins

        ctx = DemoContext()
        for path in DEMO_SEEDERS:
            try:
                module = import_module(path)
            except ModuleNotFoundError as exc:
                if exc.name != path:
                    raise
                continue  # that app has no demo data (yet)
            with transaction.atomic():
                module.seed(ctx)
        print_logins(self.stdout, ctx)
