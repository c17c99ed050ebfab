"""The integer fast path of allocate gives exactly what the general (Fraction) path gives."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.allocation import allocate


@settings(max_examples=300)
@given(
    total=st.integers(min_value=-(10**9), max_value=10**9),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30),
)
def test_integer_path_equals_fraction_path(total, weights):
    keys = [1000 - i for i in range(len(weights))]
    if sum(weights) == 0:
        return
    fast = allocate(total, weights, keys=keys)
    general = allocate(total, [Fraction(w) for w in weights], keys=keys)
    assert fast == general
    assert sum(fast) == total
