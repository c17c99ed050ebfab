"""E-mails about bookings: reminder before the start, odometer request after the end,
notice to the next member when a car comes back late. Each is sent at most once (a
conditional UPDATE claims it), so a repeated task or scan changes nothing."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import BookingRules, Reservation, ReservationKind, ReservationStatus, Trip

# How long after the end we still ask for the odometer reading.
ODOMETER_REQUEST_WINDOW = dt.timedelta(days=2)
DEFAULT_REMINDER_MINUTES = BookingRules._meta.get_field("reminder_minutes").default


def _when(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "l j F H:i")


def _link(reservation: Reservation) -> str:
    path = reverse("reservations:detail", kwargs={"coop": reservation.cooperative.slug, "pk": reservation.pk})
    return settings.DEEL_BASE_URL.rstrip("/") + path


def _claim(reservation_id: int, field: str, extra: Q | None = None) -> Reservation | None:
    """Mark the notification as sent; None when it already was (or no longer applies)."""
    qs = Reservation.objects.filter(pk=reservation_id, **{f"{field}__isnull": True})
    if extra is not None:
        qs = qs.filter(extra)
    if not qs.update(**{field: timezone.now()}):
        return None
    return Reservation.objects.select_related("member__user", "vehicle", "cooperative").get(pk=reservation_id)


def _car(r: Reservation) -> str:
    return f"{r.vehicle.nickname or r.vehicle.make + ' ' + r.vehicle.model} ({r.vehicle.plate})"


@transaction.atomic
def send_reminder(*, reservation_id: int) -> bool:
    """Remind the member that a booking starts soon (once)."""
    r = _claim(reservation_id, "reminder_sent_at", Q(status=ReservationStatus.BOOKED, kind=ReservationKind.MEMBER))
    if r is None:
        return False
    send_mail(
        _("Herinnering: je reservering van %(car)s") % {"car": r.vehicle.plate},
        _(
            "Hallo %(name)s,\n\nJe reservering van %(car)s begint %(start)s en loopt tot %(end)s.\n"
            "De auto staat op: %(address)s. %(note)s\n\nNoteer bij het ophalen de kilometerstand:\n%(link)s\n"
        )
        % {
            "name": r.member.user.first_name or r.member.name,
            "car": _car(r),
            "start": _when(r.starts_at),
            "end": _when(r.ends_at),
            "address": r.vehicle.address,
            "note": r.vehicle.location_note,
            "link": _link(r),
        },
        None,
        [r.member.user.email],
    )
    return True


@transaction.atomic
def send_odometer_request(*, reservation_id: int) -> bool:
    """Ask the member for the odometer reading after a booking ended without one (once)."""
    r = _claim(
        reservation_id, "odometer_request_sent_at", Q(status=ReservationStatus.BOOKED, kind=ReservationKind.MEMBER)
    )
    if r is None:
        return False
    if Trip.objects.filter(reservation_id=r.pk, odometer_end_km__isnull=False).exists():
        return False
    send_mail(
        _("Vul je kilometerstand in: %(car)s") % {"car": r.vehicle.plate},
        _(
            "Hallo %(name)s,\n\nJe reservering van %(car)s is %(end)s afgelopen. Vul de kilometerstand "
            "in (en eventuele tank- of laadbonnen), dan kan de rit worden verrekend:\n%(link)s\n\n"
            "Heb je de auto niet gebruikt? Laat het de autobeheerder weten.\n"
        )
        % {
            "name": r.member.user.first_name or r.member.name,
            "car": _car(r),
            "end": _when(r.ends_at),
            "link": _link(r),
        },
        None,
        [r.member.user.email],
    )
    return True


@transaction.atomic
def notify_late_return(*, reservation_id: int, late_reservation_id: int) -> bool:
    """Tell the member of `reservation_id` that the car came back late (once)."""
    r = _claim(reservation_id, "late_notice_sent_at", Q(status=ReservationStatus.BOOKED))
    if r is None:
        return False
    late = Reservation.objects.get(pk=late_reservation_id)
    send_mail(
        _("Let op: %(car)s kwam te laat terug") % {"car": r.vehicle.plate},
        _(
            "Hallo %(name)s,\n\n%(car)s is pas om %(returned)s teruggebracht, later dan gepland. "
            "Je reservering begint %(start)s; de auto kan dus later beschikbaar zijn dan je verwacht.\n"
            "Je reservering:\n%(link)s\n\nWil je een andere auto? Kijk welke vrij zijn:\n%(find)s\n"
        )
        % {
            "name": r.member.user.first_name or r.member.name,
            "car": _car(r),
            "returned": _when(late.returned_at or late.ends_at),
            "start": _when(r.starts_at),
            "link": _link(r),
            "find": _find_link(r),
        },
        None,
        [r.member.user.email],
    )
    return True


def _find_link(reservation: Reservation) -> str:
    """The 'which cars are free' page for the reservation's own times."""
    path = reverse("reservations:find", kwargs={"coop": reservation.cooperative.slug})
    query = urlencode(
        {
            "starts_at": timezone.localtime(reservation.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(reservation.ends_at).strftime("%Y-%m-%dT%H:%M"),
        }
    )
    return f"{settings.DEEL_BASE_URL.rstrip('/')}{path}?{query}"


def scan_due_notifications(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Queue the reminders and odometer requests that are due (the periodic job)."""
    from ..tasks import send_odometer_request_task, send_reminder_task

    now = now or timezone.now()
    reminder_minutes = dict(BookingRules.objects.values_list("cooperative_id", "reminder_minutes"))
    longest = max([DEFAULT_REMINDER_MINUTES, *reminder_minutes.values()])
    due_reminders = [
        pk
        for pk, coop_id, starts_at in Reservation.objects.filter(
            kind=ReservationKind.MEMBER,
            status=ReservationStatus.BOOKED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(minutes=longest),
        ).values_list("pk", "cooperative_id", "starts_at")
        if starts_at <= now + dt.timedelta(minutes=reminder_minutes.get(coop_id, DEFAULT_REMINDER_MINUTES))
    ]
    due_odometer = list(
        Reservation.objects.filter(
            kind=ReservationKind.MEMBER,
            status=ReservationStatus.BOOKED,
            odometer_request_sent_at__isnull=True,
            ends_at__lte=now,
            ends_at__gt=now - ODOMETER_REQUEST_WINDOW,
        )
        .exclude(trip__odometer_end_km__isnull=False)
        .values_list("pk", flat=True)
    )
    for pk in due_reminders:
        transaction.on_commit(lambda pk=pk: send_reminder_task.delay(reservation_id=pk))
    for pk in due_odometer:
        transaction.on_commit(lambda pk=pk: send_odometer_request_task.delay(reservation_id=pk))
    return {"reminders": len(due_reminders), "odometer_requests": len(due_odometer)}
