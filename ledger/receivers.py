"""Ledger's side of the signals other apps send (finished trips, receipts).

Connected in LedgerConfig.ready(); the handlers call ledger services only.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from governance.models import Decision
from reservations.models import Receipt, Trip
from reservations.signals import receipt_added, trip_finished

from .ev import ev_low_battery_fee_post
from .services import expense_from_receipt, trip_charge
from .services.budget import budget_decided


@receiver(trip_finished, dispatch_uid="ledger.trip_charge")
def on_trip_finished(sender: Any, trip: Trip, **kwargs: Any) -> None:
    """Charge the trip; without a tariff in force it stays uncharged (the treasurer sees
    it on the dashboard) and the member's trip is never refused because of the books."""
    trip_charge(trip=trip)
    ev_low_battery_fee_post(trip=trip)


@receiver(receipt_added, dispatch_uid="ledger.expense_from_receipt")
def on_receipt_added(sender: Any, receipt: Receipt, **kwargs: Any) -> None:
    expense_from_receipt(receipt=receipt)


@receiver(post_save, sender=Decision, dispatch_uid="ledger.budget_decided")
def on_decision(sender: Any, instance: Decision, created: bool, **kwargs: Any) -> None:
    """An ALV decision on a budget's tariff proposal adopts the budget and sets its tariff."""
    if created and instance.ballot_id is not None:
        budget_decided(decision=instance)
