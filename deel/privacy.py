"""The member's own data across the apps (AVG articles 15 and 20) and the privacy page's
list of what is kept, composed from each app's `privacy` module (deel.personal_data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from deel.personal_data import Category, Section
from governance import privacy as governance_privacy
from ledger import privacy as ledger_privacy
from members import privacy as members_privacy
from members import selectors as member_selectors
from members import services as member_services
from members.models import Member
from payments import privacy as payments_privacy
from reservations import privacy as reservations_privacy
from vehicles import privacy as vehicles_privacy

# In the order a member reads them: who they are, what they drove, what they paid, what they decided.
APPS = [
    members_privacy,
    vehicles_privacy,
    reservations_privacy,
    ledger_privacy,
    payments_privacy,
    governance_privacy,
]


def categories() -> list[Category]:
    return [category for app in APPS for category in app.CATEGORIES]


def member_data(member: Member) -> list[Section]:
    """Every row DEEL holds about `member` in their cooperative, one section per category
    (empty ones included, so the member sees what is not there too)."""
    return [s for app in APPS for s in app.personal_data(member)]


def member_data_json(member: Member) -> dict[str, Any]:
    """The machine-readable copy (AVG article 20): raw values, ISO dates, amounts in cents."""
    return {
        "format": "deel-personal-data/1",
        "generated_at": timezone.now().isoformat(),
        "cooperative": {"name": member.cooperative.name, "slug": member.cooperative.slug},
        "member_id": member.pk,
        "sections": [s.as_json() for s in member_data(member)],
    }


@transaction.atomic
def member_anonymise(*, member: Member, by: Member | None) -> Member:
    """Anonymise a former member in every app (their bank details, notes, receipts, what
    they wrote), then the membership and account themselves. Amounts, dates and votes stay:
    the books and the decisions still add up. Idempotent."""
    for app in APPS:
        app.anonymise(member)
    return member_services.member_anonymise(member=member, by=by)


def anonymise_due(*, today: dt.date | None = None) -> int:
    """The nightly job: every former member whose retention period is over. Returns how many."""
    today = today or timezone.localdate()
    done = 0
    for member in member_selectors.members_due_for_anonymising(today=today).select_related("user"):
        member_anonymise(member=member, by=None)
        done += 1
    return done
