"""Every ledger service that takes an actor records it (an append-only LedgerEvent), and
the board sees who recorded each tariff on the tariffs page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from ledger.models import LedgerEvent, LedgerEventKind, Tariff
from ledger.services import (
    car_cost_create,
    expense_approve,
    expense_refuse,
    expense_submit,
    period_close,
    period_resolve,
    period_set_reserve,
    settlement_run,
    tariff_create,
)
from members.models import Role
from tests.factories import MemberFactory


def _events(coop, kind):
    return list(LedgerEvent.objects.filter(cooperative=coop, kind=kind).values_list("by_id", flat=True))


def test_tariff_records_who_set_it_and_the_tariffs_page_shows_it(client, coop, treasurer):
    tariff = tariff_create(
        cooperative=coop,
        valid_from=dt.date(2026, 7, 1),
        per_km=Decimal("0.25"),
        decision_reference="ALV 1 juni 2026",
        created_by=treasurer,
    )
    assert tariff.created_by == treasurer
    event = LedgerEvent.objects.get(kind=LedgerEventKind.TARIFF_CREATED)
    assert (event.cooperative_id, event.tariff, event.by) == (coop.pk, tariff, treasurer)

    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    client.force_login(board.user)
    page = client.get(reverse("ledger:tariffs", kwargs={"coop": coop.slug})).content.decode()
    assert "Vastgelegd door" in page and "Wie legde wat vast" in page
    assert page.count(treasurer.name) >= 2  # in the table and in the history


def test_tariff_form_posts_record_the_treasurer(client, coop, treasurer):
    client.force_login(treasurer.user)
    data = {
        "valid_from": "2026-07-01",
        "per_km": "0,25",
        "per_hour": "0",
        "monthly_fee": "0",
        "decision_reference": "x",
    }
    assert client.post(reverse("ledger:tariffs", kwargs={"coop": coop.slug}), data).status_code == 302
    assert Tariff.objects.get(cooperative=coop).created_by == treasurer
    assert _events(coop, LedgerEventKind.TARIFF_CREATED) == [treasurer.pk]


def test_period_reserve_settlement_and_closing_record_the_treasurer(coop, treasurer):
    period = period_resolve(cooperative=coop, period="2026-Q1")
    period_set_reserve(period=period, amount_cents=15000, decision_reference="ALV punt 3", by=treasurer)
    event = LedgerEvent.objects.get(kind=LedgerEventKind.RESERVE_SET)
    assert event.period == period and event.by == treasurer and "150,00" in event.note
    settlement_run(cooperative=coop, period=period, posted_by=treasurer)
    period_close(period=period, by=treasurer)
    assert _events(coop, LedgerEventKind.SETTLEMENT_POSTED) == [treasurer.pk]
    assert _events(coop, LedgerEventKind.PERIOD_CLOSED) == [treasurer.pk]
    # A second run posts nothing and records nothing.
    settlement_run(cooperative=coop, period=period, posted_by=treasurer)
    assert LedgerEvent.objects.filter(kind=LedgerEventKind.SETTLEMENT_POSTED).count() == 1


def test_claims_and_car_costs_record_who_decided(coop, treasurer, member, car):
    first = expense_submit(member=member, description="Tanken", amount_cents=2500, spent_on=dt.date(2026, 2, 1))
    second = expense_submit(member=member, description="Wassen", amount_cents=900, spent_on=dt.date(2026, 2, 1))
    expense_approve(expense=first, by=treasurer)
    expense_refuse(expense=second, by=treasurer, reason="Geen bon")
    assert _events(coop, LedgerEventKind.EXPENSE_APPROVED) == [treasurer.pk]
    refused = LedgerEvent.objects.get(kind=LedgerEventKind.EXPENSE_REFUSED)
    assert refused.expense == second and refused.note == "Geen bon"
    cost = car_cost_create(
        vehicle=car,
        category="insurance",
        description="Premie",
        amount_cents=12000,
        incurred_on=dt.date(2026, 2, 1),
        created_by=treasurer,
    )
    event = LedgerEvent.objects.get(kind=LedgerEventKind.CAR_COST_CREATED)
    assert event.car_cost == cost and event.by == treasurer
