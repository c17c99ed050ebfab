"""Shared governance scenarios."""

import datetime as dt

import pytest
from django.utils import timezone

from governance import services
from tests.governance.factories import convened_meeting, coop_with_members, present


@pytest.fixture
def held_meeting():
    """A meeting held a month ago with attendance, a proxy and one confirmed ballot."""
    coop, board, members = coop_with_members(6)
    starts = timezone.now() - dt.timedelta(days=30)
    meeting, proposal = convened_meeting(coop, board, starts_at=starts, kind="tariff", title="Tarieven 2027")
    services.proxy_grant(meeting=meeting, grantor=members[4], holder=members[0], now=starts - dt.timedelta(days=2))
    present(meeting, board, members[0], members[1], members[2])
    ballot = services.ballot_open(proposal=proposal, by=board, now=starts)
    for m in (board, members[0], members[1]):
        services.vote_cast(ballot=ballot, member=m, choice="for", now=starts)
    services.vote_cast(ballot=ballot, member=members[0], choice="for", proxy_for=members[4], now=starts)
    services.vote_cast(ballot=ballot, member=members[2], choice="against", now=starts)
    ballot = services.ballot_close(ballot=ballot, by=board, now=starts)
    decision = services.ballot_confirm(ballot=ballot, by=board, now=starts)
    next_meeting = services.meeting_create(
        cooperative=coop,
        by=board,
        title="Najaars-ALV",
        starts_at=timezone.now() - dt.timedelta(hours=1),
        location="Buurthuis",
    )
    services.agenda_item_add(meeting=next_meeting, title=f"Notulen {meeting.title}")
    services.meeting_convene(meeting=next_meeting, by=board, now=next_meeting.starts_at - dt.timedelta(days=20))
    next_meeting.refresh_from_db()
    return {
        "coop": coop,
        "board": board,
        "members": members,
        "meeting": meeting,
        "decision": decision,
        "next": next_meeting,
    }
