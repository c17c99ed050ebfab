"""The governance panel on a member's home page (see deel/home.py)."""

from __future__ import annotations

from .models import Ballot, BallotStatus, Proxy
from .permissions import is_entitled
from .selectors import next_meeting as select_next_meeting


def next_meeting(request) -> dict | None:
    """The next convened ALV, with open ballots and the member's proxy; None if none."""
    coop, member = getattr(request, "coop", None), getattr(request, "member", None)
    if coop is None or member is None or not is_entitled(member):
        return None
    meeting = select_next_meeting(cooperative=coop)
    if meeting is None:
        return None
    proxy = (
        Proxy.objects.filter(meeting=meeting, grantor=member, revoked_at__isnull=True)
        .select_related("holder__user")
        .first()
    )
    return {
        "template": "governance/_panel_next_meeting.html",
        "order": 30,
        "meeting": meeting,
        "open_ballots": Ballot.objects.filter(proposal__item__meeting=meeting, status=BallotStatus.OPEN).count(),
        "proxy_given": proxy.holder.name if proxy else "",
    }
