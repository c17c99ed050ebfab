"""Account numbers in bank files: a real IBAN (check digits right), never a creditor id."""

from __future__ import annotations

import re

_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
_CANDIDATE = re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b")


def compact(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def is_iban(text: str) -> bool:
    """An IBAN by shape and ISO 7064 mod 97 check digits. A SEPA creditor id (NL98ZZZ...)
    looks like one but has "ZZZ" (or another business code) where a bank code starts and is
    checked over a different part, so it is refused here."""
    value = compact(text)
    if not _IBAN_SHAPE.fullmatch(value) or value[4:7] == "ZZZ":
        return False
    if value.startswith("NL") and len(value) != 18:
        return False
    digits = "".join(str(int(ch, 36)) for ch in value[4:] + value[:4])
    return int(digits) % 97 == 1


def find_iban(text: str) -> str:
    """The first real IBAN in free text, or ""."""
    for match in _CANDIDATE.finditer((text or "").upper()):
        if is_iban(match.group(0)):
            return match.group(0)
    return ""
