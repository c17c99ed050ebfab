"""Ledger's side of the signals other apps send (finished trips, receipts).

Connected in LedgerConfig.ready(); the handlers call ledger services only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from governance.models import Decision
from members.models import Member
from members.signals import member_admitted, member_left
from reservations.models import Receipt, Reservation, Trip
from reservations.signals import late_cancellation, no_show_marked, receipt_added, returned_late, trip_finished

from .deposits import deposit_charge, deposit_held, deposit_return
from .ev import ev_low_battery_fee_post, fuel_penalty_post
from .penalties import penalty_for_late_return, penalty_for_no_show
from .services import expense_from_receipt, late_cancellation_charge, trip_charge
from .services.budget import budget_decided


@receiver(trip_finished, dispatch_uid="ledger.trip_charge")
def on_trip_finished(sender: Any, trip: Trip, **kwargs: Any) -> None:
    """Charge the trip; without a tariff in force it stays uncharged (the treasurer sees
    it on the dashboard) and the member's trip is never refused because of the books."""
    trip_charge(trip=trip)
    ev_low_battery_fee_post(trip=trip)
    fuel_penalty_post(trip=trip)


@receiver(receipt_added, dispatch_uid="ledger.expense_from_receipt")
def on_receipt_added(sender: Any, receipt: Receipt, **kwargs: Any) -> None:
    expense_from_receipt(receipt=receipt)


@receiver(post_save, sender=Decision, dispatch_uid="ledger.budget_decided")
def on_decision(sender: Any, instance: Decision, created: bool, **kwargs: Any) -> None:
    """An ALV decision on a budget's tariff proposal adopts the budget and sets its tariff."""
    if created and instance.ballot_id is not None:
        budget_decided(decision=instance)


@receiver(returned_late, dispatch_uid="ledger.penalty_late_return")
def on_returned_late(
    sender: Any, reservation: Reservation, booked_end: dt.datetime, returned_at: dt.datetime, **kwargs: Any
) -> None:
    """A return recorded after the booked end: the late-return penalty (when the ALV set one)."""
    penalty_for_late_return(reservation=reservation, booked_end=booked_end, returned_at=returned_at)


@receiver(no_show_marked, dispatch_uid="ledger.penalty_no_show")
def on_no_show(sender: Any, reservation: Reservation, by: Member | None = None, **kwargs: Any) -> None:
    penalty_for_no_show(reservation=reservation, by=by)


@receiver(member_admitted, dispatch_uid="ledger.deposit_charge")
def on_member_admitted(sender: Any, member: Member, by: Member | None = None, **kwargs: Any) -> None:
    """The statutes' deposit at admission (nothing when it is 0 or one is held)."""
    if deposit_held(member=member) is None:
        deposit_charge(member=member, by=None)


@receiver(member_left, dispatch_uid="ledger.deposit_return")
def on_member_left(sender: Any, member: Member, by: Member | None = None, **kwargs: Any) -> None:
    deposit_return(member=member, by=by)


@receiver(late_cancellation, dispatch_uid="ledger.late_cancellation_charge")
def on_late_cancellation(sender: Any, reservation: Reservation, fee_cents: int, **kwargs: Any) -> None:
    late_cancellation_charge(reservation=reservation, fee_cents=fee_cents)
