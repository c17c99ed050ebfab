"""The member home panel: own balance."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import member_balance_cents, statements_of_member


def balance(request: HttpRequest) -> dict[str, Any] | None:
    member = getattr(request, "member", None)
    if member is None:
        return None
    return {
        "template": "ledger/_panel_balance.html",
        "order": 30,
        "balance_cents": member_balance_cents(member=member),
        "last_statement": statements_of_member(member=member).first(),
    }
