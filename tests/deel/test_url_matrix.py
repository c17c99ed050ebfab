"""Every URL the resolver knows x every role, anonymous, and a member of another cooperative.

Generated from the URL resolver, so a new URL is covered without anyone listing it. Two
cooperatives are built with one object of every kind. Their primary keys are kept apart:
before the other cooperative is built every table's sequence jumps to 100000, and before
the home cooperative to 200000. So `100001` is the other cooperative's first row of every
table, and `200001` the home cooperative's. A URL is asked with 100001 for every number
in it: whatever model the view looks up, it finds only another cooperative's row, and must
answer 404 (or 403/405), never the page. With 200001 the home cooperative's own objects
are found, and no role may get a server error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from governance import services as gov
from governance.models import (
    Attendance,
    AttendanceSource,
    Decision,
    Minutes,
    MinutesComment,
    Proxy,
)
from governance.services import meeting_request_create, written_resolution_create
from ledger.models import CarCost, CostCategory, Expense
from ledger.services import statements_issue
from members import services as member_services
from members.models import Invitation, Member, Role
from payments.models import BankImport, BankLine, BankLineStatus, PaymentFlag
from reservations.models import CalendarToken, Receipt
from tests.factories import MemberFactory
from tests.governance.factories import convened_meeting
from tests.ledger.factories import aware, make_tariff, make_trip
from tests.members.factories import NOT_SEEING, build_world, pdf_bytes, png_bytes
from tests.payments.factories import charge, collection
from vehicles.models import MaintenanceEntry, OdometerReading, VehicleContribution

pytestmark = pytest.mark.django_db

OTHER_PK = 100001
HOME_PK = 200001
# Public pages: anyone may open them, logged in or not.
PUBLIC = {"landing", "healthz", "set_language", "members:apply", "calendar_feed", "stripe_webhook"}
# Pages of the whole installation, not of one cooperative.
OUTSIDE_COOP = {"home"}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str  # for the failure message
    kwargs: tuple[str, ...]


def _walk(
    patterns, prefix: str = "", namespace: str | None = None, keys: tuple[str, ...] = ()
) -> Iterator[tuple[str, URLPattern, str, tuple[str, ...]]]:
    for p in patterns:
        here = keys + tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if p.namespace and namespace:
                ns = f"{namespace}:{p.namespace}"
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns, here)
        else:
            yield prefix + str(p.pattern), p, namespace or "", here


def routes() -> list[Route]:
    """Every named URL of DEEL (allauth's and the admin's own pages left to their projects)."""
    found = []
    for pattern, p, namespace, keys in _walk(get_resolver().url_patterns):
        if pattern.startswith(("admin/", "accounts/")) or not p.name:
            continue
        name = f"{namespace}:{p.name}" if namespace else p.name
        found.append(Route(name=name, pattern=pattern, kwargs=keys))
    return found


def _jump_sequences(to: int) -> None:
    """Let every table's next primary key be `to` + 1."""
    tables = {
        m._meta.db_table for m in apps.get_models() if m._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in sorted(tables):
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                (sequence,) = cursor.fetchone()
                if sequence:
                    cursor.execute("SELECT setval(%s, %s)", [sequence, to])
        else:
            cursor.execute("DELETE FROM sqlite_sequence")
            cursor.executemany("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [(t, to) for t in tables])


def _url(route: Route, coop_slug: str, number: int) -> str:
    from django.urls import reverse

    values = {}
    for key in route.kwargs:
        if key == "coop":
            values[key] = coop_slug
        elif key == "token":
            values[key] = "x" * 32
        else:
            values[key] = number
    return reverse(route.name, kwargs=values)


def build_cooperative(slug: str):
    """A cooperative with one object of every kind a URL can name."""
    world = build_world(slug)
    coop, people, car = world.coop, world.people, world.car
    member, board, treasurer = people["member"], people["board"], people["treasurer"]
    make_tariff(coop)
    trip = make_trip(member, car, start=aware(2026, 10, 5), km=40)
    receipt = Receipt(trip=trip, member=member, amount_cents=4210, paid_on=dt.date(2026, 10, 5))
    receipt.photo.save("bon.png", ContentFile(png_bytes()), save=True)
    expense = Expense.objects.create(
        cooperative=coop, member=member, description="Ruitenwisser", amount_cents=1299, spent_on=dt.date(2026, 10, 6)
    )
    expense.attachment.save("bon.pdf", ContentFile(pdf_bytes()), save=True)
    CarCost.objects.create(
        cooperative=coop,
        vehicle=car,
        category=CostCategory.INSURANCE,
        description="Verzekering",
        amount_cents=40000,
        incurred_on=dt.date(2026, 10, 1),
    )
    VehicleContribution.objects.create(
        vehicle=car, member=member, contributed_on=dt.date(2026, 1, 1), agreed_value_cents=800000
    )
    OdometerReading.objects.create(vehicle=car, km=12000)
    MaintenanceEntry.objects.create(vehicle=car, performed_on=dt.date(2026, 9, 1), description="Olie")
    charge(member, 2500, date=dt.date(2026, 10, 10))
    statements_issue(cooperative=coop, period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 10, 31))
    collection(member, e2e=f"E2E-{slug}", cents=2500)
    bank_import = BankImport.objects.create(cooperative=coop, filename="ing.xml", format="camt053")
    BankLine.objects.create(
        cooperative=coop,
        bank_import=bank_import,
        unique_key=f"line-{slug}",
        booked_on=dt.date(2026, 11, 3),
        amount_cents=2500,
        status=BankLineStatus.choices[0][0],
        member=member,
    )
    PaymentFlag.objects.create(cooperative=coop, member=member, reason="Storno")
    CalendarToken.objects.create(token=f"{slug}-token-0123456789abcdef", member=member)
    Invitation.objects.create(cooperative=coop, email=f"buur@{slug}.example", invited_by=board)
    meeting, proposal = convened_meeting(coop, board, title="Tarief 2027")
    item = proposal.item
    item.document.save("stukken.pdf", ContentFile(pdf_bytes()), save=True)
    Attendance.objects.create(
        meeting=meeting, member=member, source=AttendanceSource.BOARD, checked_in_at=timezone.now()
    )
    Proxy.objects.create(meeting=meeting, grantor=treasurer, holder=member)

    Attendance.objects.create(
        meeting=meeting, member=board, source=AttendanceSource.BOARD, checked_in_at=timezone.now()
    )
    gov.ballot_open(proposal=proposal, by=board)
    minutes = Minutes.objects.create(meeting=meeting, drafted_by=board)
    MinutesComment.objects.create(minutes=minutes, member=member, text="Klopt")
    Decision.objects.create(
        cooperative=coop, number=f"2026-{slug[:3]}", decided_on=dt.date(2026, 3, 1), title="T", text="T"
    )
    meeting_request_create(cooperative=coop, by=member, subject="Extra ALV", reason="Tarieven")
    written_resolution_create(cooperative=coop, by=board, title="Besluit", text="Wij besluiten.", kind="ordinary")
    # Someone holding every role: sees every page a role can open.
    people["all_roles"] = MemberFactory(
        cooperative=coop, roles=[Role.BOARD, Role.TREASURER, Role.CARETAKER, Role.AUDIT]
    )
    # A second board member now exists, so granting the treasurer role waits for approval.
    member_services.role_assign(member=people["audit"], role=Role.TREASURER, by=board)
    return world


@pytest.fixture
def worlds():
    _jump_sequences(OTHER_PK - 1)
    other = build_cooperative("elders")
    _jump_sequences(HOME_PK - 1)
    home = build_cooperative("linden")
    assert Member.objects.filter(cooperative=home.coop).order_by("pk").first().pk > HOME_PK - 1
    return home, other


def _coop_routes() -> list[Route]:
    return [r for r in routes() if "coop" in r.kwargs and r.name not in PUBLIC]


def test_the_resolver_finds_the_pages_of_every_app():
    names = {r.name.split(":")[0] for r in routes()}
    assert {"members", "vehicles", "reservations", "ledger", "payments", "governance"} <= names
    assert len(_coop_routes()) > 80


def test_anonymous_visitors_are_asked_to_log_in_on_every_cooperative_page(client, worlds):
    home, _other = worlds
    failures = []
    for route in _coop_routes():
        response = client.get(_url(route, home.coop.slug, HOME_PK))
        if response.status_code == 405:
            continue
        if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            failures.append(f"{route.name} ({route.pattern}): {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_member_of_another_cooperative_gets_404_everywhere(client, worlds):
    home, other = worlds
    client.force_login(other.people["all_roles"].user)
    failures = []
    for route in _coop_routes():
        for method in (client.get, client.post):
            status = method(_url(route, home.coop.slug, HOME_PK)).status_code
            if status not in (404, 405):
                failures.append(f"{method.__name__.upper()} {route.name} ({route.pattern}): {status}")
    assert not failures, "\n".join(failures)


def test_another_cooperatives_objects_answer_404_under_ones_own_cooperative(client, worlds):
    home, _other = worlds
    client.force_login(home.people["all_roles"].user)
    failures = []
    for route in _coop_routes():
        if len(route.kwargs) < 2:  # only the cooperative: no object to find
            continue
        status = client.get(_url(route, home.coop.slug, OTHER_PK)).status_code
        if status not in (403, 404, 405):
            failures.append(f"{route.name} ({route.pattern}): {status}")
    assert not failures, "\n".join(failures)


def _fingerprint() -> dict[str, tuple]:
    """Each table's row count and latest change: any write shows up here."""
    found = {}
    for model in apps.get_models():
        if model._meta.app_label not in {"members", "vehicles", "reservations", "ledger", "payments", "governance"}:
            continue
        state: tuple = (model.objects.count(),)
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            state += (model.objects.order_by("-updated_at").values_list("updated_at", flat=True).first(),)
        found[model._meta.label] = state
    return found


def test_posting_to_another_cooperatives_objects_changes_nothing(client, worlds):
    home, _other = worlds
    client.force_login(home.people["all_roles"].user)
    before = _fingerprint()
    failures = []
    for route in _coop_routes():
        if len(route.kwargs) < 2:
            continue
        status = client.post(_url(route, home.coop.slug, OTHER_PK), {"confirm": "yes", "reason": "x"}).status_code
        after = _fingerprint()
        changed = [label for label in after if after[label] != before[label]]
        if status not in (403, 404, 405) or changed:
            failures.append(f"{route.name} ({route.pattern}): {status}, changed {changed}")
            before = after
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "role", ["member", "caretaker", "treasurer", "board", "audit", "suspended", "applicant", "left", "all_roles"]
)
def test_every_role_gets_an_answer_on_every_page_never_a_server_error(client, worlds, role):
    home, _other = worlds
    client.raise_request_exception = False
    client.force_login(home.people[role].user)
    failures = []
    for route in _coop_routes():
        status = client.get(_url(route, home.coop.slug, HOME_PK)).status_code
        if status >= 500:
            failures.append(f"{route.name} ({route.pattern}): {status}")
        elif role in NOT_SEEING and status not in (302, 404, 405):
            failures.append(f"{route.name} ({route.pattern}): {status} for someone who does not see the cooperative")
    assert not failures, "\n".join(failures)
