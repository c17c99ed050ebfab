"""The books' database guards: postings immutable, closed periods, balanced transactions."""

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from ledger.errors import PeriodClosed, UnbalancedTransaction
from ledger.models import AccountPurpose, Period, PeriodStatus, Posting, Transaction
from ledger.services import Line, account_for, period_for_date, transaction_post, transaction_reverse


def _post(coop, member, cents=1000, date=dt.date(2026, 2, 3), key="t1"):
    receivable = account_for(cooperative=coop, purpose=AccountPurpose.RECEIVABLE, member=member)
    income = account_for(cooperative=coop, purpose=AccountPurpose.USAGE_INCOME)
    txn, _ = transaction_post(
        cooperative=coop,
        date=date,
        description="test",
        source_key=key,
        lines=[Line(account=receivable, amount_cents=cents), Line(account=income, amount_cents=-cents)],
    )
    return txn


def test_posting_update_is_refused_by_the_database(coop, member):
    txn = _post(coop, member)
    posting = txn.postings.first()
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        Posting.objects.filter(pk=posting.pk).update(amount_cents=5)
    posting.refresh_from_db()
    assert posting.amount_cents in (1000, -1000)


def test_posting_delete_is_refused_by_the_database(coop, member):
    txn = _post(coop, member)
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_posting WHERE transaction_id = %s", [txn.pk])
    assert txn.postings.count() == 2


def test_correction_is_a_reversal(coop, member):
    txn = _post(coop, member)
    rev, created = transaction_reverse(original=txn, date=dt.date(2026, 2, 4), description="corr", source_key="r1")
    assert created
    assert sum(Posting.objects.values_list("amount_cents", flat=True)) == 0
    assert Posting.objects.filter(account__member=member).count() == 2
    assert sum(Posting.objects.filter(account__member=member).values_list("amount_cents", flat=True)) == 0


def test_same_source_posts_once(coop, member):
    _post(coop, member)
    _post(coop, member)
    assert Transaction.objects.count() == 1


def test_unbalanced_is_refused(coop, member):
    receivable = account_for(cooperative=coop, purpose=AccountPurpose.RECEIVABLE, member=member)
    with pytest.raises(UnbalancedTransaction):
        transaction_post(
            cooperative=coop,
            date=dt.date(2026, 1, 1),
            description="x",
            source_key="u",
            lines=[Line(account=receivable, amount_cents=5)],
        )
    assert not Transaction.objects.exists()


def test_closed_period_rejects_postings(coop, member):
    period = period_for_date(cooperative=coop, date=dt.date(2026, 2, 3))
    Period.objects.filter(pk=period.pk).update(status=PeriodStatus.CLOSED)
    with pytest.raises(PeriodClosed):
        _post(coop, member)
    assert not Posting.objects.exists()


def test_closed_period_trigger_refuses_raw_insert(coop, member):
    txn = _post(coop, member)
    Period.objects.filter(pk=txn.period_id).update(status=PeriodStatus.CLOSED)
    account = account_for(cooperative=coop, purpose=AccountPurpose.BANK)
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        Posting.objects.bulk_create(
            [
                Posting(transaction=txn, account=account, amount_cents=7),
                Posting(transaction=txn, account=account, amount_cents=-7),
            ]
        )
    assert txn.postings.count() == 2


@pytest.mark.django_db(transaction=True)
def test_postgres_refuses_an_unbalanced_insert(coop, member):
    if connection.vendor != "postgresql":
        pytest.skip("balance trigger exists on PostgreSQL only")
    txn = _post(coop, member)
    account = account_for(cooperative=coop, purpose=AccountPurpose.BANK)
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        Posting.objects.create(transaction=txn, account=account, amount_cents=7)
    assert txn.postings.count() == 2


@pytest.mark.django_db(transaction=True)
def test_flush_between_transactional_tests_can_wipe_the_books(coop, member):
    # The teardown flush of this transactional test must succeed with postings present.
    _post(coop, member)
    assert Posting.objects.count() == 2


def test_a_large_transaction_posts_every_line(coop):
    from tests.factories import MemberFactory

    members = [MemberFactory(cooperative=coop) for _ in range(3)]
    income = account_for(cooperative=coop, purpose=AccountPurpose.SETTLEMENT)
    accounts = [account_for(cooperative=coop, purpose=AccountPurpose.RECEIVABLE, member=m) for m in members]
    lines = [Line(account=accounts[i % 3], amount_cents=i + 1) for i in range(700)]  # past COPY_THRESHOLD
    lines.append(Line(account=income, amount_cents=-sum(line.amount_cents for line in lines)))
    txn, created = transaction_post(
        cooperative=coop, date=dt.date(2026, 3, 31), description="groot", source_key="big", lines=lines
    )
    assert created and txn.postings.count() == 701
    assert sum(txn.postings.values_list("amount_cents", flat=True)) == 0
    assert txn.postings.filter(member=members[0]).count() == 234
