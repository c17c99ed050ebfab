"""The budget and the tariff proposal made from it: the calculation reproduces the budget to the
cent at the expected use, the ALV's decision sets the tariff linked to it, and every member can
see how their tariff came about."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from governance import services as gov
from governance.models import ProposalKind
from ledger.budgeting import CarBudget, budget_comparison, calculate, tariff_calculation
from ledger.errors import BudgetError
from ledger.models import Budget, BudgetEvent, BudgetEventKind, BudgetLine, BudgetStatus, BudgetUsage, Tariff
from ledger.services import car_cost_create, trip_charge
from ledger.services.budget import budget_car_set, budget_create, budget_decided, budget_propose, budget_update
from ledger.services.tariffs import trip_price_cents
from members.models import Role
from tests.factories import MemberFactory, VehicleFactory

from .factories import aware, make_tariff, make_trip

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(coop):
    return MemberFactory(cooperative=coop, roles=[Role.BOARD])


@pytest.fixture
def last_year(coop, treasurer, car, member):
    """2025 in the books: insurance and maintenance of the car, 600 km in 30 hours."""
    make_tariff(coop, per_km="0.20", per_hour="1.00", monthly_fee="5.00", valid_from=dt.date(2025, 1, 1))
    car_cost_create(
        vehicle=car, category="insurance", description="Premie", amount_cents=80_000, incurred_on=dt.date(2025, 2, 1)
    )
    car_cost_create(
        vehicle=car, category="maintenance", description="Beurt", amount_cents=35_050, incurred_on=dt.date(2025, 6, 3)
    )
    for day in range(10):
        trip_charge(trip=make_trip(member, car, start=aware(2025, 3, 1 + day), km=60, hours=3))


def test_a_budget_starts_from_last_years_books(coop, treasurer, car, last_year):
    budget = budget_create(cooperative=coop, year=2026, by=treasurer)
    lines = dict(BudgetLine.objects.filter(budget=budget, vehicle=car).values_list("category", "amount_cents"))
    assert lines == {"insurance": 80_000, "maintenance": 35_050}
    use = BudgetUsage.objects.get(budget=budget, vehicle=car)
    assert (use.expected_km, use.expected_hours) == (600, 30)
    assert (budget.per_hour, budget.monthly_fee) == (Decimal("1.0000"), Decimal("5.00"))
    assert budget.status == BudgetStatus.DRAFT and budget.valid_from == dt.date(2026, 1, 1)
    assert BudgetEvent.objects.get(budget=budget).kind == BudgetEventKind.CREATED
    with pytest.raises(BudgetError) as err:
        budget_create(cooperative=coop, year=2026, by=treasurer)
    assert err.value.code == "exists"


def test_only_the_treasurer_draws_up_a_budget(coop, member, board):
    for person in (member, board):
        with pytest.raises(BudgetError) as err:
            budget_create(cooperative=coop, year=2027, by=person)
        assert err.value.code == "not_allowed"
    assert not Budget.objects.exists()


def _budget(coop, treasurer, car, *, costs, km, hours=0, reserve=0, per_hour="0", fee="0", members=0):
    budget = budget_create(cooperative=coop, year=2027, by=treasurer)
    budget = budget_update(
        budget=budget,
        by=treasurer,
        reserve_cents=reserve,
        per_hour=Decimal(per_hour),
        day_cap=None,
        monthly_fee=Decimal(fee),
        expected_members=members,
        valid_from=dt.date(2027, 1, 1),
    )
    return budget_car_set(budget=budget, by=treasurer, vehicle=car, costs=costs, expected_km=km, expected_hours=hours)


def test_the_proposed_tariff_reproduces_the_budget_to_the_cent(coop, treasurer, car):
    """24,000.00 of costs + 1,000.00 reserve - fees 40 x 12 x 5.00 - 2,000 h x 1.00 = 20,600.00 over
    100,000 km: 0.2060 per km, and charging those km brings in exactly what the budget needs."""
    budget = _budget(
        coop,
        treasurer,
        car,
        costs={"insurance": 1_400_000, "depreciation": 1_000_000},
        km=100_000,
        hours=2_000,
        reserve=100_000,
        per_hour="1.00",
        fee="5.00",
        members=40,
    )
    calc = tariff_calculation(budget)
    assert calc.to_bring_in_cents == 2_500_000
    assert (calc.fee_income_cents, calc.hour_income_cents) == (240_000, 200_000)
    assert calc.per_km == Decimal("0.2060")
    assert calc.km_income_cents == 2_060_000 and calc.difference_cents == 0
    # The real charging code at the proposed tariff gives the same income for the expected km.
    tariff = Tariff(cooperative=coop, valid_from=dt.date(2027, 1, 1), per_km=calc.per_km, per_hour=Decimal("0"))
    assert trip_price_cents(tariff, km=calc.expected_km, seconds=0) == calc.km_income_cents


@settings(max_examples=60, deadline=None)
@given(
    costs=st.integers(min_value=0, max_value=5_000_000),
    reserve=st.integers(min_value=0, max_value=500_000),
    km=st.integers(min_value=1, max_value=400_000),
    hours=st.integers(min_value=0, max_value=5_000),
)
def test_the_calculation_always_adds_up(costs, reserve, km, hours):
    """Whatever the figures: income + difference = costs + reserve, to the cent, and the difference is
    the rounding of the price per km (at most half a hundredth of a cent per km) unless fees and hours
    alone bring in more."""
    budget = Budget(year=2027, reserve_cents=reserve, per_hour=Decimal("0.50"), monthly_fee=Decimal("2.50"))
    budget.expected_members = 10
    cars = [CarBudget(vehicle_id=1, label="X", costs={"other": costs}, expected_km=km, expected_hours=hours)]
    calc = calculate(budget, cars)
    assert calc.income_cents - calc.difference_cents == costs + reserve
    if calc.balanced:
        # 0.00005 EUR (half the last decimal of the price per km) is 0.005 cent per km, plus the cent rounding.
        assert abs(calc.difference_cents) <= km * 0.005 + 1
    else:
        assert calc.per_km == 0 and calc.km_income_cents == 0


def test_the_alv_adopting_the_proposal_sets_the_tariff_linked_to_its_decision(coop, treasurer, board, car):
    from ledger.services.tariffs import tariff_create

    tariff_create(
        cooperative=coop,
        valid_from=dt.date(2026, 1, 1),
        per_km=Decimal("0.19"),
        per_kwh=Decimal("0.29"),
        decision_reference="ALV 2025, voor DEEL",
    )
    budget = _budget(coop, treasurer, car, costs={"insurance": 1_200_000}, km=60_000, hours=0, fee="0")
    meeting = gov.meeting_create(
        cooperative=coop, by=board, title="ALV", starts_at=timezone.now() + dt.timedelta(days=30), location="Linde"
    )
    item = gov.agenda_item_add(meeting=meeting, title="Begroting en tarieven 2027")
    budget = budget_propose(budget=budget, item=item, by=board)
    proposal = budget.proposal
    assert proposal.kind == ProposalKind.TARIFF and "0,2000" in proposal.text and "60000" in proposal.text
    with pytest.raises(BudgetError) as err:
        budget_car_set(budget=budget, by=treasurer, vehicle=car, costs={"insurance": 1}, expected_km=1)
    assert err.value.code == "not_draft"

    voters = [MemberFactory(cooperative=coop) for _ in range(3)]
    gov.meeting_convene(meeting=meeting, by=board, now=timezone.now())
    meeting.refresh_from_db()
    gov.meeting_chair_designate(meeting=meeting, chair=board, by=board)
    now = meeting.starts_at + dt.timedelta(minutes=10)
    for m in [board, *voters]:
        gov.attendance_register(meeting=meeting, member=m, now=meeting.starts_at)
    ballot = gov.ballot_open(proposal=proposal, by=board, now=now)
    for m in voters:
        gov.vote_cast(ballot=ballot, member=m, choice="for", now=now)
    gov.ballot_close(ballot=ballot, by=board, now=now + dt.timedelta(minutes=5))
    gov.ballot_confirm(ballot=ballot, by=board, now=now + dt.timedelta(minutes=6))

    budget.refresh_from_db()
    assert budget.status == BudgetStatus.ADOPTED
    tariff = budget.tariff
    assert tariff is not None and tariff.decision == budget.decision and tariff.decision.adopted
    assert (tariff.valid_from, tariff.per_km) == (dt.date(2027, 1, 1), Decimal("0.2000"))
    assert tariff.per_kwh == Decimal("0.29")  # what the budget does not set stays as it was
    assert budget_decided(decision=budget.decision) == budget  # a replay sets nothing twice
    assert Tariff.objects.filter(valid_from=dt.date(2027, 1, 1)).count() == 1


def test_budget_against_the_books_so_far(coop, treasurer, car, last_year):
    budget = budget_create(cooperative=coop, year=2026, by=treasurer)
    budget = budget_update(
        budget=budget,
        by=treasurer,
        reserve_cents=0,
        per_hour=Decimal("1"),
        day_cap=None,
        monthly_fee=Decimal("5"),
        expected_members=1,
        valid_from=dt.date(2026, 1, 1),
    )
    car_cost_create(
        vehicle=car, category="insurance", description="Premie", amount_cents=84_000, incurred_on=dt.date(2026, 2, 1)
    )
    comparison = budget_comparison(budget, today=dt.date(2026, 7, 2))
    rows = {label: (planned, actual) for label, planned, actual in comparison.rows}
    assert rows["Verzekering"] == (80_000, 84_000)
    assert rows["Onderhoud"] == (35_050, 0)
    assert comparison.elapsed_percent == 50  # 183 of 365 days
    assert comparison.budget_cents == 115_050 and comparison.actual_cents == 84_000
    assert comparison.ahead  # 73 % spent at half the year


def test_members_see_a_proposed_budget_not_a_draft(client, coop, treasurer, member, car):
    budget = _budget(coop, treasurer, car, costs={"insurance": 100_000}, km=10_000)
    url = reverse("ledger:budget", kwargs={"coop": coop.slug, "year": budget.year})
    client.force_login(member.user)
    assert client.get(url).status_code == 403
    Budget.objects.filter(pk=budget.pk).update(status=BudgetStatus.PROPOSED)
    html = client.get(url).content.decode()
    assert "0,1000" in html and car.plate in html
    client.force_login(treasurer.user)
    assert client.get(url).status_code == 200


def test_another_cooperatives_budget_answers_404(client, coop, treasurer, car):
    from tests.factories import CooperativeFactory

    budget = _budget(coop, treasurer, car, costs={"insurance": 100_000}, km=10_000)
    other = CooperativeFactory()
    outsider = MemberFactory(cooperative=other, roles=[Role.TREASURER])
    client.force_login(outsider.user)
    assert client.get(reverse("ledger:budget", kwargs={"coop": other.slug, "year": budget.year})).status_code == 404


def test_the_budget_page_query_count(client, coop, treasurer, car, django_assert_max_num_queries):
    budget = _budget(coop, treasurer, car, costs={"insurance": 100_000, "road_tax": 40_000}, km=10_000)
    for i in range(5):
        extra = VehicleFactory(cooperative=coop)
        budget_car_set(budget=budget, by=treasurer, vehicle=extra, costs={"insurance": 50_000 + i}, expected_km=5_000)
    client.force_login(treasurer.user)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("ledger:budget", kwargs={"coop": coop.slug, "year": budget.year}))
    assert response.status_code == 200


def test_the_database_keeps_one_line_per_car_and_category(coop, treasurer, car):
    from django.db import IntegrityError, transaction

    budget = _budget(coop, treasurer, car, costs={"insurance": 100_000}, km=10_000)
    budget = budget_car_set(budget=budget, by=treasurer, vehicle=None, costs={"other": 5_000})
    for vehicle in (car, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            category = "insurance" if vehicle else "other"
            BudgetLine.objects.create(budget=budget, vehicle=vehicle, category=category, amount_cents=1)
