"""What the vehicles app keeps about a person (deel.personal_data): contributed cars, damage reports."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from deel.personal_data import Category, Section, section
from members.models import Member

from .models import DamageReport, VehicleContribution

CONTRIBUTIONS = Category(
    key="contributions",
    model=VehicleContribution,
    title=_("Ingebrachte auto's"),
    purpose=_("De afgesproken waarde en afschrijving van een auto die je inbracht (je ledenkapitaal of lening)."),
    retention=_("7 jaar na de laatste afschrijving (fiscale bewaarplicht)."),
    seen_by=_("Jij, het bestuur, de penningmeester en de kascommissie."),
)
DAMAGE = Category(
    key="damage_reports",
    model=DamageReport,
    title=_("Schademeldingen"),
    purpose=_("Schade aan een auto melden en laten herstellen."),
    retention=_("Zolang de auto van de coöperatie is, en 7 jaar bij verzekeringsschade."),
    seen_by=_("Alle leden zien de melding bij de auto; het bestuur en de autobeheerder beoordelen haar."),
)
CATEGORIES = [CONTRIBUTIONS, DAMAGE]


def personal_data(member: Member) -> list[Section]:
    return [
        section(
            CONTRIBUTIONS,
            VehicleContribution.objects.filter(member=member).select_related("vehicle").order_by("contributed_on"),
            ["vehicle", "contributed_on", "agreed_value_cents", "depreciation_months", "residual_value_cents", "kind"],
        ),
        section(
            DAMAGE,
            DamageReport.objects.filter(reported_by=member).select_related("vehicle").order_by("reported_at"),
            ["vehicle", "reported_at", "description", "status", "repaired_at"],
        ),
    ]


def anonymise(member: Member) -> int:
    """Nothing to remove: damage reports describe the car, contributions are in the books."""
    return 0
