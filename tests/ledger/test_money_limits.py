"""Money input: each kind of amount has an upper limit with a Dutch message; a negative day
cap is refused by the form, the service and the database; no constraint name ever shows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from deel.money import MAX_CENTS, limit_message
from ledger.errors import TariffAmountRefused
from ledger.forms import CarCostForm, ExpenseForm, ReserveForm, TariffForm
from ledger.models import Tariff
from ledger.services import tariff_create
from reservations.forms import ReceiptForm
from vehicles.forms import ContributionForm
from vehicles.models import Vehicle

from .factories import make_tariff

TARIFF = {
    "valid_from": "2026-07-01",
    "vehicle_class": "",
    "per_km": "0,2350",
    "per_hour": "1,50",
    "day_cap": "25,00",
    "monthly_fee": "5",
    "decision_reference": "ALV 1 juni 2026",
}


def _errors(form):
    form.is_valid()
    return form.errors


def _no_constraint_name(errors):
    text = str(errors)
    assert "constraint" not in text.lower() and "tariff_" not in text


@pytest.mark.parametrize(
    ("field", "too_much", "fine"),
    [
        ("per_km", "10,0001", "10"),
        ("per_hour", "100,01", "100"),
        ("day_cap", "1.000,01", "1000"),
        ("monthly_fee", "500,01", "500"),
    ],
)
def test_tariff_amounts_have_a_limit(coop, field, too_much, fine):
    errors = _errors(TariffForm(data={**TARIFF, field: too_much}, cooperative=coop))
    assert errors[field] == [limit_message(field, MAX_CENTS[field] + 1)]
    _no_constraint_name(errors)
    assert field not in _errors(TariffForm(data={**TARIFF, field: fine}, cooperative=coop))


def test_a_negative_day_cap_is_refused_by_the_form_in_dutch(coop):
    errors = _errors(TariffForm(data={**TARIFF, "day_cap": "-5"}, cooperative=coop))
    assert errors["day_cap"] == ["Het bedrag kan niet negatief zijn."]
    _no_constraint_name(errors)


def test_a_negative_day_cap_is_refused_by_the_service(coop):
    with pytest.raises(TariffAmountRefused) as err:
        tariff_create(
            cooperative=coop,
            valid_from=dt.date(2026, 7, 1),
            per_km=Decimal("0.25"),
            day_cap=Decimal("-1"),
            decision_reference="ALV",
        )
    assert err.value.field == "day_cap"
    with pytest.raises(TariffAmountRefused) as err:
        tariff_create(cooperative=coop, valid_from=dt.date(2026, 7, 1), per_km=Decimal("25"), decision_reference="ALV")
    assert err.value.field == "per_km"
    assert not Tariff.objects.exists()


def test_a_negative_day_cap_is_refused_by_the_database(coop):
    tariff = make_tariff(coop, day_cap="20")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tariff.objects.filter(pk=tariff.pk).update(day_cap=Decimal("-1"))
    tariff.refresh_from_db()
    assert tariff.day_cap == Decimal("20")


def test_the_model_check_speaks_dutch(coop):
    tariff = Tariff(cooperative=coop, valid_from=dt.date(2026, 1, 1), per_km=Decimal("0.2"), day_cap=Decimal("-1"))
    with pytest.raises(ValidationError) as err:
        tariff.validate_constraints()
    assert err.value.messages == ["Een tarief kan niet negatief zijn."]


def test_the_tariff_page_shows_the_limit_not_a_constraint(client, coop, treasurer):
    client.force_login(treasurer.user)
    url = reverse("ledger:tariffs", kwargs={"coop": coop.slug})
    response = client.post(url, {**TARIFF, "day_cap": "-1"})
    page = response.content.decode()
    assert response.status_code == 200 and "Het bedrag kan niet negatief zijn." in page
    assert "tariff_day_cap_nonnegative" not in page
    response = client.post(url, {**TARIFF, "monthly_fee": "5.000"})  # five thousand euros a month
    assert "het maximum hier" in response.content.decode()
    assert not Tariff.objects.exists()


def test_an_expense_claim_has_a_limit(coop):
    data = {"description": "Tanken", "spent_on": "2026-03-01", "category": "fuel"}
    assert _errors(ExpenseForm(data={**data, "amount": "10.000,01"}, cooperative=coop))["amount"] == [
        limit_message("expense", MAX_CENTS["expense"] + 1)
    ]
    form = ExpenseForm(data={**data, "amount": "1.000"}, cooperative=coop)
    assert form.is_valid() and form.cleaned_data["amount"] == 100_000  # '1.000' is a thousand euros


def test_a_receipt_has_the_expense_limit(db):
    errors = _errors(ReceiptForm(data={"kind": "fuel", "amount": "10.000,01", "paid_on": "2026-03-01"}))
    assert errors["amount"] == [limit_message("expense", MAX_CENTS["expense"] + 1)]


def test_a_car_cost_has_a_limit_both_ways(coop, car):
    data = {"vehicle": car.pk, "category": "repair", "description": "x", "incurred_on": "2026-03-01"}
    data["spread_months"] = "1"
    vehicles = Vehicle.objects.filter(cooperative=coop)
    for amount in ("100.000,01", "-100.000,01"):
        errors = _errors(CarCostForm(data={**data, "amount": amount}, cooperative=coop, vehicles=vehicles))
        assert errors["amount"] == [limit_message("car_cost", MAX_CENTS["car_cost"] + 1)]
    # A negative cost is a correction: it needs its reason (four eyes, issue 11).
    form = CarCostForm(
        data={**data, "amount": "-100.000", "correction_reason": "creditnota garage"},
        cooperative=coop,
        vehicles=vehicles,
    )
    assert form.is_valid(), form.errors


def test_a_reserve_has_a_limit(db):
    errors = _errors(ReserveForm(data={"amount": "100.000,01", "decision_reference": "ALV"}))
    assert errors["amount"] == [limit_message("reserve", MAX_CENTS["reserve"] + 1)]
    assert ReserveForm(data={"amount": "-2.500", "decision_reference": "ALV"}).is_valid()


def test_a_contributed_value_has_a_limit(coop, member):
    data = {"member": member.pk, "contributed_on": "2026-01-01", "depreciation_months": "60", "kind": "capital"}
    errors = _errors(ContributionForm(data={**data, "agreed_value": "250.000,01"}, cooperative=coop))
    assert errors["agreed_value"] == [limit_message("contributed_value", MAX_CENTS["contributed_value"] + 1)]
    form = ContributionForm(data={**data, "agreed_value": "8.500"}, cooperative=coop)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["agreed_value"] == 850_000
