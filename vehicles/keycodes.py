"""Offline key-box codes: the reference generator and verifier (docs/sleutelkast.md).

A key box has a secret (20 random bytes) and a clock; it is never online. DEEL gives the
member of a booking a code that the box can check with nothing but its secret and the
time. The code carries its own time window, authenticated with HMAC-SHA256 and cut to
digits by the dynamic truncation of RFC 4226 (HOTP):

    code = SSS LLL MMMMMM
    SSS     window start step modulo 1000 (a step is `step_seconds`, default 900 s)
    LLL     window length in steps, 1..999
    MMMMMM  HOTP-truncation of HMAC-SHA256(secret, message), `digits` long (default 6)
    message = box_id (UTF-8) || 0x00 || start_step (8 bytes, big-endian) || end_step (8 bytes, big-endian)
    start_step = floor(window_start / step), end_step = ceil(window_end / step) (Unix seconds, UTC)

The box reads SSS, takes the most recent step `s <= now_step` with `s % 1000 == SSS`
(unique, because a window is shorter than 1000 steps), recomputes the MAC for
(s, s + LLL) and opens when it matches and `s <= now_step < s + LLL`. A window longer than
999 steps gets consecutive codes (`codes_for_window`). Revoked windows (a cancelled
booking) are refused when the box has the revocation list (`revoked`).

This module has no Django in it on purpose: it is the specification in code, and what
an implementer of a box compares against (tests/vehicles/test_keycodes.py holds vectors).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import struct
from collections.abc import Iterable
from dataclasses import dataclass

STEP_SECONDS = 900
DIGITS = 6
START_MODULUS = 1000  # SSS: three digits
MAX_STEPS = 999  # LLL: three digits
SECRET_BYTES = 20


@dataclass(frozen=True)
class KeyCode:
    """One code and the window (UTC) in which the box accepts it."""

    code: str
    valid_from: dt.datetime
    valid_until: dt.datetime
    start_step: int
    end_step: int

    @property
    def grouped(self) -> str:
        """How a person reads it: groups of three (123 004 567890)."""
        return f"{self.code[:3]} {self.code[3:6]} {self.code[6:]}"


def _ts(moment: dt.datetime) -> float:
    if moment.tzinfo is None:
        raise ValueError("key-code times must be aware datetimes")
    return moment.timestamp()


def _at(step: int, step_seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(step * step_seconds, tz=dt.UTC)


def message(box_id: str, start_step: int, end_step: int) -> bytes:
    return box_id.encode() + b"\x00" + struct.pack(">QQ", start_step, end_step)


def mac(secret: bytes, box_id: str, start_step: int, end_step: int, *, digits: int = DIGITS) -> str:
    """RFC 4226 dynamic truncation of HMAC-SHA256 over the message, `digits` decimal digits."""
    digest = hmac.new(secret, message(box_id, start_step, end_step), hashlib.sha256).digest()
    offset = digest[-1] & 0x0F
    binary = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(binary % 10**digits).zfill(digits)


def code_for_steps(
    secret: bytes,
    box_id: str,
    start_step: int,
    end_step: int,
    *,
    digits: int = DIGITS,
    step_seconds: int = STEP_SECONDS,
) -> KeyCode:
    length = end_step - start_step
    if not 1 <= length <= MAX_STEPS:
        raise ValueError(f"a code window is 1..{MAX_STEPS} steps, not {length}")
    code = f"{start_step % START_MODULUS:03d}{length:03d}{mac(secret, box_id, start_step, end_step, digits=digits)}"
    return KeyCode(code, _at(start_step, step_seconds), _at(end_step, step_seconds), start_step, end_step)


def codes_for_window(
    secret: bytes,
    box_id: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    *,
    digits: int = DIGITS,
    step_seconds: int = STEP_SECONDS,
) -> list[KeyCode]:
    """The codes that together open the box from `starts_at` (rounded down to a step) to
    `ends_at` (rounded up): one code, or consecutive codes for windows over MAX_STEPS."""
    start_step = math.floor(_ts(starts_at) / step_seconds)
    end_step = max(math.ceil(_ts(ends_at) / step_seconds), start_step + 1)
    codes = []
    while start_step < end_step:
        segment_end = min(end_step, start_step + MAX_STEPS)
        codes.append(code_for_steps(secret, box_id, start_step, segment_end, digits=digits, step_seconds=step_seconds))
        start_step = segment_end
    return codes


def decode_window(code: str, now: dt.datetime, *, digits: int = DIGITS, step_seconds: int = STEP_SECONDS):
    """The window (start_step, end_step) a code claims, as the box resolves it at `now`;
    None for a code of the wrong shape."""
    if len(code) != 6 + digits or not code.isdigit():
        return None
    residue, length = int(code[:3]), int(code[3:6])
    if length < 1:
        return None
    now_step = math.floor(_ts(now) / step_seconds)
    start_step = now_step - ((now_step - residue) % START_MODULUS)
    return start_step, start_step + length


def verify(
    secret: bytes,
    box_id: str,
    code: str,
    now: dt.datetime,
    *,
    digits: int = DIGITS,
    step_seconds: int = STEP_SECONDS,
    revoked: Iterable[tuple[int, int]] = (),
) -> bool:
    """What the box does on a keypad entry: True when `code` opens it at `now`.

    `revoked`: the (start_step, end_step) windows on the box's revocation list."""
    code = "".join(ch for ch in code if not ch.isspace())
    window = decode_window(code, now, digits=digits, step_seconds=step_seconds)
    if window is None:
        return False
    start_step, end_step = window
    now_step = math.floor(_ts(now) / step_seconds)
    if not start_step <= now_step < end_step:
        return False
    if (start_step, end_step) in set(revoked):
        return False
    expected = mac(secret, box_id, start_step, end_step, digits=digits)
    return hmac.compare_digest(expected, code[6:])
