"""manage.py settle --coop SLUG --period 2026-Q3 [--simulate]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from deel.money import format_cents
from ledger.errors import LedgerError
from ledger.services import settlement_run
from members.models import Cooperative


class Command(BaseCommand):
    help = "Settle (nacalculatie) a period of a cooperative; --simulate shows the shares without posting."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--coop", required=True, help="slug of the cooperative")
        parser.add_argument("--period", required=True, help="e.g. 2026-Q3, 2026-07 or 2026")
        parser.add_argument("--simulate", action="store_true", help="compute and show, post nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        coop = Cooperative.objects.filter(slug=options["coop"]).first()
        if coop is None:
            raise CommandError(f"unknown cooperative {options['coop']!r}")
        try:
            result = settlement_run(cooperative=coop, period=options["period"], simulate=options["simulate"])
        except LedgerError as exc:
            raise CommandError(str(exc)) from exc
        write = self.stdout.write
        if result.simulate:
            state = "Simulatie (niets geboekt)"
        elif result.created:
            state = "Geboekt"
        else:
            state = "Al eerder geboekt (niets gewijzigd)"
        write(f"{coop.name} {result.period.label}: {state}")
        write(
            f"Kosten {format_cents(result.cost_cents)}  Opbrengst {format_cents(result.income_cents)}  "
            f"Reserve {format_cents(result.reserve_cents)}"
        )
        for share in result.members:
            write(
                f"  {share.name:<30} {share.km:>7} km  betaald {format_cents(share.paid_cents):>12}  "
                f"verschil {format_cents(share.difference_cents):>12}"
            )
        write(f"Totaal verschil {format_cents(result.total_difference_cents)} ({len(result.members)} leden)")
