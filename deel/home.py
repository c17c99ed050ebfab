"""The member's home page of a cooperative: a panel per subject, composed here from the apps'
selectors and permissions (the apps never know about the home page)."""

from __future__ import annotations

from typing import Any

from governance import permissions as governance_perms
from governance import selectors as governance_selectors
from ledger import selectors as ledger_selectors
from members.models import Member
from members.permissions import CoopRequest
from reservations import selectors as reservation_selectors
from vehicles import permissions as vehicle_perms
from vehicles import selectors as vehicle_selectors

from . import inbox

Panel = dict[str, Any]


def upcoming_panel(request: CoopRequest) -> Panel:
    """The member's next bookings."""
    return {
        "template": "home/_panel_upcoming.html",
        "upcoming": reservation_selectors.upcoming_for(member=request.member),
    }


def my_cars_panel(request: CoopRequest) -> Panel | None:
    """The member's own cars and, for caretakers, board and treasurer, papers that expire within 30 days."""
    member: Member = request.member
    cars = vehicle_selectors.own_vehicles(member=member)
    expiring = (
        vehicle_selectors.documents_expiring(cooperative=request.coop, member=member)
        if vehicle_perms.can_see_expiring_documents(member)
        else []
    )
    if not cars and not expiring:
        return None
    return {"template": "home/_panel_my_cars.html", "cars": cars, "documents": expiring}


def balance_panel(request: CoopRequest) -> Panel:
    """The member's own balance and last statement."""
    return {
        "template": "home/_panel_balance.html",
        "balance_cents": ledger_selectors.member_balance_cents(member=request.member),
        "last_statement": ledger_selectors.statements_of_member(member=request.member).first(),
    }


def next_meeting_panel(request: CoopRequest) -> Panel | None:
    """The next convened ALV, with open ballots and the member's proxy; None if there is none."""
    if not governance_perms.is_entitled(request.member):
        return None
    meeting = governance_selectors.next_meeting(cooperative=request.coop)
    if meeting is None:
        return None
    summary = governance_selectors.meeting_summary_for(meeting=meeting, member=request.member)
    return {"template": "home/_panel_next_meeting.html", "meeting": meeting, **summary}


def inbox_panel(request: CoopRequest) -> Panel | None:
    """The treasurer's and the board's to-do list (deel/inbox.py); None for other members."""
    if not inbox.has_inbox(request):
        return None
    return {"template": "home/_panel_inbox.html", "items": inbox.inbox_items(request)}


# In the order they are shown.
PANELS = (inbox_panel, upcoming_panel, my_cars_panel, balance_panel, next_meeting_panel)


def home_panels(request: CoopRequest) -> list[Panel]:
    return [panel for make in PANELS if (panel := make(request)) is not None]
