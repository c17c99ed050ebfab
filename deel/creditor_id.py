"""The SEPA creditor identifier (incassant-ID, EPC attribute AT-02), checked where it is typed
(the treasurer's payment settings, the platform admin) and before a direct-debit file is made."""

from __future__ import annotations

import re

from stdnum.eu import at_02
from stdnum.exceptions import ValidationError

_FORM = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}")
# Dutch: NL, 2 check digits, the business code (ZZZ unless the bank gave another), the 8-digit
# KvK number and a 4-digit sequence number: 19 characters.
_DUTCH = re.compile(r"NL[0-9]{2}[A-Z0-9]{3}[0-9]{12}")


def creditor_id_compact(value: str) -> str | None:
    """`value` without spaces, in capitals; None when its form, length or ISO 7064 mod 97-10 check
    digits (computed without the business code, as the EPC prescribes) are wrong."""
    compact = "".join(value.split()).upper()
    if not _FORM.fullmatch(compact) or (compact.startswith("NL") and not _DUTCH.fullmatch(compact)):
        return None
    try:
        at_02.validate(compact)
    except ValidationError:
        return None
    return compact
