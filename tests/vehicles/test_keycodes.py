"""The offline key-box code scheme (vehicles.keycodes, docs/sleutelkast.md): a code opens
its own box exactly in its window, never before or after, never another box, and not once
its window is on the box's revocation list. The vector pins the scheme for box builders."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vehicles import keycodes

SECRET = b"12345678901234567890"  # the RFC 4226 test secret
BOX = "BB-01"
START = dt.datetime(2026, 12, 5, 9, 45, tzinfo=dt.UTC)
END = dt.datetime(2026, 12, 5, 12, 15, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)


def only_code(start=START, end=END, **kw):
    (code,) = keycodes.codes_for_window(SECRET, BOX, start, end, **kw)
    return code


def test_vector_from_the_documentation():
    code = only_code()
    assert (code.start_step, code.end_step) == (1996071, 1996081)
    assert code.code == "071010415470"
    assert code.grouped == "071 010 415470"
    assert keycodes.message(BOX, 1, 2).hex() == "42422d3031" + "00" + "0000000000000001" + "0000000000000002"


def test_valid_exactly_in_its_window():
    code = only_code().code
    assert keycodes.verify(SECRET, BOX, code, START)
    assert keycodes.verify(SECRET, BOX, code, START + dt.timedelta(hours=1))
    assert keycodes.verify(SECRET, BOX, code, END - SECOND)
    assert not keycodes.verify(SECRET, BOX, code, START - SECOND)
    assert not keycodes.verify(SECRET, BOX, code, END)
    assert not keycodes.verify(SECRET, BOX, code, END + dt.timedelta(days=10))
    assert not keycodes.verify(SECRET, BOX, code, START - dt.timedelta(days=9))


def test_window_is_rounded_outward_to_whole_steps():
    code = only_code(START + dt.timedelta(minutes=7), END - dt.timedelta(minutes=7))
    assert code.valid_from == START and code.valid_until == END


def test_not_for_another_box_or_secret():
    code = only_code().code
    assert not keycodes.verify(SECRET, "BB-02", code, START)
    assert not keycodes.verify(b"another-secret-20byte", BOX, code, START)


def test_a_tampered_window_does_not_open():
    code = only_code().code
    longer = code[:3] + "090" + code[6:]  # same MAC, claims 90 steps instead of 10
    assert not keycodes.verify(SECRET, BOX, longer, END + dt.timedelta(hours=1))
    earlier = "070" + code[3:]
    assert not keycodes.verify(SECRET, BOX, earlier, START)


def test_revoked_window_is_refused():
    code = only_code()
    revoked = [(code.start_step, code.end_step)]
    assert not keycodes.verify(SECRET, BOX, code.code, START, revoked=revoked)
    assert keycodes.verify(SECRET, BOX, code.code, START, revoked=[(1, 2)])


def test_spaces_are_ignored_wrong_shapes_refused():
    code = only_code()
    assert keycodes.verify(SECRET, BOX, code.grouped, START)
    assert not keycodes.verify(SECRET, BOX, code.code[:-1], START)
    assert not keycodes.verify(SECRET, BOX, "07100a415470", START)
    assert not keycodes.verify(SECRET, BOX, "071000415470", START)  # zero length


def test_long_windows_get_consecutive_codes_covering_the_whole_time():
    end = START + dt.timedelta(days=14)
    codes = keycodes.codes_for_window(SECRET, BOX, START, end)
    assert len(codes) == 2
    assert codes[0].valid_until == codes[1].valid_from
    assert codes[0].valid_from == START and codes[-1].valid_until == end
    assert keycodes.verify(SECRET, BOX, codes[1].code, end - SECOND)
    assert not keycodes.verify(SECRET, BOX, codes[0].code, codes[1].valid_from)


def test_digits_and_step_are_part_of_the_box_setting():
    code = only_code(digits=8, step_seconds=1800)
    assert len(code.code) == 14
    assert keycodes.verify(SECRET, BOX, code.code, START, digits=8, step_seconds=1800)
    assert not keycodes.verify(SECRET, BOX, code.code, START, digits=6, step_seconds=1800)


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        keycodes.codes_for_window(SECRET, BOX, START.replace(tzinfo=None), END)


@settings(max_examples=60, deadline=None)
@given(
    start_minutes=st.integers(min_value=0, max_value=60 * 24 * 400),
    length_minutes=st.integers(min_value=1, max_value=60 * 24 * 20),
    probe=st.floats(min_value=-1.5, max_value=2.5),
)
def test_property_open_inside_closed_outside(start_minutes, length_minutes, probe):
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=start_minutes)
    codes = keycodes.codes_for_window(SECRET, BOX, start, start + dt.timedelta(minutes=length_minutes))
    first, last = codes[0].valid_from, codes[-1].valid_until
    now = first + (last - first) * probe
    opens = any(keycodes.verify(SECRET, BOX, c.code, now) for c in codes)
    assert opens == (first <= now < last)
