"""The treasurer's and the board's to-do inbox on the home page (deel/inbox.py): every item
shows its count or amount and links to where it is done; the page takes a fixed number of
queries per role."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import services as governance_services
from governance.models import Meeting, MeetingRequest, MeetingStatus
from ledger.models import Period
from ledger.selectors import last_full_month, statements_preview
from ledger.services import expense_submit, statements_issue
from members.models import MemberStatus, Role
from payments.models import BankImport, BankLine, BankLineStatus, PaymentFlag
from tests.factories import PASSWORD, CooperativeFactory, MemberFactory, VehicleFactory
from tests.payments.factories import charge, mandate, statement
from vehicles.models import DocumentKind, VehicleDocument


def _queued_line(coop, cents: int, name: str = "Onbekend", n: int = 1) -> BankLine:
    imp = BankImport.objects.create(cooperative=coop, filename=f"camt-{n}.xml", format="camt053")
    return BankLine.objects.create(
        cooperative=coop,
        bank_import=imp,
        unique_key=f"k{n}-{name}",
        booked_on=timezone.localdate(),
        amount_cents=cents,
        counterparty_name=name,
        status=BankLineStatus.QUEUED,
    )


@pytest.fixture
def world(db):
    today = timezone.localdate()
    coop = CooperativeFactory(bic="ABNANL2A", sepa_creditor_id="NL79ZZZ999999990000", payment_term_days=14)
    treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    member = MemberFactory(cooperative=coop)
    late = MemberFactory(cooperative=coop)
    # Claims: one of a member (the treasurer decides), one of the treasurer (the board decides).
    expense_submit(member=member, description="Tanken", amount_cents=4_210, spent_on=today)
    expense_submit(member=treasurer, description="Laadpas", amount_cents=1_990, spent_on=today)
    # A bank line nobody could match, and a returned direct debit.
    _queued_line(coop, 2_500)
    PaymentFlag.objects.create(cooperative=coop, member=member, reason="Incasso gestorneerd (AM04)")
    # In arrears: a statement issued 40 days ago, 26 days past the 14-day term, not paid.
    charge(late, 12_345, date=today - dt.timedelta(days=70))
    statement(
        late,
        reference="20260000199",
        due_cents=12_345,
        issued_at=timezone.now() - dt.timedelta(days=40),
        period=(today - dt.timedelta(days=75), today - dt.timedelta(days=45)),
    )
    # Something for last month's statements and for a SEPA batch (a mandate and a balance).
    first, _last = last_full_month(today=today)
    charge(member, 3_000, date=first + dt.timedelta(days=3))
    payer = MemberFactory(cooperative=coop)  # a billed balance and a mandate: a batch can collect it
    charge(payer, 2_000, date=first + dt.timedelta(days=2), billed=True)
    mandate(payer)
    # A period that has ended and waits for its settlement.
    period = Period.objects.create(
        cooperative=coop, label="T-Q", starts_on=today - dt.timedelta(days=500), ends_on=today - dt.timedelta(days=420)
    )
    # Papers that expire soon.
    car = VehicleFactory(cooperative=coop)
    VehicleDocument.objects.create(vehicle=car, kind=DocumentKind.INSURANCE, expires_on=today + dt.timedelta(days=9))
    # An application, an ALV to convene, minutes to adopt, a 2:41 request.
    MemberFactory(cooperative=coop, status=MemberStatus.APPLIED)
    draft = governance_services.meeting_create(
        cooperative=coop,
        by=board,
        title="ALV voorjaar",
        starts_at=timezone.now() + dt.timedelta(days=20),
        location="Buurthuis",
    )
    held = Meeting.objects.create(
        cooperative=coop,
        title="ALV najaar",
        starts_at=timezone.now() - dt.timedelta(days=60),
        location="Buurthuis",
        status=MeetingStatus.CLOSED,
        checkin_code="ABCD1234",
        created_by=board,
    )
    request = MeetingRequest.objects.create(
        cooperative=coop,
        subject="Tarieven",
        reason="Te hoog",
        created_by=member,
        threshold_reached_at=timezone.now() - dt.timedelta(days=3),
    )
    return {
        "coop": coop,
        "treasurer": treasurer,
        "board": board,
        "member": member,
        "period": period,
        "draft": draft,
        "held": held,
        "request": request,
    }


def _inbox(client, member) -> dict[str, tuple[str, str]]:
    """key -> (link, text) of the inbox items on the member's home page."""
    client.login(email=member.user.email, password=PASSWORD)
    body = client.get(reverse("coop_home", kwargs={"coop": member.cooperative.slug})).content.decode()
    items = re.findall(r'<li class="inbox__item[^"]*" data-inbox="([^"]+)">(.*?)</li>', body, re.S)
    found = {}
    for key, html in items:
        link = re.search(r'href="([^"]+)"', html).group(1)
        found[key] = (link, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())
    return found


