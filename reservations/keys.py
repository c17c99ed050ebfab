"""Key codes of bookings: the window of a booking at its car's key box, the code the member
sees, and revoking it when the booking is cancelled, moved or ended early.

The window runs from the booking's start minus the rules' margin (key_code_margin_minutes)
to its end plus the car's buffer (`blocked_until`). Codes are derived by vehicles.keycodes
from the box's secret, never stored. Who may see a code is permissions.can_see_key_code:
the member of the booking only (not the caretaker, the board, the iCal feed or the admin).
"""

from __future__ import annotations

import datetime as dt

from members.models import Member
from vehicles.models import KeyBox
from vehicles.services import KeyCode, key_codes, key_codes_revoke, revoked_windows

from . import selectors
from .models import Reservation

# A fresh window that happens to equal a revoked one (the same slot booked again after a
# cancellation) starts this many steps earlier instead, so it gets a code of its own.
MAX_SHIFT_STEPS = 8


def box_of(reservation: Reservation) -> KeyBox | None:
    return getattr(reservation.vehicle, "key_box", None)


def window(reservation: Reservation, *, starts_at: dt.datetime | None = None, ends_at: dt.datetime | None = None):
    """(from, until) in which the box opens for this booking (or for the given times)."""
    rules = selectors.booking_rules_for(reservation.cooperative)
    starts_at = starts_at or reservation.starts_at
    ends_at = ends_at or reservation.ends_at
    margin = dt.timedelta(minutes=rules.key_code_margin_minutes)
    return starts_at - margin, ends_at + dt.timedelta(minutes=reservation.vehicle.buffer_minutes)


def _codes(box: KeyBox, start: dt.datetime, end: dt.datetime, now: dt.datetime | None) -> list[KeyCode]:
    revoked = set(revoked_windows(box=box, now=now))
    codes = key_codes(box=box, starts_at=start, ends_at=end)
    for _shift in range(MAX_SHIFT_STEPS):
        if not any((c.start_step, c.end_step) in revoked for c in codes):
            break
        start -= dt.timedelta(seconds=box.step_seconds)
        codes = key_codes(box=box, starts_at=start, ends_at=end)
    return codes


def codes_for(reservation: Reservation, *, now: dt.datetime | None = None) -> list[KeyCode]:
    """The codes that open the car's box for this booking ([] without a box). A window on
    the revocation list is moved a step earlier (see MAX_SHIFT_STEPS)."""
    box = box_of(reservation)
    if box is None:
        return []
    start, end = window(reservation)
    return _codes(box, start, end, now)


def revoke(
    reservation: Reservation,
    *,
    reason: str,
    by: Member | None,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    now: dt.datetime | None = None,
) -> None:
    """Put the codes this booking had for (starts_at, ends_at) on the box's revocation
    list. Call inside the service's transaction, with the times before the change."""
    box = box_of(reservation)
    if box is None:
        return
    start, end = window(reservation, starts_at=starts_at, ends_at=ends_at)
    key_codes_revoke(
        box=box,
        codes=_codes(box, start, end, now),
        reason=reason,
        by=by,
        reference=f"reservation:{reservation.pk}",
        now=now,
    )
