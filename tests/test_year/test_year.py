"""A cooperative's year through the real services and periodic jobs (issue 10, "Must show").

The year runs once (conftest.py, year.py); each test asserts that one check never failed in
any month. Each check once failed on a seam issue 10 names; none may fail now.
"""

import pytest

from .year import CHECKS

# The module fixture opens its own transaction; the mark makes pytest-django set up the database.
pytestmark = pytest.mark.django_db


def _assert_never_failed(year, name: str) -> None:
    failures = year.failures.get(name, [])
    assert not failures, f"{name} failed {len(failures)} time(s):\n" + "\n".join(failures[:6])


def test_every_step_of_the_year_runs(year):
    _assert_never_failed(year, "steps")


def test_statements_add_up_and_chain(year):
    _assert_never_failed(year, "statements_chain")


def test_settlement_reaches_members_on_a_statement(year):
    _assert_never_failed(year, "settlements_on_statements")


def test_trial_balance_is_zero_every_month(year):
    _assert_never_failed(year, "trial_balance_zero")


def test_every_collected_euro_is_booked_once(year):
    _assert_never_failed(year, "collections_booked_once")


def test_period_result_equals_reserve_after_settlement(year):
    _assert_never_failed(year, "result_equals_reserve")


def test_reserve_account_holds_the_decided_reserves(year):
    _assert_never_failed(year, "reserve_account")


def test_member_balance_is_owed_minus_what_the_bank_saw(year):
    _assert_never_failed(year, "member_balances")


def test_trips_charged_at_the_tariff_in_force(year):
    _assert_never_failed(year, "trips_charged")


def test_four_quarters_settled_and_closed(year):
    _assert_never_failed(year, "quarters_settled_and_closed")


def test_the_year_did_what_it_says(year):
    """The simulation itself: enough happened for the checks to mean something. (Its time is
    printed by the fixture: a figure to watch, not a timed assertion.)"""
    counts = year.counts
    assert counts["trips"] >= 60
    assert counts["settlements"] == 4
    assert counts["batches"] >= 10  # a month where every mandate holder is in credit collects nothing
    assert counts["returns"] == 1
    assert counts["transfers"] >= 6
    assert counts["files_ing_mt940"] and counts["files_rabobank_camt"] and counts["files_abnamro_camt"]


def test_checks_cover_every_name():
    assert set(CHECKS) == {
        "steps",
        "statements_chain",
        "settlements_on_statements",
        "trial_balance_zero",
        "collections_booked_once",
        "result_equals_reserve",
        "reserve_account",
        "member_balances",
        "trips_charged",
        "quarters_settled_and_closed",
    }
