"""E-mails about bookings: the reminder before the start, the odometer request after the
end, the notice to the next member when a car comes back late. Templates in
reservations/templates/reservations/email/, sent through deel.mail.

Each message is sent at most once: a conditional UPDATE claims it (sets its `*_sent_at`)
in the transaction that sends it, so a repeated task or scan changes nothing, and a send
that fails (the task retries) leaves it unclaimed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from deel import mail

from . import keys, selectors
from .models import Reservation, ReservationKind, ReservationStatus, Trip

OPEN_MEMBER_BOOKING = Q(status=ReservationStatus.BOOKED, kind=ReservationKind.MEMBER)


def _claim(reservation_id: int, field: str, extra: Q) -> Reservation | None:
    """Mark the message as sent; None when it already was (or no longer applies)."""
    if not Reservation.objects.filter(extra, pk=reservation_id, **{f"{field}__isnull": True}).update(
        **{field: timezone.now()}
    ):
        return None
    return Reservation.objects.select_related("member__user", "vehicle__key_box", "cooperative").get(pk=reservation_id)


def _context(r: Reservation) -> dict:
    path = reverse("reservations:detail", kwargs={"coop": r.cooperative.slug, "pk": r.pk})
    return {
        "r": r,
        "name": r.member.user.first_name or r.member.name,
        "car": f"{r.vehicle.short_name} ({r.vehicle.plate})",
        "link": _base_url() + path,
    }


def _base_url() -> str:
    return settings.DEEL_BASE_URL.rstrip("/")


def _find_link(r: Reservation) -> str:
    """The 'which cars are free' page for the reservation's own times."""
    path = reverse("reservations:find", kwargs={"coop": r.cooperative.slug})
    query = urlencode(
        {
            "starts_at": timezone.localtime(r.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(r.ends_at).strftime("%Y-%m-%dT%H:%M"),
        }
    )
    return f"{_base_url()}{path}?{query}"


@transaction.atomic
def send_reminder(*, reservation_id: int) -> bool:
    """Remind the member that a booking starts soon (once)."""
    r = _claim(reservation_id, "reminder_sent_at", OPEN_MEMBER_BOOKING)
    if r is None:
        return False
    context = _context(r)
    # The key-box code goes to the booking's own member only (this e-mail is theirs).
    codes = keys.codes_for(r)
    if codes:
        box = keys.box_of(r)
        assert box is not None
        context.update(key_codes=codes, key_kind=box.get_kind_display().lower())
    mail.send(template="reservations/email/reminder.txt", context=context, to=[r.member.user.email])
    return True


@transaction.atomic
def send_battery_reminder(*, reservation_id: int) -> bool:
    """Remind the member of an electric car to bring it back charged to the rules'
    minimum, before the booking ends (once)."""
    r = _claim(reservation_id, "battery_reminder_sent_at", OPEN_MEMBER_BOOKING)
    if r is None:
        return False
    minimum = selectors.booking_rules_for(r.cooperative).ev_min_battery_percent
    if minimum is None:
        return False
    context = {**_context(r), "minimum": minimum}
    mail.send(template="reservations/email/battery_reminder.txt", context=context, to=[r.member.user.email])
    return True


@transaction.atomic
def send_odometer_request(*, reservation_id: int) -> bool:
    """Ask the member for the odometer reading after a booking ended without one (once)."""
    r = _claim(reservation_id, "odometer_request_sent_at", OPEN_MEMBER_BOOKING)
    if r is None:
        return False
    if Trip.objects.filter(reservation_id=r.pk, odometer_end_km__isnull=False).exists():
        return False
    mail.send(template="reservations/email/odometer_request.txt", context=_context(r), to=[r.member.user.email])
    return True


@transaction.atomic
def send_late_return_notice(*, reservation_id: int, late_reservation_id: int) -> bool:
    """Tell the member of `reservation_id` that the car came back late from
    `late_reservation_id` (once)."""
    r = _claim(reservation_id, "late_notice_sent_at", Q(status=ReservationStatus.BOOKED))
    if r is None:
        return False
    late = Reservation.objects.get(pk=late_reservation_id)
    context = {**_context(r), "returned_at": late.returned_at or late.ends_at, "find": _find_link(r)}
    mail.send(template="reservations/email/late_return.txt", context=context, to=[r.member.user.email])
    return True
