"""What the reservations app keeps about a person (deel.personal_data): bookings, trips, receipts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from deel.personal_data import Category, Section, section
from members.models import Member

from .models import Receipt, Reservation, Trip, WaitlistEntry

BOOKINGS = Category(
    key="reservations",
    model=Reservation,
    title=_("Reserveringen"),
    purpose=_("De agenda van de auto's: wie wanneer welke auto heeft."),
    retention=_("7 jaar (ze onderbouwen de ritkosten in de boeken)."),
    seen_by=_("Jij; andere leden zien in de agenda alleen dat en door wie een auto bezet is; het bestuur."),
)
TRIPS = Category(
    key="trips",
    model=Trip,
    title=_("Ritten"),
    purpose=_("De kilometerstanden waarop je ritkosten en de nacalculatie rusten."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij, de autobeheerder van de auto, de penningmeester en de kascommissie."),
)
RECEIPTS = Category(
    key="receipts",
    model=Receipt,
    title=_("Bonnen"),
    purpose=_("Tank- en laadbonnen die je voorschoot, om ze te vergoeden."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij, de penningmeester en de kascommissie."),
)
WAITLIST = Category(
    key="waitlist",
    model=WaitlistEntry,
    title=_("Wachtlijst"),
    purpose=_("De tijden waarvoor je bericht wilde als er een auto vrijkwam, en wanneer je dat kreeg."),
    retention=_("Tot het einde van het lidmaatschap."),
    seen_by=_("Jij."),
)
CATEGORIES = [BOOKINGS, TRIPS, RECEIPTS, WAITLIST]


def personal_data(member: Member) -> list[Section]:
    return [
        section(
            BOOKINGS,
            Reservation.objects.filter(member=member).select_related("vehicle").order_by("starts_at", "pk"),
            ["vehicle", "kind", "starts_at", "ends_at", "status", "note", "cancelled_at", "returned_at", "created_at"],
            labels={"vehicle": _("auto"), "created_at": _("geboekt op")},
        ),
        section(
            TRIPS,
            Trip.objects.filter(member=member).select_related("vehicle").order_by("started_at", "pk"),
            ["vehicle", "started_at", "ended_at", "odometer_start_km", "odometer_end_km"],
            labels={"vehicle": _("auto")},
        ),
        section(
            RECEIPTS,
            Receipt.objects.filter(member=member).order_by("paid_on", "pk"),
            ["kind", "amount_cents", "litres", "kwh", "paid_on", "photo"],
        ),
        section(
            WAITLIST,
            WaitlistEntry.objects.filter(member=member).order_by("starts_at", "pk"),
            ["starts_at", "ends_at", "created_at", "notified_at"],
        ),
    ]


def anonymise(member: Member) -> int:
    """After the retention period: booking notes and receipt photos go; times, km and
    amounts stay (the books rest on them)."""
    changed = Reservation.objects.filter(member=member).exclude(note="").update(note="")
    for receipt in Receipt.objects.filter(member=member).exclude(photo=""):
        receipt.photo.delete(save=False)
        Receipt.objects.filter(pk=receipt.pk).update(photo="")
        changed += 1
    return changed
