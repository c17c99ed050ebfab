"""The calendar rules of a convocation and what it must say (Book 2 of the civil code).

Periods are counted in calendar days to the meeting's date in Europe/Amsterdam: a notice
period of N days is met by a convocation sent no later than the Nth day before the day of
the meeting (sent on 4 December for a meeting on 18 December: 14 days). The same rule holds
for the statutes' notice period, the 7 days of a statute change (2:42 lid 1) and a
supplementary convocation, which must itself meet them.

Electronic votes cast beforehand count no earlier than the 30th day before the day of the
meeting (2:38 lid 8): from 00:00 local time of that day, whatever the clock says about
summer time in between.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from .models import (
    Convocation,
    ConvocationDelivery,
    DeliveryStatus,
    Meeting,
    Proposal,
    ProposalDocument,
    ProposalKind,
)

STATUTES_NOTICE_DAYS = 7  # 2:42 lid 1
STATUTES_INSPECTION_DAYS = 5  # 2:42 lid 2
EARLY_VOTING_DAYS = 30  # 2:38 lid 8
DELIVERY_TONES = {
    DeliveryStatus.SENT: "green",
    DeliveryStatus.BOUNCED: "red",
    DeliveryStatus.FAILED: "red",
    DeliveryStatus.NO_ADDRESS: "amber",
}


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localdate(meeting.starts_at, timezone=local_zone())


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=local_zone())


def notice_deadline(meeting: Meeting, days: int) -> dt.datetime:
    """The first moment that is too late for a convocation with `days` days' notice: 00:00
    of the (days - 1)th day before the meeting's day. Sent before it, the notice is met."""
    return _start_of(meeting_day(meeting) - dt.timedelta(days=days - 1))


def last_day_before(deadline: dt.datetime) -> dt.date:
    """The last calendar day still in time, for a deadline from notice_deadline."""
    return timezone.localdate(deadline, timezone=local_zone()) - dt.timedelta(days=1)


def notice_met(meeting: Meeting, days: int, sent_at: dt.datetime) -> bool:
    return sent_at < notice_deadline(meeting, days)


def last_sending_day(meeting: Meeting, days: int) -> dt.date:
    """The last calendar day a convocation with `days` days' notice may go out."""
    return meeting_day(meeting) - dt.timedelta(days=days)


def required_notice_days(meeting: Meeting, proposals: list[Proposal]) -> int:
    """The notice a convocation of these proposals needs: the statutes' period, and at least
    7 days when a statute change is among them."""
    days = meeting.cooperative.notice_days
    if any(p.kind == ProposalKind.STATUTES for p in proposals):
        days = max(days, STATUTES_NOTICE_DAYS)
    return days


def early_voting_opens_at(meeting: Meeting) -> dt.datetime:
    """00:00 Europe/Amsterdam of the 30th day before the meeting's day (2:38 lid 8)."""
    return _start_of(meeting_day(meeting) - dt.timedelta(days=EARLY_VOTING_DAYS))


def early_voting_open(meeting: Meeting, now: dt.datetime) -> bool:
    """An electronic vote cast at `now` counts as cast at the meeting."""
    return early_voting_opens_at(meeting) <= now < meeting.starts_at


def inspection_from(proposal: Proposal, meeting: Meeting) -> dt.date:
    """From when the literal text of a statute change lies open for inspection: the date the
    board entered, or at the latest the 5th day before the meeting (2:42 lid 2)."""
    latest = meeting_day(meeting) - dt.timedelta(days=STATUTES_INSPECTION_DAYS)
    if proposal.text_available_from is not None and proposal.text_available_from <= latest:
        return proposal.text_available_from
    return latest


# What a convocation says (reads) -------------------------------------------------------------


def convocation_content(*, meeting: Meeting, convocation: Convocation | None) -> dict:
    """The agenda a convocation announces, each item with its proposals (texts, documents),
    plus the statute changes with where and from when their literal text lies open (2:42)
    and the conditions of electronic voting when the statutes allow it (2:38 lid 9).
    Without a recorded convocation (a draft being previewed): the whole agenda. Three queries."""
    items = meeting.items.order_by("position")
    proposals = Proposal.objects.filter(item__meeting=meeting, amends__isnull=True)
    if convocation is not None:
        announced_items = convocation.announced.get("items", [])
        announced_proposals = convocation.announced.get("proposals", [])
        proposals = proposals.filter(pk__in=announced_proposals)
        items = items.filter(Q(pk__in=announced_items) | Q(proposals__pk__in=announced_proposals)).distinct()
    proposals = proposals.prefetch_related(
        Prefetch("documents", queryset=ProposalDocument.objects.order_by("pk"))
    ).order_by("pk")
    by_item: dict[int, list[Proposal]] = {}
    for p in proposals:
        by_item.setdefault(p.item_id, []).append(p)
    agenda = [{"item": item, "proposals": by_item.get(item.pk, [])} for item in items]
    coop = meeting.cooperative
    statute_changes = [
        {"proposal": p, "inspection_from": inspection_from(p, meeting)}
        for p in proposals
        if p.kind == ProposalKind.STATUTES and any(i.pk == p.item_id for i in items)
    ]
    evoting = None
    if coop.electronic_voting_allowed:
        evoting = {"opens_at": early_voting_opens_at(meeting), "conditions": coop.electronic_voting_conditions}
    return {
        "agenda": agenda,
        "items": [entry["item"] for entry in agenda],
        "statute_changes": statute_changes,
        "inspection_location": coop.inspection_location,
        "meeting_day": meeting_day(meeting),
        "evoting": evoting,
        "supplementary": convocation is not None and convocation.is_supplementary,
    }


def convocation_log(*, meeting: Meeting) -> list[dict]:
    """Every convocation of the meeting with its delivery per member and the counts, for
    the board. Two queries."""
    convocations = list(
        meeting.convocations.select_related("sent_by__user")
        .prefetch_related(
            Prefetch(
                "deliveries",
                queryset=ConvocationDelivery.objects.select_related("member__user").order_by("member__number", "pk"),
            )
        )
        .order_by("number")
    )
    rows = []
    for c in convocations:
        deliveries = list(c.deliveries.all())
        counts = dict.fromkeys(DeliveryStatus.values, 0)
        for d in deliveries:
            counts[d.status] += 1
            d.tone = DELIVERY_TONES[DeliveryStatus(d.status)]  # type: ignore[attr-defined]  # the badge colour
        rows.append({"convocation": c, "deliveries": deliveries, "counts": counts})
    return rows
