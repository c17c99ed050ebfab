"""Ledger's side of the signals other apps send (finished trips, receipts).

Connected in LedgerConfig.ready(); the handlers call ledger services only.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from reservations.models import Receipt, Reservation, Trip
from reservations.signals import late_cancellation, receipt_added, trip_finished

from .services import expense_from_receipt, late_cancellation_charge, trip_charge


@receiver(trip_finished, dispatch_uid="ledger.trip_charge")
def on_trip_finished(sender: Any, trip: Trip, **kwargs: Any) -> None:
    """Charge the trip; without a tariff in force it stays uncharged (the treasurer sees
    it on the dashboard) and the member's trip is never refused because of the books."""
    trip_charge(trip=trip)


@receiver(receipt_added, dispatch_uid="ledger.expense_from_receipt")
def on_receipt_added(sender: Any, receipt: Receipt, **kwargs: Any) -> None:
    expense_from_receipt(receipt=receipt)


@receiver(late_cancellation, dispatch_uid="ledger.late_cancellation_charge")
def on_late_cancellation(sender: Any, reservation: Reservation, fee_cents: int, **kwargs: Any) -> None:
    late_cancellation_charge(reservation=reservation, fee_cents=fee_cents)
