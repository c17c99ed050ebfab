"""Dutch licence plates (kentekens): recognise the sidecode, normalise to the dashed form.

Each sidecode is a pattern of letter (L) and digit (D) groups. The six characters alone
decide the sidecode (no two share a letter/digit pattern), so 'ab123c', 'AB 123 C' and
'AB-123-C' all normalise to 'AB-123-C'.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# sidecode -> group pattern
SIDECODES: dict[int, tuple[str, ...]] = {
    1: ("LL", "DD", "DD"),
    2: ("DD", "DD", "LL"),
    3: ("DD", "LL", "DD"),
    4: ("LL", "DD", "LL"),
    5: ("LL", "LL", "DD"),
    6: ("DD", "LL", "LL"),
    7: ("DD", "LLL", "D"),
    8: ("D", "LLL", "DD"),
    9: ("LL", "DDD", "L"),
    10: ("L", "DDD", "LL"),
    11: ("LLL", "DD", "L"),
    12: ("L", "DD", "LLL"),
    13: ("D", "LL", "DDD"),
    14: ("DDD", "LL", "D"),
}
_BY_SHAPE = {"".join(groups): (code, groups) for code, groups in SIDECODES.items()}
_STRIP = re.compile(r"[\s\-.]")


def _shape(raw: str) -> str:
    return "".join("L" if c.isalpha() else "D" for c in raw)


def sidecode(value: str) -> int | None:
    """The sidecode of a plate (1-14), or None when it is not a Dutch plate."""
    raw = _STRIP.sub("", value or "").upper()
    if len(raw) != 6 or not re.fullmatch(r"[A-Z0-9]{6}", raw):
        return None
    found = _BY_SHAPE.get(_shape(raw))
    return found[0] if found else None


def normalise_plate(value: str) -> str:
    """'ab123c' -> 'AB-123-C'. Raises ValidationError with a Dutch message otherwise."""
    raw = _STRIP.sub("", value or "").upper()
    found = _BY_SHAPE.get(_shape(raw)) if len(raw) == 6 and re.fullmatch(r"[A-Z0-9]{6}", raw) else None
    if found is None:
        raise ValidationError(
            _("“%(plate)s” is geen geldig Nederlands kenteken. Schrijf het bijvoorbeeld als AB-123-C of 12-ABC-3.")
            % {"plate": (value or "").strip()},
            code="invalid_plate",
        )
    _code, groups = found
    parts, pos = [], 0
    for group in groups:
        parts.append(raw[pos : pos + len(group)])
        pos += len(group)
    return "-".join(parts)


def validate_plate(value: str) -> None:
    normalise_plate(value)
