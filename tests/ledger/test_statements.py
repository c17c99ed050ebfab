"""A statement is a snapshot: its lines and balances are fixed at issue and add up; the next
one opens where the previous closed; late entries and the settlement reach the member on
the next statement, the settlement explained per car."""

import datetime as dt
import importlib
import threading
import types

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.models import (
    AccountPurpose,
    Posting,
    SettlementLine,
    Statement,
    StatementLine,
    StatementLineKind,
)
from ledger.selectors import statements_data
from ledger.services import (
    Line,
    account_for,
    expense_approve,
    expense_submit,
    statements_issue,
    statements_issue_month,
    transaction_post,
    trip_charge,
)
from members.models import Role
from tests.factories import CooperativeFactory, MemberFactory, VehicleFactory

from .factories import aware, make_tariff, make_trip, settled_quarter


def assert_chain(member) -> list[Statement]:
    """Every statement of `member` adds up and opens where the previous closed."""
    statements = list(Statement.objects.filter(member=member).order_by("pk"))
    previous_close = 0
    for statement in statements:
        (data,) = statements_data(statements=[statement])
        assert statement.opening_balance_cents == previous_close, statement
        assert statement.opening_balance_cents + data.lines_total == statement.closing_balance_cents, statement
        assert statement.amount_due_cents == statement.closing_balance_cents
        previous_close = statement.closing_balance_cents
    return statements


def receivable_post(member, *, date, cents, key):
    coop = member.cooperative
    transaction_post(
        cooperative=coop,
        date=date,
        description=f"Boeking {key}",
        source_key=f"test:{key}",
        lines=[
            Line(
                account=account_for(cooperative=coop, purpose=AccountPurpose.RECEIVABLE, member=member),
                amount_cents=cents,
            ),
            Line(account=account_for(cooperative=coop, purpose=AccountPurpose.BANK), amount_cents=-cents),
        ],
    )


def test_quarter_end_statement_still_adds_up_after_the_settlement_posts(coop):
    jan, els, _result = settled_quarter(coop)
    march = Statement.objects.get(member=els, period_end=dt.date(2026, 3, 31))
    (data,) = statements_data(statements=[march])
    # The settlement is dated 31 March but was posted after March's statement: not on it.
    assert data.sections["settlement"] == []
    assert march.opening_balance_cents + data.lines_total == march.closing_balance_cents == 6000
    statements_issue_month(cooperative=coop, month=dt.date(2026, 4, 1))
    april = Statement.objects.get(member=els, period_end=dt.date(2026, 4, 30))
    assert april.opening_balance_cents == march.closing_balance_cents
    (data,) = statements_data(statements=[april])
    assert [(line.date, line.amount_cents) for line in data.sections["settlement"]] == [(dt.date(2026, 3, 31), -2000)]
    assert april.closing_balance_cents == april.amount_due_cents == 6000 - 2000
    for member in (jan, els):
        assert_chain(member)


@pytest.mark.parametrize("copy_threshold", [100, 0])  # 0: PostgreSQL writes the lines by COPY
def test_the_settlement_is_explained_per_car_in_plain_dutch(coop, monkeypatch, copy_threshold):
    monkeypatch.setattr("ledger.bulk.COPY_THRESHOLD", copy_threshold)
    jan, els, result = settled_quarter(coop)
    statements_issue_month(cooperative=coop, month=dt.date(2026, 4, 1))
    april = list(Statement.objects.filter(period_start=dt.date(2026, 4, 1)))
    by_member = {data.statement.member_id: data for data in statements_data(statements=april)}
    (els_explained,) = by_member[els.pk].settlements
    assert els_explained.period_label == "2026-Q1"
    assert els_explained.outcome == "Je krijgt € 20,00 terug"
    assert els_explained.adds_up
    rows = [
        (
            r.label.split()[0] if not r.is_pool else "pool",
            r.cost_per_km,
            r.paid_per_km,
            r.km,
            r.minutes,
            r.paid_cents,
            r.share_cents,
            r.difference_cents,
        )
        for r in els_explained.rows
    ]
    assert rows == [
        ("AA-111-A", "€ 0,250", "€ 0,200", 100, 180, 2000, 2500, 500),
        ("BB-222-B", "€ 0,050", "€ 0,200", 200, 300, 4000, 1000, -3000),
        ("pool", "€ 0,017", "-", 300, 480, 0, 500, 500),  # the reserve 10,00 over 600 km
    ]
    (jan_explained,) = by_member[jan.pk].settlements
    assert jan_explained.outcome == "Je betaalt € 20,00 bij"
    assert [r.difference_cents for r in jan_explained.rows] == [1500, 500]
    # The car lines add up to each member's settlement line, and those to the whole.
    lines = list(SettlementLine.objects.filter(settlement=result.settlement))
    for line in lines:
        assert sum(entry[4] for entry in line.cars) == line.difference_cents  # CAR_ENTRY "difference"
    total = sum(line.difference_cents for line in lines)
    assert total == result.cost_cents - result.income_cents + result.reserve_cents


