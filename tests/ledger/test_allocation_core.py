from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.allocation import allocate


def test_largest_remainder_example():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]


def test_tie_break_prefers_larger_weight_then_lower_key():
    assert allocate(1, [1, 2], keys=[5, 9]) == [0, 1]
    assert allocate(1, [1, 1], keys=[9, 5]) == [0, 1]


def test_negative_total_mirrors():
    assert allocate(-100, [1, 1, 1]) == [-34, -33, -33]


def test_zero_weights_get_nothing():
    assert allocate(10, [0, 3, 0, 2]) == [0, 6, 0, 4]


def test_all_zero_weights_with_amount_is_refused():
    with pytest.raises(ValueError):
        allocate(5, [0, 0])


@given(
    total=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40).filter(lambda w: sum(w) > 0),
)
def test_parts_sum_exactly_and_stay_within_a_cent(total, weights):
    parts = allocate(total, weights)
    assert sum(parts) == total
    s = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        exact = Decimal(total) * w / s
        assert abs(Decimal(part) - exact) < 1
        if w == 0:
            assert part == 0
