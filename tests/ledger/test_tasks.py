"""Monthly jobs: fees once per member and month, depreciation to the contributor."""

import datetime as dt

from django.utils import timezone

from ledger.models import AccountPurpose, Posting, Statement
from ledger.selectors import member_balance_cents
from ledger.services import account_for, depreciation_post_month, fees_charge_month
from ledger.tasks import monthly_books
from vehicles.models import ContributionKind, VehicleContribution

from .factories import aware, make_tariff


def test_fees_are_charged_once_per_member_and_month(coop, member):
    member.admitted_at = aware(2025, 1, 1)
    member.save()
    make_tariff(coop, valid_from=dt.date(2025, 1, 1), monthly_fee="4.99")
    assert fees_charge_month(cooperative=coop, month=dt.date(2026, 3, 15)) == 1
    assert fees_charge_month(cooperative=coop, month=dt.date(2026, 3, 1)) == 0
    assert member_balance_cents(member=member) == 499


def test_depreciation_is_credited_to_the_contributor(coop, member, car):
    VehicleContribution.objects.create(
        vehicle=car,
        member=member,
        contributed_on=dt.date(2026, 1, 20),
        agreed_value_cents=1_000_001,
        residual_value_cents=1,
        depreciation_months=48,
        kind=ContributionKind.LOAN,
    )
    total = 0
    for m in range(1, 13):
        total += depreciation_post_month(cooperative=coop, month=dt.date(2026, m, 1))
        depreciation_post_month(cooperative=coop, month=dt.date(2026, m, 1))
    assert total == 12
    loan = account_for(cooperative=coop, purpose=AccountPurpose.MEMBER_LOAN, member=member)
    credited = -sum(Posting.objects.filter(account=loan).values_list("amount_cents", flat=True))
    assert credited in (12 * 20833, 12 * 20834) or 12 * 20833 <= credited <= 12 * 20834
    assert depreciation_post_month(cooperative=coop, month=dt.date(2030, 1, 1)) == 0  # after 48 months


def test_monthly_task_is_idempotent(coop, member):
    member.admitted_at = aware(2020, 1, 1)
    member.save()
    make_tariff(coop, valid_from=dt.date(2020, 1, 1), monthly_fee="5")
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    fees_charge_month(cooperative=coop, month=last_month)
    first = monthly_books()
    second = monthly_books()
    assert first["fees"] >= 1 and second["fees"] == 0
    assert member_balance_cents(member=member) == 1000
    # Last month's statements: one per member with a balance, issued once.
    assert first["statements"] == 1 and second["statements"] == 0
    statement = Statement.objects.get(member=member)
    assert statement.closing_balance_cents == 500
    assert (statement.period_start, statement.period_end) == (last_month.replace(day=1), last_month)
    assert timezone.localdate()  # the task books the current month