def test_a_late_entry_reaches_the_member_on_the_next_statement(coop):
    treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    member = MemberFactory(cooperative=coop)
    car = VehicleFactory(cooperative=coop)
    make_tariff(coop, per_km="0.25", per_hour="0", monthly_fee="0")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 1, 10), km=40))
    (jan,) = statements_issue_month(cooperative=coop, month=dt.date(2026, 1, 1))
    assert jan.closing_balance_cents == 1000
    # After January's statement: a January claim approved (dated in January) and a late trip.
    claim = expense_submit(member=member, description="Tanken", amount_cents=300, spent_on=dt.date(2026, 1, 20))
    expense_approve(expense=claim, by=treasurer, on=dt.date(2026, 1, 25))
    trip_charge(trip=make_trip(member, car, start=aware(2026, 1, 28), km=8))
    jan.refresh_from_db()
    (data,) = statements_data(statements=[jan])
    assert jan.closing_balance_cents == 1000 and data.lines_total == 1000  # unchanged: a snapshot
    (feb,) = statements_issue_month(cooperative=coop, month=dt.date(2026, 2, 1))
    (data,) = statements_data(statements=[feb])
    assert feb.opening_balance_cents == 1000
    assert [line.amount_cents for line in data.sections["expenses"]] == [-300]
    assert [(line.km, line.amount_cents) for line in data.sections["trips"]] == [(8, 200)]
    assert feb.closing_balance_cents == 1000 - 300 + 200
    assert_chain(member)


def test_each_posting_is_on_one_statement_only(coop, member, car):
    make_tariff(coop, per_km="0.25", per_hour="0", monthly_fee="0")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 1, 10), km=40))
    statements_issue_month(cooperative=coop, month=dt.date(2026, 1, 1))
    line = StatementLine.objects.get()
    (other,) = statements_issue(
        cooperative=coop, period_start=dt.date(2026, 2, 1), period_end=dt.date(2026, 2, 28), members=[member]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementLine.objects.create(
            statement=other, posting=line.posting, kind=line.kind, date=line.date, description="x", amount_cents=1
        )


def test_no_statement_that_would_open_before_the_previous_closed(coop, member, car):
    make_tariff(coop, per_km="0.25", per_hour="0", monthly_fee="0")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 2, 10), km=40))
    assert len(statements_issue_month(cooperative=coop, month=dt.date(2026, 2, 1))) == 1
    # January after February, or the quarter after its months: nothing new to show.
    assert statements_issue_month(cooperative=coop, month=dt.date(2026, 1, 1)) == []
    assert statements_issue(cooperative=coop, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 2, 28)) == []
    assert_chain(member)


def test_a_member_with_a_balance_and_nothing_new_still_gets_a_statement(coop, member, car):
    make_tariff(coop, per_km="0.25", per_hour="0", monthly_fee="0")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 1, 10), km=40))
    statements_issue_month(cooperative=coop, month=dt.date(2026, 1, 1))
    (feb,) = statements_issue_month(cooperative=coop, month=dt.date(2026, 2, 1))
    assert (feb.opening_balance_cents, feb.closing_balance_cents) == (1000, 1000)
    assert not feb.lines.exists()
    receivable_post(member, date=dt.date(2026, 2, 15), cents=-1000, key="paid")
    (mar,) = statements_issue_month(cooperative=coop, month=dt.date(2026, 3, 1))
    assert mar.closing_balance_cents == 0
    assert statements_issue_month(cooperative=coop, month=dt.date(2026, 4, 1)) == []  # quitte: nothing to send


