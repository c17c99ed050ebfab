"""What governance keeps about a person (deel.personal_data): votes, proxies, attendance.

A secret ballot's choice is in anonymous rows that name nobody, so it cannot be part of
anyone's data: only that the member voted."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from deel.personal_data import Category, Section, section
from members.models import Member

from .models import (
    Attendance,
    Candidate,
    ConvocationDelivery,
    MeetingRequestSupport,
    MinutesComment,
    Participation,
    Proxy,
    WrittenConsent,
)

VOTES = Category(
    key="votes",
    model=Participation,
    title=_("Stemmen"),
    purpose=_("Bewijs van hoe een besluit van de ALV tot stand kwam (art. 2:13-2:15 BW)."),
    retention=_(
        "Zolang de coöperatie bestaat: het hoort bij het besluit. Bij geheime stemmingen staat alleen dat je stemde."
    ),
    seen_by=_("Bij een hoofdelijke stemming de leden die bij de ALV waren; bij een geheime niemand."),
)
PROXIES = Category(
    key="proxies",
    model=Proxy,
    title=_("Volmachten"),
    purpose=_("Wie voor wie mocht stemmen op een ALV."),
    retention=_("Zolang de coöperatie bestaat: het hoort bij de besluiten van die ALV."),
    seen_by=_("Jij, de gemachtigde en het bestuur."),
)
ATTENDANCE = Category(
    key="attendance",
    model=Attendance,
    title=_("Aanwezigheid op de ALV"),
    purpose=_("De presentielijst van de ALV."),
    retention=_("Zolang de coöperatie bestaat."),
    seen_by=_("Het bestuur en de notulist."),
)
CANDIDACIES = Category(
    key="candidacies",
    model=Candidate,
    title=_("Kandidaatstellingen"),
    purpose=_("Je kandidatuur voor een functie en je motivatie, voor de verkiezing op de ALV."),
    retention=_("Zolang de coöperatie bestaat: het hoort bij het besluit."),
    seen_by=_("Alle leden."),
)
COMMENTS = Category(
    key="minutes_comments",
    model=MinutesComment,
    title=_("Opmerkingen bij notulen"),
    purpose=_("Je opmerkingen op de concept-notulen, voor het bestuur."),
    retention=_("Zolang de coöperatie bestaat."),
    seen_by=_("Het bestuur."),
)
SUPPORTS = Category(
    key="meeting_request_supports",
    model=MeetingRequestSupport,
    title=_("Steun voor een verzoek om een ALV"),
    purpose=_("Bewijs dat genoeg leden om een ALV vroegen (art. 2:41 BW)."),
    retention=_("Zolang de coöperatie bestaat."),
    seen_by=_("Het bestuur."),
)
CONSENTS = Category(
    key="written_consents",
    model=WrittenConsent,
    title=_("Instemming met besluiten buiten de vergadering"),
    purpose=_("Bewijs van een besluit buiten de vergadering (art. 2:40 BW)."),
    retention=_("Zolang de coöperatie bestaat: het hoort bij het besluit."),
    seen_by=_("Het bestuur en de leden."),
)
DELIVERIES = Category(
    key="convocation_deliveries",
    model=ConvocationDelivery,
    title=_("Oproepingen voor de ALV"),
    purpose=_("Bewijs dat je voor een ALV bent opgeroepen: naar welk adres, wanneer en of het bericht aankwam."),
    retention=_(
        "Zolang de coöperatie bestaat: het hoort bij de besluiten van die ALV. Het e-mailadres gaat weg na de "
        "bewaartermijn."
    ),
    seen_by=_("Het bestuur."),
)
CATEGORIES = [VOTES, PROXIES, ATTENDANCE, CANDIDACIES, COMMENTS, SUPPORTS, CONSENTS, DELIVERIES]


def personal_data(member: Member) -> list[Section]:
    return [
        section(
            VOTES,
            Participation.objects.filter(member=member).select_related("ballot", "cast_by__user").order_by("cast_at"),
            ["ballot", "cast_at", "choice", "via_proxy", "electronic", "cast_by"],
        ),
        section(
            PROXIES,
            Proxy.objects.filter(Q(grantor=member) | Q(holder=member))
            .select_related("meeting", "grantor__user", "holder__user")
            .order_by("created_at", "pk"),
            ["meeting", "grantor", "holder", "created_at", "revoked_at"],
            labels={
                "meeting": _("vergadering"),
                "grantor": _("van"),
                "holder": _("aan"),
                "created_at": _("gegeven op"),
            },
        ),
        section(
            ATTENDANCE,
            Attendance.objects.filter(member=member).select_related("meeting").order_by("checked_in_at"),
            ["meeting", "source", "checked_in_at"],
            labels={"meeting": _("vergadering"), "source": _("hoe"), "checked_in_at": _("aangemeld om")},
        ),
        section(
            CANDIDACIES,
            Candidate.objects.filter(member=member).select_related("proposal").order_by("pk"),
            ["proposal", "statement"],
            labels={"proposal": _("voorstel")},
        ),
        section(
            COMMENTS,
            MinutesComment.objects.filter(member=member).select_related("minutes").order_by("created_at", "pk"),
            ["minutes", "text", "created_at"],
            labels={"minutes": _("notulen"), "created_at": _("geschreven op")},
        ),
        section(
            SUPPORTS,
            MeetingRequestSupport.objects.filter(member=member).select_related("request").order_by("created_at"),
            ["request", "created_at"],
            labels={"request": _("verzoek"), "created_at": _("gesteund op")},
        ),
        section(
            CONSENTS,
            WrittenConsent.objects.filter(member=member).select_related("resolution").order_by("created_at"),
            ["resolution", "agrees", "created_at"],
            labels={"resolution": _("besluit"), "agrees": _("eens"), "created_at": _("op")},
        ),
        section(
            DELIVERIES,
            ConvocationDelivery.objects.filter(member=member).select_related("convocation__meeting").order_by("pk"),
            ["convocation", "email", "status", "sent_at", "bounced_at"],
            labels={"convocation": _("oproeping")},
        ),
    ]


def anonymise(member: Member) -> int:
    """After the retention period: what the member wrote themselves (candidacy motivation,
    comments on draft minutes) and the address a convocation went to go; votes, proxies and
    attendance stay with the decisions."""
    changed = Candidate.objects.filter(member=member).exclude(statement="").update(statement="")
    changed += MinutesComment.objects.filter(member=member).update(text="")
    changed += ConvocationDelivery.objects.filter(member=member).exclude(email="").update(email="")
    return changed
