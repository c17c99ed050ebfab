"""The settlement's fast paths, and only here (bench/README.md "Settlement").

A settlement of a large cooperative reads tens of thousands of (car, member) usage rows
and writes a line and a posting per member. Three things keep it within its benchmark
targets; each has a plain twin it must equal exactly, proven in tests/ledger/test_bulk.py:

- `usage_rows`: the km, minutes and cents per car and member, read as bigint rows straight
  from the cursor (plain twin: the same ORM aggregate through Django's converters);
- `allocate_int`: the largest-remainder split in integer arithmetic (plain twin:
  `ledger.allocation.allocate`, in Fractions);
- `copy_rows`: many rows into one table by PostgreSQL `COPY` (plain twin: `bulk_create`),
  used past `COPY_THRESHOLD` rows; SQLite always takes the plain path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, QuerySet, Sum
from django.db.models.functions import Cast

from members.models import Cooperative

from .models import Period, TripCharge

# Past this many rows PostgreSQL gets them through COPY: a settlement posts one line per
# member, and building thousands of ORM rows costs more than the settlement itself.
COPY_THRESHOLD = 100

UsageRow = tuple[int, int, int, int, int]  # vehicle id, member id, km, minutes, charged cents


def use_copy(row_count: int) -> bool:
    """Whether `copy_rows` is the way to write `row_count` rows on this database."""
    return connection.vendor == "postgresql" and row_count > COPY_THRESHOLD


def copy_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Insert `rows` into `table` with one PostgreSQL COPY (the database's statement-level
    checks, such as the balance trigger on ledger_posting, see all rows at once)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("COPY is PostgreSQL only; write through the ORM elsewhere")
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def usage_queryset(cooperative: Cooperative, period: Period) -> QuerySet[TripCharge, Any]:
    """km, minutes and charged cents per car and member of the period, one row per pair
    (sums cast to bigint, so that both databases return plain integers)."""
    return (
        TripCharge.objects.filter(cooperative=cooperative, date__gte=period.starts_on, date__lte=period.ends_on)
        .values_list("vehicle_id", "member_id")
        .annotate(
            km=Cast(Sum("km"), BigIntegerField()),
            minutes=Cast(Sum("minutes"), BigIntegerField()),
            paid=Cast(Sum("amount_cents"), BigIntegerField()),
        )
        .order_by()
    )


def usage_rows(cooperative: Cooperative, period: Period) -> list[UsageRow]:
    """`usage_queryset` read straight from the cursor: there are tens of thousands of pairs
    in a large cooperative, and Django's per-value converters cost more than the aggregate."""
    sql, params = usage_queryset(cooperative, period).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[UsageRow] = cursor.fetchall()
        return rows


def allocate_int(total_cents: int, weights: list[int], *, keys: Sequence[Any] | None = None) -> list[int]:
    """`allocate` for whole-number weights (the settlement's case), in integer arithmetic:
    the remainders share the denominator sum(weights), so comparing them as integers orders
    them exactly as the fractions would. Same guarantees, same results, same errors."""
    if not isinstance(total_cents, int):
        raise TypeError("total_cents must be an int")
    n = len(weights)
    order_keys: Sequence[Any] = list(range(n)) if keys is None else keys
    if len(order_keys) != n:
        raise ValueError("keys and weights differ in length")
    if any(type(w) is not int for w in weights):
        raise TypeError("allocate_int takes int weights; use allocate for others")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        if total_cents == 0:
            return [0] * n
        raise ValueError("cannot allocate a non-zero amount over zero weights")
    sign = -1 if total_cents < 0 else 1
    total = abs(total_cents)
    parts = [0] * n
    remainders = [0] * n
    for i, w in enumerate(weights):
        parts[i], remainders[i] = divmod(total * w, weight_sum)
    left = total - sum(parts)
    if left:
        order = sorted(range(n), key=lambda i: (-remainders[i], -weights[i], order_keys[i]))
        for i in order[:left]:
            parts[i] += 1
    return [sign * p for p in parts]
