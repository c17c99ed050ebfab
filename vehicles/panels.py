"""Home-page panel of the vehicles app (see deel/home.py): the member's own cars and,
for caretakers, board and treasurer, papers that expire within 30 days."""

from __future__ import annotations

from . import permissions as perms
from . import selectors


def my_cars(request) -> dict | None:
    member = getattr(request, "member", None)
    if member is None:
        return None
    cars = selectors.own_vehicles(member=member)
    expiring = (
        selectors.documents_expiring(cooperative=request.coop, member=member)
        if perms.can_see_expiring_documents(member)
        else []
    )
    if not cars and not expiring:
        return None
    return {"template": "vehicles/_panel_my_cars.html", "order": 30, "cars": cars, "documents": expiring}
