"""A period moves open -> settled -> closed; late entries and jobs go to the next open
period; closing re-checks result == reserve; the reserve is credited to its account;
`settle --period` takes only the cooperative's own kind; a contributed car's corrected
value still depreciates to exactly that value."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ledger.errors import PeriodError, SettlementError
from ledger.models import AccountPurpose, Period, PeriodStatus, Posting, Settlement, Transaction
from ledger.selectors import period_result_cents
from ledger.services import (
    Line,
    account_for,
    car_cost_create,
    depreciation_post_month,
    expense_approve,
    expense_submit,
    fees_charge_month,
    period_close,
    period_resolve,
    period_set_reserve,
    settlement_run,
    transaction_post,
    trip_charge,
)
from members.models import SettlementPeriod
from tests.factories import MemberFactory
from vehicles.models import VehicleContribution
from vehicles.services import contribution_set

from .factories import aware, make_tariff, make_trip


@pytest.fixture
def settled_q1(coop, treasurer, member, car):
    """2026-Q1: one driver, one car cost, a reserve of 10,00 decided; settled."""
    member.admitted_at = aware(2025, 1, 1)
    member.save()
    make_tariff(coop, per_km="0.25", per_hour="0", monthly_fee="2.00")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 2, 3), km=100))
    car_cost_create(
        vehicle=car, category="insurance", description="Premie", amount_cents=5000, incurred_on=dt.date(2026, 2, 1)
    )
    period = period_resolve(cooperative=coop, period="2026-Q1")
    period_set_reserve(period=period, amount_cents=1000, decision_reference="ALV 1 maart 2026", by=treasurer)
    settlement_run(cooperative=coop, period=period, posted_by=treasurer)
    period.refresh_from_db()
    return period


def _bank_line(coop, member, date, key="bank:1", cents=2500):
    """What the bank import posts for a member's transfer."""
    return transaction_post(
        cooperative=coop,
        date=date,
        description="Overboeking",
        source_key=key,
        lines=[
            Line(account=account_for(cooperative=coop, purpose=AccountPurpose.BANK), amount_cents=cents),
            Line(
                account=account_for(cooperative=coop, purpose=AccountPurpose.RECEIVABLE, member=member),
                amount_cents=-cents,
            ),
        ],
    )[0]


def test_settling_marks_the_period_settled_and_credits_the_reserve(coop, settled_q1):
    assert settled_q1.status == PeriodStatus.SETTLED
    # The appropriation is equity to equity: the period's result still reads as the reserve.
    assert period_result_cents(period=settled_q1) == 1000
    reserve = account_for(cooperative=coop, purpose=AccountPurpose.RESERVE)
    result = account_for(cooperative=coop, purpose=AccountPurpose.RESULT)
    assert sum(Posting.objects.filter(account=reserve).values_list("amount_cents", flat=True)) == -1000
    assert sum(Posting.objects.filter(account=result).values_list("amount_cents", flat=True)) == 1000
    appropriation = Transaction.objects.get(source_key="reserve:2026-Q1")
    assert appropriation.period_id == settled_q1.pk and appropriation.date == dt.date(2026, 3, 31)


def test_no_reserve_decided_posts_no_appropriation(coop, treasurer, member, car):
    make_tariff(coop, per_km="0.25", per_hour="0", monthly_fee="0")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 2, 3), km=100))
    settlement_run(cooperative=coop, period="2026-Q1", posted_by=treasurer)
    assert not Transaction.objects.filter(source_key="reserve:2026-Q1").exists()
    assert Period.objects.get(cooperative=coop, label="2026-Q1").status == PeriodStatus.SETTLED


@pytest.mark.parametrize("close", [False, True])
def test_a_late_bank_line_goes_to_the_next_open_period_with_its_real_date(coop, treasurer, member, settled_q1, close):
    if close:
        period_close(period=settled_q1, by=treasurer)
    txn = _bank_line(coop, member, dt.date(2026, 3, 20))
    assert txn.period.label == "2026-Q2" and txn.period.status == PeriodStatus.OPEN
    assert txn.date == dt.date(2026, 3, 20)
    assert "laat geboekt in 2026-Q2" in txn.description
    assert period_result_cents(period=settled_q1) == 1000


def test_an_entry_dated_in_the_open_period_has_no_note(coop, member, settled_q1):
    txn = _bank_line(coop, member, dt.date(2026, 4, 2))
    assert txn.period.label == "2026-Q2" and txn.description == "Overboeking"


def test_late_entries_skip_every_settled_period(coop, treasurer, member, settled_q1):
    q2 = period_resolve(cooperative=coop, period="2026-Q2")
    settlement_run(cooperative=coop, period=q2, posted_by=treasurer)  # nothing happened: settled empty
    assert Period.objects.get(pk=q2.pk).status == PeriodStatus.SETTLED
    txn = _bank_line(coop, member, dt.date(2026, 2, 20))
    assert txn.period.label == "2026-Q3"


