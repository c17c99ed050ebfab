"""Demo data of the members app: two cooperatives, ~40 members, their roles.

Deterministic (a seeded random generator) and idempotent (get_or_create on natural keys).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from members.models import Cooperative, Member, MemberRole, MemberStatus, Role, SettlementPeriod, User

DEMO_PASSWORD = "deel-demo-2026"  # noqa: S105  (printed by make run, on purpose)
DEMO_SLUG = "bomenbuurt"
SECOND_SLUG = "zeeheldenkwartier"

FIRST = [
    "Anouk",
    "Bram",
    "Charlotte",
    "Daan",
    "Eva",
    "Floris",
    "Gijs",
    "Hanna",
    "Iris",
    "Jeroen",
    "Karim",
    "Lotte",
    "Mees",
    "Noor",
    "Olivier",
    "Priya",
    "Quinten",
    "Roos",
    "Sander",
    "Tess",
    "Umut",
    "Vera",
    "Wouter",
    "Yara",
    "Zeynep",
    "Bas",
    "Fleur",
    "Joost",
    "Marieke",
    "Ruben",
    "Sanne",
    "Thijs",
    "Ilse",
    "Koen",
    "Lieke",
    "Maarten",
    "Nadia",
    "Pieter",
    "Saskia",
    "Tom",
]
LAST = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Bruin",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "van de Ven",
    "Hoekstra",
    "Maas",
]
STREETS = [
    "Laan van Meerdervoort",
    "Valkenboslaan",
    "Thomsonlaan",
    "Fahrenheitstraat",
    "Sweelinckstraat",
    "Goudenregenstraat",
    "Acaciastraat",
    "Kamperfoeliestraat",
    "Appelstraat",
    "Jasmijnstraat",
]


@dataclass
class DemoContext:
    """What one seeder leaves for the next (cooperatives, members by role, cars, ...)."""

    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    coop: Cooperative | None = None
    second: Cooperative | None = None
    members: list[Member] = field(default_factory=list)
    treasurer: Member | None = None
    board: list[Member] = field(default_factory=list)
    audit: list[Member] = field(default_factory=list)
    contributors: list[Member] = field(default_factory=list)
    applicants: list[Member] = field(default_factory=list)
    second_members: list[Member] = field(default_factory=list)
    vehicles: list = field(default_factory=list)
    second_vehicles: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)


def _user(email: str, first: str, last: str, *, superuser: bool = False) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first, last_name=last, is_staff=superuser, is_superuser=superuser)
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _member(coop: Cooperative, user: User, number: int, rng: random.Random, *, status=MemberStatus.ACTIVE) -> Member:
    member = Member.objects.filter(cooperative=coop, user=user).first()
    if member is not None:
        return member
    today = timezone.localdate()
    admitted = status in (MemberStatus.ACTIVE, MemberStatus.SUSPENDED)
    joined = timezone.now() - dt.timedelta(days=rng.randint(400, 1800))
    return Member.objects.create(
        cooperative=coop,
        user=user,
        number=number if admitted else None,
        status=status,
        street=f"{rng.choice(STREETS)} {rng.randint(1, 240)}",
        postal_code=f"25{rng.randint(10, 99)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}",
        city=coop.city,
        phone=f"06{rng.randint(10000000, 99999999)}",
        licence_number=str(rng.randint(5000000000, 5999999999)),
        licence_expires_on=today + dt.timedelta(days=rng.randint(200, 3000)),
        # An applicant waiting for the board applied recently, not years ago.
        applied_at=joined - dt.timedelta(days=14) if admitted else timezone.now() - dt.timedelta(days=3 + number % 7),
        admitted_at=joined if admitted else None,
    )


def _role(member: Member, role: str) -> None:
    MemberRole.objects.get_or_create(member=member, role=role)


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    coop, _ = Cooperative.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": "DEEL Bomenbuurt",
            "city": "Den Haag",
            "street": "Laan van Meerdervoort 210",
            "postal_code": "2563 AB",
            "kvk_number": "90123456",
            "iban": "NL91ABNA0417164300",
            "bic": "ABNANL2A",
            "sepa_creditor_id": "NL79ZZZ999999990000",
            "email": "penningmeester@bomenbuurt.deel.local",
            "settlement_period": SettlementPeriod.QUARTER,
            "electronic_voting_allowed": True,
            "remote_participation_allowed": True,
            "electronic_voting_conditions": "Vooraf stemmen kan alleen in DEEL, niet per e-mail of brief.",
            "inspection_location": "bij de secretaris, Laan van Meerdervoort 210, Den Haag",
        },
    )
    ctx.coop = coop
    _user("beheer@deel.local", "Platform", "Beheer", superuser=True)
    for i in range(40):
        first, last = FIRST[i], LAST[i]
        email = f"{first.lower()}@bomenbuurt.deel.local"
        member = _member(coop, _user(email, first, last), i + 1, rng)
        ctx.members.append(member)
    # Roles: a treasurer, a board of three, a kascommissie of two, five contributors
    # (who also look after their own car).
    ctx.treasurer = ctx.members[1]
    ctx.board = ctx.members[2:5]
    ctx.audit = ctx.members[5:7]
    ctx.contributors = [ctx.members[i] for i in (7, 8, 9, 10, 11)]
    _role(ctx.treasurer, Role.TREASURER)
    for m in ctx.board:
        _role(m, Role.BOARD)
    for m in ctx.audit:
        _role(m, Role.AUDIT)
    for m in ctx.contributors:
        _role(m, Role.CARETAKER)
    # Two residents waiting for admission.
    for first, last in (("Mila", "Koster"), ("Jesse", "Verbeek")):
        user = _user(f"{first.lower()}@bomenbuurt.deel.local", first, last)
        ctx.applicants.append(_member(coop, user, 0, rng, status=MemberStatus.APPLIED))

    second, _ = Cooperative.objects.get_or_create(
        slug=SECOND_SLUG,
        defaults={"name": "DEEL Zeeheldenkwartier", "city": "Den Haag", "iban": "NL20INGB0001234567"},
    )
    ctx.second = second
    for i, (first, last) in enumerate((("Hugo", "Claes"), ("Femke", "Rutten"), ("Levi", "Martens"))):
        user = _user(f"{first.lower()}@zeeheldenkwartier.deel.local", first, last)
        ctx.second_members.append(_member(second, user, i + 1, rng))
    _role(ctx.second_members[0], Role.TREASURER)
    _role(ctx.second_members[0], Role.BOARD)

    ctx.logins = [
        ("anouk@bomenbuurt.deel.local", "lid (member)"),
        (ctx.treasurer.user.email, "penningmeester (treasurer)"),
        (ctx.board[0].user.email, "bestuur (board)"),
        (ctx.audit[0].user.email, "kascommissie (audit committee)"),
        (ctx.contributors[0].user.email, "autobeheerder (caretaker)"),
        ("hugo@zeeheldenkwartier.deel.local", "tweede coöperatie (second cooperative)"),
        ("beheer@deel.local", "platformbeheerder, /admin/ (platform admin)"),
    ]


def print_logins(stdout, ctx: DemoContext) -> None:
    stdout.write("")
    stdout.write("DEEL demo: http://127.0.0.1:8000/  (cooperative 'DEEL Bomenbuurt', /c/bomenbuurt/)")
    stdout.write(f"Every demo log-in has the password: {DEMO_PASSWORD}")
    for email, what in ctx.logins:
        stdout.write(f"  {email:<42} {what}")
    stdout.write("")
