"""Signals members sends; other apps (ledger: the deposit) connect to them. Sent inside
the service's transaction, so what the receiver writes commits or fails with it."""

from django.dispatch import Signal

# A membership was admitted: member=Member, by=Member | None.
member_admitted = Signal()
# A membership ended: member=Member, by=Member | None.
member_left = Signal()