def test_statement_lines_copy_what_the_member_needs(coop, member, car):
    make_tariff(coop, per_km="0.25", per_hour="1.00", monthly_fee="0")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 1, 10), km=40, hours=3))
    statements_issue_month(cooperative=coop, month=dt.date(2026, 1, 1))
    line = StatementLine.objects.get()
    assert (line.kind, line.plate, line.km, line.minutes, line.amount_cents) == (
        StatementLineKind.TRIP,
        car.plate,
        40,
        180,
        1300,
    )


def _books(coop, n):
    car = VehicleFactory(cooperative=coop)
    make_tariff(coop, per_km="0.25", per_hour="0", monthly_fee="0")
    for _ in range(n):
        m = MemberFactory(cooperative=coop)
        trip_charge(trip=make_trip(m, car, start=aware(2026, 1, 10), km=10))
        trip_charge(trip=make_trip(m, car, start=aware(2026, 1, 20), km=12))
        receivable_post(m, date=dt.date(2026, 1, 25), cents=-100, key=f"p{m.pk}")


# The atomic block's savepoint (2), lock the chain, latest statements, new postings, members,
# the year's counter (get; create in a savepoint: 3; lock; save), the statements, their
# lines (on PostgreSQL chosen first, then copied: one more): whatever the number of members
# and lines.
ISSUE_QUERIES = 14


@pytest.mark.parametrize("n", [2, 7])
def test_issuing_takes_a_fixed_number_of_queries(db, django_assert_num_queries, n):
    expected = ISSUE_QUERIES + (1 if connection.vendor == "postgresql" else 0)
    coop = CooperativeFactory()
    _books(coop, n)
    with django_assert_num_queries(expected):
        issued = statements_issue_month(cooperative=coop, month=dt.date(2026, 1, 1))
    assert len(issued) == n
    assert StatementLine.objects.filter(statement__cooperative=coop).count() == 3 * n


@pytest.mark.django_db(transaction=True)
def test_two_statement_runs_at_once_never_raise():
    coop = CooperativeFactory()
    _books(coop, 5)
    barrier = threading.Barrier(2)
    results: list[object] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            outcome: object = [s.pk for s in statements_issue_month(cooperative=coop, month=dt.date(2026, 1, 1))]
        except Exception as exc:  # noqa: BLE001 - any error fails the test below
            outcome = exc
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(len(r) for r in results) == [0, 5]  # one run issued them, the other found them issued
    assert Statement.objects.filter(cooperative=coop).count() == 5
    assert StatementLine.objects.filter(statement__cooperative=coop).count() == 15
    assert sorted(Statement.objects.values_list("number", flat=True)) == [f"2026-{n:04d}" for n in range(1, 6)]


# One step: post an amount on a day of January-June, or issue the next month's statements.
steps = st.lists(
    st.one_of(
        st.tuples(st.just("post"), st.integers(0, 1), st.integers(1, 181), st.integers(-5000, 5000).filter(bool)),
        st.tuples(st.just("issue"), st.just(0), st.just(0), st.just(0)),
    ),
    max_size=14,
)


@pytest.mark.django_db
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_the_chain_always_adds_up_whenever_postings_arrive(steps):
    coop = CooperativeFactory()
    members = [MemberFactory(cooperative=coop) for _ in range(2)]
    month = 1
    for i, (action, who, day, cents) in enumerate(steps):
        if action == "post":
            receivable_post(members[who], date=dt.date(2026, 1, 1) + dt.timedelta(days=day - 1), cents=cents, key=i)
        elif month <= 6:
            statements_issue_month(cooperative=coop, month=dt.date(2026, month, 1))
            month += 1
    statements_issue(cooperative=coop, period_start=dt.date(2026, 7, 1), period_end=dt.date(2026, 7, 31))
    for member in members:
        statements = assert_chain(member)
        balance = sum(
            Posting.objects.filter(account__member=member, account__purpose=AccountPurpose.RECEIVABLE).values_list(
                "amount_cents", flat=True
            )
        )
        # Everything posted is on exactly one statement, and the last one closes at the balance.
        assert (statements[-1].closing_balance_cents if statements else 0) == balance
        on_statements = StatementLine.objects.filter(statement__member=member).count()
        assert on_statements == Posting.objects.filter(account__member=member).count()