def test_the_treasurer_sees_what_waits_with_counts_and_amounts(client, world):
    items = _inbox(client, world["treasurer"])
    period = world["period"]
    # (The test's charges made periods of their own; those that ended wait for a settlement too.)
    assert {k for k in items if not k.startswith("settlement-")} == {
        "claims",
        "bank_lines",
        "returns",
        "arrears",
        "statements",
        "sepa",
        "papers",
    }
    assert f"settlement-{period.pk}" in items
    # Only the member's claim: the treasurer never decides their own.
    assert "€ 42,10" in items["claims"][1] and items["claims"][1].startswith("1 ")
    assert "€ 25,00" in items["bank_lines"][1]
    assert "€ 123,45" in items["arrears"][1] and "26 dagen" in items["arrears"][1]


def test_the_board_sees_the_treasurers_claims_applications_and_alv_deadlines(client, world):
    items = _inbox(client, world["board"])
    draft, held, request = world["draft"], world["held"], world["request"]
    assert set(items) == {
        "claims",
        "arrears",
        "papers",
        "applications",
        f"convene-{draft.pk}",
        f"minutes-{held.pk}",
        f"request-{request.pk}",
    }
    # Four eyes: the board decides the treasurer's own claim, nothing else.
    assert "€ 19,90" in items["claims"][1]
    # The convocation is due at the meeting less the notice period (14 days).
    due = timezone.localtime(draft.starts_at - dt.timedelta(days=world["coop"].notice_days)).date()
    assert str(due.day) in items[f"convene-{draft.pk}"][1]


def test_a_member_without_those_roles_has_no_inbox(client, world):
    client.login(email=world["member"].user.email, password=PASSWORD)
    body = client.get(reverse("coop_home", kwargs={"coop": world["coop"].slug})).content.decode()
    assert "data-inbox" not in body and 'class="card inbox"' not in body


@pytest.mark.parametrize("role", ["treasurer", "board"])
def test_every_item_links_to_a_page_where_it_is_done(client, world, role):
    items = _inbox(client, world[role])
    assert items
    for key, (link, _text) in items.items():
        response = client.get(link.split("#")[0])
        assert response.status_code == 200, (key, link)


def test_nothing_to_do_says_so(client, db):
    coop = CooperativeFactory()
    treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    client.login(email=treasurer.user.email, password=PASSWORD)
    body = client.get(reverse("coop_home", kwargs={"coop": coop.slug})).content.decode()
    assert 'class="card inbox"' in body and "data-inbox" not in body


def test_the_statement_preview_counts_what_issuing_does(world):
    coop = world["coop"]
    first, last = last_full_month(today=timezone.localdate())
    preview = statements_preview(cooperative=coop, period_start=first, period_end=last)
    issued = statements_issue(cooperative=coop, period_start=first, period_end=last)
    assert preview.count == len(issued) > 0
    assert preview.to_pay_cents == sum(s.amount_due_cents for s in issued if s.amount_due_cents > 0)
    assert statements_preview(cooperative=coop, period_start=first, period_end=last).count == 0


# The home page per role: a fixed number of queries, whatever the number of items behind it.
HOME_QUERIES = {"treasurer": 31, "board": 27, "member": 11}  # board: +1 for open disputes


@pytest.mark.parametrize("role", ["treasurer", "board", "member"])
def test_home_page_query_count_per_role(client, world, role, django_assert_max_num_queries):
    who = world[role]
    client.login(email=who.user.email, password=PASSWORD)
    url = reverse("coop_home", kwargs={"coop": world["coop"].slug})
    client.get(url)
    with django_assert_max_num_queries(HOME_QUERIES[role]):
        assert client.get(url).status_code == 200
    # More of everything: the same number of queries.
    coop = world["coop"]
    today = timezone.localdate()
    for n in range(5):
        m = MemberFactory(cooperative=coop)
        expense_submit(member=m, description=f"Tanken {n}", amount_cents=1_000 + n, spent_on=today)
        _queued_line(coop, 1_000 + n, name=f"Iemand {n}", n=n + 10)
        MemberFactory(cooperative=coop, status=MemberStatus.APPLIED)
    with django_assert_max_num_queries(HOME_QUERIES[role]):
        assert client.get(url).status_code == 200


def test_a_disputed_penalty_waits_in_the_boards_inbox(client, world):
    from ledger.models import PenaltyKind
    from ledger.penalties import penalty_dispute, penalty_impose, penalty_rate_set
    from tests.ledger.factories import make_tariff

    coop, board, member = world["coop"], world["board"], world["member"]
    tariff = make_tariff(coop, valid_from=dt.date(2020, 1, 1))
    penalty_rate_set(tariff=tariff, kind=PenaltyKind.CLEANING, amount_cents=2_500, by=None)
    penalty = penalty_impose(
        member=member,
        kind=PenaltyKind.CLEANING,
        reason="Zand in de kofferbak",
        source_key="t:1",
        date=dt.date(2026, 5, 1),
    )
    penalty_dispute(penalty=penalty, by=member, text="Dat zand lag er al.")
    items = _inbox(client, board)
    assert "1 bezwaar tegen een boete" in items["disputes"][1]
    assert client.get(items["disputes"][0]).status_code == 200
    assert "disputes" not in _inbox(client, world["treasurer"])  # the board decides
