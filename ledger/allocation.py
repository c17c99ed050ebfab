"""Splitting an amount over weights so that the parts add up exactly (DESIGN "Money")."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from numbers import Rational
from typing import Any


def allocate(total_cents: int, weights: list[Any], *, keys: list[Any] | None = None) -> list[int]:
    """Split `total_cents` over `weights` with the largest-remainder method.

    Guarantees: the parts sum exactly to `total_cents`; each part is within one cent of
    its exact share `total * w / sum(w)`; zero weights get zero. Remaining cents go to the
    largest remainders, ties broken by larger weight, then by lower key (`keys`, e.g.
    member ids; the position when not given). A negative total is split as the mirror
    image of its absolute value. All weights zero (or none) with a non-zero total raises
    ValueError: there is nobody to carry the amount.

    The plain path, exact in Fractions. Its integer twin for the settlement's many
    whole-number weights is `ledger.bulk.allocate_int` (proven equal in tests/ledger/test_bulk.py).
    """
    if not isinstance(total_cents, int):
        raise TypeError("total_cents must be an int")
    n = len(weights)
    if keys is None:
        keys = list(range(n))
    if len(keys) != n:
        raise ValueError("keys and weights differ in length")
    exact = [_fraction(w) for w in weights]
    if any(w < 0 for w in exact):
        raise ValueError("weights must not be negative")
    weight_sum = sum(exact, Fraction(0))
    if weight_sum == 0:
        if total_cents == 0:
            return [0] * n
        raise ValueError("cannot allocate a non-zero amount over zero weights")
    sign = -1 if total_cents < 0 else 1
    total = abs(total_cents)
    shares = [total * w / weight_sum for w in exact]
    parts = [int(s) for s in shares]  # floor, shares are non-negative
    left = total - sum(parts)
    order = sorted(range(n), key=lambda i: (-(shares[i] - parts[i]), -exact[i], keys[i]))
    for i in order[:left]:
        parts[i] += 1
    return [sign * p for p in parts]


def _fraction(weight: Any) -> Fraction:
    if isinstance(weight, Fraction):
        return weight
    if isinstance(weight, (int, Rational)):
        return Fraction(weight)
    if isinstance(weight, Decimal):
        return Fraction(weight)
    if isinstance(weight, float):
        raise TypeError("float weights are not accepted; use int, Decimal or Fraction")
    return Fraction(weight)
