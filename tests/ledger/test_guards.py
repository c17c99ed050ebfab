"""The books' database guards, proven by raw SQL on SQLite and PostgreSQL alike: postings
immutable, nothing booked into a settled or closed period, every transaction balanced,
headers of settled and closed periods immutable, no reopening, no overlapping periods."""

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from ledger.errors import UnbalancedTransaction
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


REFUSED = (DatabaseError, IntegrityError)


def _sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def _set_status(period, status):
    _sql("UPDATE ledger_period SET status = %s WHERE id = %s", [status, period.pk])


def _raw_postings(txn_id, lines):
    values = ", ".join(["(%s, %s, %s)"] * len(lines))
    params = [v for account, cents in lines for v in (txn_id, account.pk, cents)]
    _sql(f"INSERT INTO ledger_posting (transaction_id, account_id, amount_cents) VALUES {values}", params)  # noqa: S608


def _raw_header(txn_id, coop, period, key):
    _sql(
        "INSERT INTO ledger_transaction (id, cooperative_id, period_id, date, description, source_key, created_at) "
        "VALUES (%s, %s, %s, %s, 'raw', %s, %s)",
        [txn_id, coop.pk, period.pk, period.starts_on, key, timezone.now()],
    )


def _raw_transaction(coop, period, lines, key="raw"):
    """A transaction written by hand in the order each database accepts a balanced one:
    SQLite postings then the header that seals them, PostgreSQL the header then all its
    postings in one statement."""
    txn_id = (Transaction.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    with transaction.atomic():
        if connection.vendor == "sqlite":
            _raw_postings(txn_id, lines)
            _raw_header(txn_id, coop, period, key)
        else:
            _raw_header(txn_id, coop, period, key)
            _raw_postings(txn_id, lines)
    return txn_id


def _accounts(coop, member):
    return (
        account_for(cooperative=coop, purpose=AccountPurpose.RECEIVABLE, member=member),
        account_for(cooperative=coop, purpose=AccountPurpose.USAGE_INCOME),
    )


def test_a_balanced_transaction_by_sql_is_accepted(coop, member):
    debit, credit = _accounts(coop, member)
    period = period_for_date(cooperative=coop, date=dt.date(2026, 2, 3))
    txn_id = _raw_transaction(coop, period, [(debit, 700), (credit, -700)])
    assert Transaction.objects.get(pk=txn_id).postings.count() == 2


def test_an_unbalanced_transaction_is_refused_by_the_database(coop, member):
    debit, credit = _accounts(coop, member)
    period = period_for_date(cooperative=coop, date=dt.date(2026, 2, 3))
    with pytest.raises(REFUSED):
        _raw_transaction(coop, period, [(debit, 700), (credit, -600)])
    assert not Transaction.objects.exists() and not Posting.objects.exists()


def test_a_posting_added_to_a_transaction_that_unbalances_it_is_refused(coop, member):
    txn = _post(coop, member)
    debit, _credit = _accounts(coop, member)
    with pytest.raises(REFUSED), transaction.atomic():
        _raw_postings(txn.pk, [(debit, 7)])
    assert txn.postings.count() == 2


@pytest.mark.django_db(transaction=True)
def test_postings_without_a_header_are_refused_at_commit(coop, member):
    debit, credit = _accounts(coop, member)
    with pytest.raises(REFUSED), transaction.atomic():
        _raw_postings(999_999, [(debit, 700), (credit, -700)])
    assert not Posting.objects.exists()


@pytest.mark.parametrize("status", [PeriodStatus.SETTLED, PeriodStatus.CLOSED])
def test_no_posting_joins_a_transaction_of_a_settled_or_closed_period(coop, member, status):
    txn = _post(coop, member)
    _set_status(txn.period, status)
    debit, credit = _accounts(coop, member)
    with pytest.raises(REFUSED), transaction.atomic():
        _raw_postings(txn.pk, [(debit, 7), (credit, -7)])
    assert txn.postings.count() == 2


@pytest.mark.parametrize("status", [PeriodStatus.SETTLED, PeriodStatus.CLOSED])
def test_no_transaction_is_written_into_a_settled_or_closed_period(coop, member, status):
    period = period_for_date(cooperative=coop, date=dt.date(2026, 2, 3))
    _set_status(period, status)
    debit, credit = _accounts(coop, member)
    with pytest.raises(REFUSED):
        _raw_transaction(coop, period, [(debit, 700), (credit, -700)])
    assert not Transaction.objects.exists()


@pytest.mark.parametrize("status", [PeriodStatus.SETTLED, PeriodStatus.CLOSED])
def test_headers_of_a_settled_or_closed_period_are_immutable(coop, member, status):
    txn = _post(coop, member)
    _set_status(txn.period, status)
    with pytest.raises(REFUSED), transaction.atomic():
        _sql("UPDATE ledger_transaction SET description = 'changed' WHERE id = %s", [txn.pk])
    with pytest.raises(REFUSED), transaction.atomic():
        _sql("UPDATE ledger_transaction SET date = %s WHERE id = %s", [dt.date(2026, 2, 4), txn.pk])
    with pytest.raises(REFUSED), transaction.atomic():
        _sql("DELETE FROM ledger_transaction WHERE id = %s", [txn.pk])
    txn.refresh_from_db()
    assert txn.description == "test"


def test_a_header_cannot_be_moved_into_a_closed_period(coop, member):
    txn = _post(coop, member)
    later = period_for_date(cooperative=coop, date=dt.date(2026, 5, 3))
    _set_status(later, PeriodStatus.CLOSED)
    with pytest.raises(REFUSED), transaction.atomic():
        _sql("UPDATE ledger_transaction SET period_id = %s WHERE id = %s", [later.pk, txn.pk])
    # A header of an open period may still be corrected (its postings never).
    _sql("UPDATE ledger_transaction SET description = 'ok' WHERE id = %s", [txn.pk])


def test_a_closed_period_cannot_be_reopened_by_sql(coop):
    period = period_for_date(cooperative=coop, date=dt.date(2026, 2, 3))
    _set_status(period, PeriodStatus.SETTLED)
    with pytest.raises(REFUSED), transaction.atomic():
        _set_status(period, PeriodStatus.OPEN)  # settled never goes back to open
    with pytest.raises(REFUSED), transaction.atomic():
        _sql("UPDATE ledger_period SET reserve_cents = 5 WHERE id = %s", [period.pk])
    _set_status(period, PeriodStatus.CLOSED)  # settled -> closed is the step left
    for status in (PeriodStatus.OPEN, PeriodStatus.SETTLED):
        with pytest.raises(REFUSED), transaction.atomic():
            _set_status(period, status)
    with pytest.raises(REFUSED), transaction.atomic():
        _sql("UPDATE ledger_period SET ends_on = %s WHERE id = %s", [dt.date(2026, 3, 1), period.pk])
    with pytest.raises(REFUSED), transaction.atomic():
        _sql("DELETE FROM ledger_period WHERE id = %s", [period.pk])
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED and period.ends_on == dt.date(2026, 3, 31)


def _raw_period(coop, label, starts_on, ends_on):
    _sql(
        "INSERT INTO ledger_period (cooperative_id, label, starts_on, ends_on, status, reserve_cents, "
        "reserve_reference) VALUES (%s, %s, %s, %s, 'open', 0, '')",
        [coop.pk, label, starts_on, ends_on],
    )


def test_periods_of_one_cooperative_never_overlap(coop):
    from tests.factories import CooperativeFactory

    _raw_period(coop, "2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    _raw_period(coop, "2026-Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30))  # adjacent: fine
    with pytest.raises(REFUSED), transaction.atomic():
        _raw_period(coop, "2026-03", dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    with pytest.raises(REFUSED), transaction.atomic():
        _raw_period(coop, "2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    q2 = Period.objects.get(cooperative=coop, label="2026-Q2")
    with pytest.raises(REFUSED), transaction.atomic():
        _sql("UPDATE ledger_period SET starts_on = %s WHERE id = %s", [dt.date(2026, 3, 31), q2.pk])
    _raw_period(CooperativeFactory(), "2026-03", dt.date(2026, 3, 1), dt.date(2026, 3, 31))  # another coop
    assert Period.objects.filter(cooperative=coop).count() == 2


SQLITE_TRIGGERS = {
    "ledger_posting_no_update",
    "ledger_posting_no_delete",
    "ledger_posting_before_header",
    "ledger_transaction_open_period",
    "ledger_transaction_balanced",
    "ledger_transaction_frozen",
    "ledger_transaction_no_delete",
    "ledger_period_lifecycle",
    "ledger_period_no_delete",
    "ledger_period_no_overlap",
    "ledger_period_no_overlap_update",
}
POSTGRES_TRIGGERS = {
    "ledger_posting_no_change",
    "ledger_postings_balanced",
    "ledger_postings_open_period",
    "ledger_transaction_guard",
    "ledger_period_lifecycle",
}


def test_every_guard_is_installed(db):
    """A later migration that rebuilds a ledger table on SQLite drops its triggers: this says so."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert {name for (name,) in cursor.fetchall()} >= SQLITE_TRIGGERS
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            assert {name for (name,) in cursor.fetchall()} >= POSTGRES_TRIGGERS
            cursor.execute("SELECT conname FROM pg_constraint WHERE conname = 'ledger_period_no_overlap'")
            assert cursor.fetchone() is not None
