"""Building governance scenarios through the real services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from governance import services
from governance.models import ProposalKind
from members.models import Role
from tests.factories import CooperativeFactory, MemberFactory


def coop_with_members(n: int = 6, **coop_kwargs):
    """A cooperative with one board member (first) and n-1 ordinary members."""
    coop = CooperativeFactory(**coop_kwargs)
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    members = [MemberFactory(cooperative=coop) for _ in range(n - 1)]
    return coop, board, members


def convened_meeting(coop, board, *, starts_at=None, kind=ProposalKind.ORDINARY, title="Voorstel", seats=None):
    """A convened meeting (convocation sent in time) with one item and one proposal, chaired
    by `board`.
    Default: the meeting started an hour ago, so ballots can open and members vote."""
    starts_at = starts_at or timezone.now() - dt.timedelta(hours=1)
    meeting = services.meeting_create(
        cooperative=coop, by=board, title="ALV", starts_at=starts_at, location="Buurthuis De Linde"
    )
    item = services.agenda_item_add(meeting=meeting, title="Besluit")
    proposal = services.proposal_create(item=item, by=board, kind=kind, title=title, text="Wij besluiten.", seats=seats)
    services.meeting_convene(meeting=meeting, by=board, now=starts_at - dt.timedelta(days=20))
    services.meeting_chair_designate(meeting=meeting, chair=board, by=board)
    meeting.refresh_from_db()
    return meeting, proposal


def present(meeting, *members):
    for m in members:
        services.attendance_register(meeting=meeting, member=m, now=meeting.starts_at)


def added_in_time(meeting, board, *, title="Nog een punt", kind=ProposalKind.ORDINARY, seats=None):
    """An item with a proposal added after the convocation and announced by a supplementary
    convocation sent the next day (in time), so the meeting may decide on it."""
    at = meeting.convened_at + dt.timedelta(days=1)
    item = services.agenda_item_add(meeting=meeting, title=title, by=board, now=at)
    proposal = services.proposal_create(
        item=item, by=board, kind=kind, title=title, text="Wij besluiten.", seats=seats, now=at
    )
    services.convocation_supplement_send(meeting=meeting, by=board, now=at, notify=False)
    return item, proposal