def test_statement_page_explains_the_settlement(client, coop, django_assert_max_num_queries):
    jan, els, _result = settled_quarter(coop)
    statements_issue_month(cooperative=coop, month=dt.date(2026, 4, 1))
    april = Statement.objects.get(member=els, period_end=dt.date(2026, 4, 30))
    client.force_login(els.user)
    page_url = reverse("ledger:statement_detail", kwargs={"coop": coop.slug, "pk": april.pk})
    with django_assert_max_num_queries(10):
        response = client.get(page_url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nacalculatie 2026-Q1" in body
    assert "Je krijgt € 20,00 terug" in body
    assert "AA-111-A" in body and "BB-222-B" in body
    assert "€ 0,250" in body and "€ 0,050" in body and "€ 0,200" in body
    assert "Beginsaldo" in body and "€ 60,00" in body and "€ 40,00" in body
    # Another member's statement: refused; another cooperative's: not found.
    jans = Statement.objects.filter(member=jan).first()
    assert client.get(reverse("ledger:statement_detail", kwargs={"coop": coop.slug, "pk": jans.pk})).status_code == 403
    other = MemberFactory()
    client.force_login(other.user)
    assert (
        client.get(
            reverse("ledger:statement_detail", kwargs={"coop": other.cooperative.slug, "pk": april.pk})
        ).status_code
        == 404
    )


def test_my_balance_links_each_statement_to_its_page(client, coop):
    _jan, els, _result = settled_quarter(coop)
    client.force_login(els.user)
    body = client.get(reverse("ledger:my_balance", kwargs={"coop": coop.slug})).content.decode()
    statement = Statement.objects.filter(member=els).first()
    assert reverse("ledger:statement_detail", kwargs={"coop": coop.slug, "pk": statement.pk}) in body


def test_existing_statements_get_their_lines_rebuilt_in_order(coop, member, car):
    """The data migration: statements made before lines existed (balances only) get the
    postings that existed when they were made; each opens at the previous close."""
    migration = importlib.import_module("ledger.migrations.0013_statement_lines")
    make_tariff(coop, per_km="0.25", per_hour="0", monthly_fee="0")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 1, 10), km=40))

    def old_statement(start, end, number, opening, closing):
        return Statement.objects.create(
            cooperative=coop,
            member=member,
            number=number,
            period_start=start,
            period_end=end,
            opening_balance_cents=opening,
            closing_balance_cents=closing,
            amount_due_cents=closing,
            payment_reference=number,
            issued_at=aware(2026, 2, 1),
        )

    jan = old_statement(dt.date(2026, 1, 1), dt.date(2026, 1, 31), "OLD-1", 0, 1000)
    receivable_post(member, date=dt.date(2026, 1, 20), cents=500, key="late")  # after January's statement
    trip_charge(trip=make_trip(member, car, start=aware(2026, 2, 10), km=20))
    # The old code opened February at the balance before 1 February, late entry included.
    feb = old_statement(dt.date(2026, 2, 1), dt.date(2026, 2, 28), "OLD-2", 1500, 2000)
    receivable_post(member, date=dt.date(2026, 2, 25), cents=700, key="later")  # after both
    migration.rebuild_statement_lines(django_apps, types.SimpleNamespace(connection=connection))
    jan.refresh_from_db()
    feb.refresh_from_db()
    assert [line.amount_cents for line in jan.lines.all()] == [1000]
    assert sorted(line.amount_cents for line in feb.lines.all()) == [500, 500]
    assert (feb.opening_balance_cents, feb.closing_balance_cents, feb.amount_due_cents) == (1000, 2000, 2000)
    assert_chain(member)
    # What came after both reaches the next statement.
    (mar,) = statements_issue_month(cooperative=coop, month=dt.date(2026, 3, 1))
    assert (mar.opening_balance_cents, mar.closing_balance_cents) == (2000, 2700)
