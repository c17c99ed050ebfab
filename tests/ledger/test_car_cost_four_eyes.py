"""Four eyes on car costs that move money to or from a member: "paid by member" is an
expense claim another person decides; a negative cost is a correction with a reason, by
the treasurer only."""

import datetime as dt

import pytest
from django.urls import reverse

from ledger.errors import CarCostCorrectionError, ExpenseError
from ledger.models import AccountPurpose, CarCost, Expense, ExpenseStatus, LedgerEvent, Posting, Transaction
from ledger.selectors import member_balance_cents
from ledger.services import car_cost_create, expense_approve, expense_refuse
from members.models import Role
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 2, 3)


@pytest.fixture
def caretaker(coop, car):
    person = MemberFactory(cooperative=coop, roles=[Role.CARETAKER])
    car.caretaker = person
    car.save()
    return person


@pytest.fixture
def board(coop):
    return MemberFactory(cooperative=coop, roles=[Role.BOARD])


def _cost(car, by, *, paid_by=None, amount=12000, **extra):
    return car_cost_create(
        vehicle=car,
        category="repair",
        description="Ruit vervangen",
        amount_cents=amount,
        incurred_on=DAY,
        paid_by_member=paid_by,
        created_by=by,
        **extra,
    )


def _car_cost_total(car):
    return sum(
        Posting.objects.filter(account__purpose=AccountPurpose.CAR_COST, vehicle=car).values_list(
            "amount_cents", flat=True
        )
    )


def test_caretaker_paying_a_cost_is_not_credited_until_the_treasurer_approves(client, coop, car, caretaker, treasurer):
    client.force_login(caretaker.user)
    data = {
        "vehicle": car.pk,
        "category": "repair",
        "description": "Ruit vervangen",
        "amount": "120",
        "incurred_on": DAY.isoformat(),
        "spread_months": "1",
        "paid_by_member": caretaker.pk,
    }
    client.post(reverse("ledger:car_costs", kwargs={"coop": coop.slug}), data, follow=True)
    assert CarCost.objects.filter(vehicle=car).count() == 1
    assert member_balance_cents(member=caretaker) == 0  # not credited at once
    assert not Transaction.objects.exists()
    claim = Expense.objects.get(member=caretaker)
    assert claim.is_submitted and claim.amount_cents == 12000 and claim.car_cost.vehicle == car

    with pytest.raises(ExpenseError):
        expense_approve(expense=claim, by=caretaker)
    assert member_balance_cents(member=caretaker) == 0

    expense_approve(expense=claim, by=treasurer)
    assert member_balance_cents(member=caretaker) == -12000  # the cooperative owes them
    assert _car_cost_total(car) == 12000


def test_the_claim_is_in_the_treasurers_queue(client, coop, car, caretaker, treasurer):
    _cost(car, caretaker, paid_by=caretaker)
    client.force_login(treasurer.user)
    body = client.get(reverse("ledger:expenses", kwargs={"coop": coop.slug})).content.decode()
    assert "Ruit vervangen" in body and 'value="approve"' in body


def test_who_entered_the_cost_does_not_decide_it(coop, car, treasurer, board, member):
    claim = _cost(car, treasurer, paid_by=member).claim
    with pytest.raises(ExpenseError):
        expense_approve(expense=claim, by=treasurer)
    expense_approve(expense=claim, by=board)  # the board decides what the treasurer entered
    assert member_balance_cents(member=member) == -12000


def test_a_refused_claim_posts_nothing(coop, car, caretaker, treasurer):
    claim = _cost(car, caretaker, paid_by=caretaker).claim
    claim = expense_refuse(expense=claim, by=treasurer, reason="Geen bon")
    assert claim.status == ExpenseStatus.REFUSED
    assert not Transaction.objects.exists() and member_balance_cents(member=caretaker) == 0


def test_a_spread_cost_paid_by_a_member_is_posted_in_parts_once_approved(coop, car, member, treasurer):
    cost = _cost(car, None, paid_by=member, amount=1200, spread_months=3)
    assert not Transaction.objects.exists()
    expense_approve(expense=cost.claim, by=treasurer)
    assert member_balance_cents(member=member) == -1200
    assert Transaction.objects.filter(source_key__startswith=f"carcost:{cost.pk}").count() == 4
    assert _car_cost_total(car) == 1200


def test_a_cost_paid_from_the_bank_is_posted_at_once(coop, car, caretaker):
    _cost(car, caretaker)
    assert _car_cost_total(car) == 12000 and not Expense.objects.exists()


def test_a_caretaker_cannot_enter_a_negative_cost(coop, car, caretaker):
    with pytest.raises(CarCostCorrectionError):
        _cost(car, caretaker, amount=-5000, correction_reason="Korting garage")
    with pytest.raises(CarCostCorrectionError):
        _cost(car, caretaker, paid_by=caretaker, amount=-5000, correction_reason="Korting garage")
    assert not CarCost.objects.exists() and not Expense.objects.exists() and not Transaction.objects.exists()


def test_a_negative_cost_is_a_treasurers_correction_with_a_reason(coop, car, treasurer):
    with pytest.raises(CarCostCorrectionError):
        _cost(car, treasurer, amount=-5000)
    assert not CarCost.objects.exists()
    cost = _cost(car, treasurer, amount=-5000, correction_reason="Korting garage na klacht")
    assert cost.correction_reason == "Korting garage na klacht"
    assert _car_cost_total(car) == -5000
    event = LedgerEvent.objects.get(car_cost=cost)
    assert event.note == "Korting garage na klacht" and event.by == treasurer


def test_a_negative_cost_charged_to_a_member_is_decided_by_someone_else(coop, car, treasurer, board, member):
    cost = _cost(car, treasurer, paid_by=member, amount=-5000, correction_reason="Dubbel gedeclareerd")
    assert member_balance_cents(member=member) == 0
    with pytest.raises(ExpenseError):
        expense_approve(expense=cost.claim, by=treasurer)
    expense_approve(expense=cost.claim, by=board)
    assert member_balance_cents(member=member) == 5000  # the member owes it back


def test_the_form_asks_a_reason_for_a_negative_amount(client, coop, car, treasurer):
    client.force_login(treasurer.user)
    data = {
        "vehicle": car.pk,
        "category": "repair",
        "description": "Correctie",
        "amount": "-50",
        "incurred_on": DAY.isoformat(),
        "spread_months": "1",
    }
    response = client.post(reverse("ledger:car_costs", kwargs={"coop": coop.slug}), data)
    assert response.status_code == 200 and not CarCost.objects.exists()
    client.post(reverse("ledger:car_costs", kwargs={"coop": coop.slug}), {**data, "correction_reason": "Korting"})
    assert CarCost.objects.get().correction_reason == "Korting"
