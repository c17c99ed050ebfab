"""Domain errors of reservations. Each carries a Dutch message for the user."""

from __future__ import annotations

import datetime as dt

from deel.errors import DomainError


class ReservationError(DomainError):
    pass


class BookingConflict(ReservationError):
    """The car (with its buffer) is taken for part of the requested time.

    `taken_until`: until when the car is taken; `free_vehicles`: the cooperative's other
    cars that are free for the whole requested time.
    """

    def __init__(self, message: str, *, taken_until: dt.datetime | None = None, free_vehicles=()):
        super().__init__(message)
        self.taken_until = taken_until
        self.free_vehicles = list(free_vehicles)


class BookingRuleViolation(ReservationError):
    """A booking rule of the cooperative (duration, notice, fair use ...) says no."""


class TripError(ReservationError):
    pass


class TripPhotosMissing(TripError):
    """The rules ask for more photos of the car at pick-up or return. `required`: how many."""

    def __init__(self, message: str, *, required: int):
        super().__init__(message)
        self.required = required


class WaitlistError(ReservationError):
    """A wish to be told when a car frees up is refused (too many open, in the past, not allowed)."""
