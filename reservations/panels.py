"""The member's home-page panel: upcoming bookings (deel.home.HOME_PANELS)."""

from __future__ import annotations

from .selectors import upcoming_for


def upcoming(request) -> dict | None:
    member = getattr(request, "member", None)
    if member is None:
        return None
    return {"template": "reservations/_panel_upcoming.html", "order": 10, "upcoming": upcoming_for(member=member)}
