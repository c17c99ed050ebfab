"""iCalendar (RFC 5545) feeds of reservations, built with the icalendar library.

Stable UID per reservation (Reservation.uid), SEQUENCE bumped on every change, cancelled
bookings kept in the feed as STATUS:CANCELLED so calendar clients remove them.
"""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from .models import CalendarToken, Reservation, ReservationKind, ReservationStatus

# Past bookings older than this are left out of a feed (cancellations too).
FEED_HISTORY = dt.timedelta(days=90)


def feed_reservations(token: CalendarToken) -> QuerySet[Reservation]:
    since = timezone.now() - FEED_HISTORY
    qs = Reservation.objects.filter(ends_at__gte=since).select_related("vehicle", "member__user", "cooperative")
    if token.vehicle_id:
        qs = qs.filter(vehicle_id=token.vehicle_id)
    else:
        qs = qs.filter(member_id=token.member_id, kind=ReservationKind.MEMBER)
    return qs.filter(~Q(status=ReservationStatus.CANCELLED) | Q(cancelled_at__gte=since)).order_by("starts_at")


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def build_feed(*, name: str, reservations, with_names: bool) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//DEEL//Reserveringen//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    base = settings.DEEL_BASE_URL.rstrip("/")
    for r in reservations:
        event = icalendar.Event()
        event.add("uid", f"{r.uid}@deel")
        event.add("dtstamp", _utc(r.updated_at))
        event.add("last-modified", _utc(r.updated_at))
        event.add("created", _utc(r.created_at))
        event.add("dtstart", _utc(r.starts_at))
        event.add("dtend", _utc(r.ends_at))
        event.add("sequence", r.sequence)
        car = f"{r.vehicle.short_name} ({r.vehicle.plate})"
        if r.is_charging_block:
            summary = f"Laden: {car}"
        elif r.is_maintenance:
            summary = f"Onderhoud: {car}"
        elif with_names:
            summary = f"{car}: {r.member.name}"
        else:
            summary = car
        event.add("summary", summary)
        event.add("location", r.vehicle.address)
        event.add("status", "CANCELLED" if r.is_cancelled else "CONFIRMED")
        event.add("transp", "OPAQUE")
        url = base + reverse("reservations:detail", kwargs={"coop": r.cooperative.slug, "pk": r.pk})
        event.add("url", url)
        if r.note:
            event.add("description", r.note)
        cal.add_component(event)
    return cal.to_ical()


def feed_for_token(token: CalendarToken) -> bytes:
    if token.vehicle is not None:
        vehicle = token.vehicle
        name = f"DEEL {vehicle.short_name} ({vehicle.plate})"
        return build_feed(name=name, reservations=feed_reservations(token), with_names=True)
    return build_feed(name="DEEL: mijn reserveringen", reservations=feed_reservations(token), with_names=False)
