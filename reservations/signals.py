"""Signals reservations sends; other apps (ledger) connect to them. Reservations never
writes to the ledger itself (DESIGN "Layout")."""

from django.dispatch import Signal

# Sent inside the service's transaction when a trip gets its end reading: trip=Trip.
trip_finished = Signal()
# Sent when a member adds a fuel/charging receipt to a trip: receipt=Receipt.
receipt_added = Signal()
# Sent inside the service's transaction when a return is recorded after the booked end:
# reservation=Reservation, booked_end=datetime (the end before the return), returned_at=datetime.
returned_late = Signal()
# Sent inside the service's transaction when a booking is marked as not driven:
# reservation=Reservation, by=Member.
no_show_marked = Signal()
# Sent inside the cancel service's transaction for a late cancellation with a fee in the
# booking rules: reservation=Reservation, fee_cents=int.
late_cancellation = Signal()
