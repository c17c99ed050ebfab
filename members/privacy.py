"""What the members app keeps about a person (deel.personal_data): account, membership, roles, events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from deel.personal_data import Category, Section, section

from .models import HouseholdDriver, Member, MemberEvent, MemberRole, PersonalDataAccess, RoleGrant, User

ACCOUNT = Category(
    key="account",
    model=User,
    title=_("Account"),
    purpose=_("Inloggen en je berichten sturen."),
    retention=_("Zolang je lid bent van een coöperatie in DEEL; daarna wordt het account gesloten."),
    seen_by=_("Jij; het bestuur ziet je naam en e-mailadres."),
)
MEMBERSHIP = Category(
    key="membership",
    model=Member,
    title=_("Lidmaatschap"),
    purpose=_("De ledenadministratie die de wet vraagt (art. 2:33 BW), rijbevoegdheid en incasso."),
    retention=_(
        "Tot je vertrek; adres, telefoon, rijbewijs en IBAN worden daarna geanonimiseerd zodra de "
        "bewaartermijn van de statuten voorbij is (financiële gegevens: 7 jaar)."
    ),
    seen_by=_("Jij, het bestuur, de penningmeester en de kascommissie; andere leden zien alleen je naam."),
)
ROLES = Category(
    key="roles",
    model=MemberRole,
    title=_("Rollen"),
    purpose=_("Wie wat mag in de coöperatie (penningmeester, bestuur, autobeheer, kascommissie)."),
    retention=_("Zolang de coöperatie bestaat: het is deel van haar geschiedenis."),
    seen_by=_("Alle leden."),
)
EVENTS = Category(
    key="member_events",
    model=MemberEvent,
    title=_("Gebeurtenissen lidmaatschap"),
    purpose=_("Bewijs van wie wanneer iets aan je lidmaatschap besloot (toelating, schorsing, vertrek)."),
    retention=_("Zolang de coöperatie bestaat."),
    seen_by=_("Jij en het bestuur."),
)
GRANTS = Category(
    key="role_grants",
    model=RoleGrant,
    title=_("Voorgestelde rollen"),
    purpose=_("Vier ogen: een rol als penningmeester of bestuurslid gaat pas in als een tweede bestuurslid instemt."),
    retention=_("Zolang de coöperatie bestaat: het hoort bij haar geschiedenis."),
    seen_by=_("Jij en het bestuur."),
)
ACCESSES = Category(
    key="data_accesses",
    model=PersonalDataAccess,
    title=_("Wie je gegevens bekeek of wijzigde"),
    purpose=_("Verantwoording: wie je adres, telefoon, IBAN of rijbewijs bekeek of wijzigde, wanneer en waar."),
    retention=_("Zolang je gegevens bewaard worden."),
    seen_by=_("Jij en de kascommissie."),
)
HOUSEHOLD = Category(
    key="household_drivers",
    model=HouseholdDriver,
    title=_("Extra bestuurders van je huishouden"),
    purpose=_("Wie op jouw lidmaatschap reserveert en rijdt, met de rijbewijsgegevens voor de controle."),
    retention=_("Zolang het lidmaatschap loopt, daarna de bewaartermijn van de statuten."),
    seen_by=_("Jij, het bestuur en de penningmeester."),
)
CATEGORIES = [ACCOUNT, MEMBERSHIP, ROLES, GRANTS, EVENTS, ACCESSES, HOUSEHOLD]


def personal_data(member: Member) -> list[Section]:
    user = member.user
    return [
        section(ACCOUNT, [user], ["email", "first_name", "last_name", "date_joined", "last_login"]),
        section(
            MEMBERSHIP,
            [member],
            [
                "number",
                "status",
                "street",
                "postal_code",
                "city",
                "phone",
                "iban",
                "may_drive",
                "licence_number",
                "licence_expires_on",
                "applied_at",
                "admitted_at",
                "suspended_at",
                "suspension_reason",
                "left_at",
                "motivation",
            ],
        ),
        section(ROLES, MemberRole.objects.filter(member=member).order_by("assigned_at"), ["role", "assigned_at"]),
        section(
            GRANTS,
            RoleGrant.objects.filter(member=member).select_related("requested_by__user", "decided_by__user"),
            ["role", "status", "requested_by", "requested_at", "decided_by", "decided_at"],
        ),
        section(
            EVENTS,
            MemberEvent.objects.filter(member=member).select_related("by__user").order_by("at", "pk"),
            ["at", "kind", "by", "note"],
        ),
        section(
            ACCESSES,
            PersonalDataAccess.objects.filter(member=member).select_related("user").order_by("at", "pk"),
            ["at", "user", "action", "fields", "place"],
        ),
        section(
            HOUSEHOLD,
            HouseholdDriver.objects.filter(member=member).select_related("user").order_by("added_at", "pk"),
            ["user", "licence_number", "licence_expires_on", "added_at", "removed_at"],
            labels={"user": _("bestuurder")},
        ),
    ]


def anonymise(member: Member) -> int:
    """The membership itself is anonymised by members.services.member_anonymise."""
    return 0
