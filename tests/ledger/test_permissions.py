"""The books' state rules (ledger/permissions.py), the ones services and views share."""

from __future__ import annotations

import datetime as dt

from ledger import permissions as perms
from ledger.models import Period, PeriodStatus, Settlement

TODAY = dt.date(2026, 5, 10)


def _period(coop, label, starts_on, ends_on, **kw):
    return Period.objects.create(cooperative=coop, label=label, starts_on=starts_on, ends_on=ends_on, **kw)


def test_period_state_rules(coop, treasurer):
    running = _period(coop, "2026-Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    ended = _period(coop, "2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    closed = _period(coop, "2025-Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31), status=PeriodStatus.CLOSED)
    settled = _period(coop, "2025-Q3", dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    Settlement.objects.create(
        cooperative=coop,
        period=settled,
        cost_cents=0,
        income_cents=0,
        reserve_cents=0,
        key="km",
        scope="car",
        posted_at="2025-10-02T10:00:00Z",
    )
    settled = Period.objects.get(pk=settled.pk)
    table = {
        p.label: (
            perms.can_set_reserve(p),
            perms.can_post_settlement(p, today=TODAY),
            perms.can_close_period(p, today=TODAY),
            p.is_closed,
        )
        for p in (running, ended, closed, settled)
    }
    assert table == {
        "2026-Q2": (True, False, False, False),  # running: reserve yes, posting and closing not yet
        "2026-Q1": (True, True, True, False),
        "2025-Q4": (False, False, False, True),
        "2025-Q3": (False, False, True, False),  # settled: reserve fixed, can be closed
    }


def test_statements_wait_for_the_end_of_the_window():
    assert perms.can_issue_statements_for(dt.date(2026, 4, 30), today=TODAY)
    assert not perms.can_issue_statements_for(dt.date(2026, 5, 31), today=TODAY)
    assert not perms.can_issue_statements_for(TODAY, today=TODAY)


def test_an_expense_is_decided_once_and_never_by_its_claimant(coop, treasurer, member):
    from ledger.services import expense_submit

    claim = expense_submit(member=member, description="Tanken", amount_cents=100, spent_on=dt.date(2026, 2, 1))
    assert perms.may_decide_expense(claim, treasurer, claimant_is_treasurer=False)
    assert not perms.may_decide_expense(claim, member, claimant_is_treasurer=False)
    claim.status = "approved"
    assert not perms.may_decide_expense(claim, treasurer, claimant_is_treasurer=False)