def test_monthly_jobs_after_settling_go_to_the_next_open_period(coop, member, car, settled_q1):
    VehicleContribution.objects.create(
        vehicle=car,
        member=member,
        contributed_on=dt.date(2026, 1, 1),
        agreed_value_cents=120_000,
        depreciation_months=12,
    )
    # The job for March ran late, after Q1 was settled: it fails no more, it lands in Q2.
    assert depreciation_post_month(cooperative=coop, month=dt.date(2026, 3, 1)) == 1
    assert fees_charge_month(cooperative=coop, month=dt.date(2026, 3, 1)) == 1
    for key in (f"depr:{car.pk}:2026-03", f"fee:{member.pk}:2026-03"):
        txn = Transaction.objects.get(source_key=key)
        assert txn.period.label == "2026-Q2" and txn.date.month == 3
    assert period_result_cents(period=settled_q1) == 1000


def test_a_trip_charged_late_is_settled_in_an_open_period_and_says_so(coop, member, car, settled_q1):
    trip = make_trip(member, car, start=aware(2026, 3, 30), km=40)
    charge = trip_charge(trip=trip)
    txn = charge.transaction
    assert txn.period.status == PeriodStatus.OPEN and txn.period_id != settled_q1.pk
    assert charge.date >= txn.period.starts_on  # the open period's settlement counts it
    assert "laat geboekt" in txn.description and "30-03-2026" in txn.description
    assert period_result_cents(period=settled_q1) == 1000


def test_an_expense_approved_late_lands_in_an_open_period(coop, treasurer, member, settled_q1):
    claim = expense_submit(member=member, description="Tanken", amount_cents=4000, spent_on=dt.date(2026, 3, 5))
    approved = expense_approve(expense=claim, by=treasurer, on=dt.date(2026, 3, 6))
    assert approved.transaction.period.status == PeriodStatus.OPEN
    assert approved.transaction.period_id != settled_q1.pk


def test_closing_a_settled_period(coop, treasurer, settled_q1):
    closed = period_close(period=settled_q1, by=treasurer)
    assert closed.status == PeriodStatus.CLOSED and closed.closed_by == treasurer


def test_closing_refuses_a_result_that_is_no_longer_the_reserve(coop, treasurer, settled_q1):
    # The books of the period say 10,00 was kept; pretend the ALV decided otherwise.
    Settlement.objects.filter(period=settled_q1).update(reserve_cents=999)
    with pytest.raises(PeriodError):
        period_close(period=settled_q1, by=treasurer)
    assert Period.objects.get(pk=settled_q1.pk).status == PeriodStatus.SETTLED
    Settlement.objects.filter(period=settled_q1).update(reserve_cents=1000)
    assert period_close(period=settled_q1, by=treasurer).status == PeriodStatus.CLOSED


def test_settle_refuses_a_period_of_another_kind(coop, settled_q1):
    assert coop.settlement_period == SettlementPeriod.QUARTER
    with pytest.raises(CommandError, match="rekent af per kwartaal"):
        call_command("settle", "--coop", coop.slug, "--period", "2026-07", "--simulate")
    with pytest.raises(SettlementError):
        period_resolve(cooperative=coop, period="2026")
    assert not Period.objects.filter(cooperative=coop, label__in=["2026-07", "2026"]).exists()
    call_command("settle", "--coop", coop.slug, "--period", "2026-Q1", "--simulate")  # its own kind


def test_a_month_cooperative_settles_months(coop):
    coop.settlement_period = SettlementPeriod.MONTH
    coop.save()
    call_command("settle", "--coop", coop.slug, "--period", "2026-07", "--simulate")
    with pytest.raises(CommandError, match="rekent af per maand"):
        call_command("settle", "--coop", coop.slug, "--period", "2026-Q3", "--simulate")


def test_a_corrected_contribution_still_depreciates_to_its_value_exactly(coop, treasurer, car):
    owner = MemberFactory(cooperative=coop)
    contribution_set(
        vehicle=car,
        member=owner,
        contributed_on=dt.date(2026, 1, 1),
        agreed_value_cents=1_200_000,
        depreciation_months=24,
        by=treasurer,
    )
    months = [dt.date(2026 + (m // 12), m % 12 + 1, 1) for m in range(24)]
    for month in months[:4]:
        depreciation_post_month(cooperative=coop, month=month)
    cost = account_for(cooperative=coop, purpose=AccountPurpose.CAR_COST, vehicle=car, category="depreciation")

    def posted():
        return sum(Posting.objects.filter(account=cost).values_list("amount_cents", flat=True))

    assert posted() == 4 * 50_000
    # In month 5 the value is corrected: 9.000,01 instead of 12.000,00.
    contribution_set(
        vehicle=car,
        member=owner,
        contributed_on=dt.date(2026, 1, 1),
        agreed_value_cents=900_001,
        depreciation_months=24,
        by=treasurer,
    )
    for month in months[4:]:
        depreciation_post_month(cooperative=coop, month=month)
    assert posted() == 900_001  # the new value, to the cent
    may = Posting.objects.get(account=cost, transaction__source_key=f"depr:{car.pk}:2026-05").amount_cents
    assert may == 5 * 37_500 - 4 * 50_000 + 1  # five months at the new rate, less what was posted
    june = Posting.objects.get(account=cost, transaction__source_key=f"depr:{car.pk}:2026-06").amount_cents
    assert june == 37_500
    assert depreciation_post_month(cooperative=coop, month=dt.date(2028, 1, 1)) == 0  # the term is over
