"""The main menu of a cooperative: one entry per app, shown to the roles that may use it."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from members.tenancy import member_roles

# (label, url name, roles that see it; None = every member)
MENU = [
    (_("Overzicht"), "members:coop_home", None),
    (_("Auto's"), "vehicles:pool", None),
    (_("Reserveren"), "reservations:find", None),
    (_("Mijn ritten"), "reservations:mine", None),
    (_("Mijn saldo"), "ledger:my_balance", None),
    (_("Betalen"), "payments:mine", None),
    (_("Leden"), "members:list", None),
    (_("ALV"), "governance:meetings", None),
    (_("Besluiten"), "governance:decisions", None),
    (_("Penningmeester"), "ledger:dashboard", {"treasurer", "audit", "board"}),
    (_("Bestuur"), "members:board", {"board"}),
]


def menu_for(request) -> list[dict]:
    coop = getattr(request, "coop", None)
    member = getattr(request, "member", None)
    if coop is None or member is None:
        return []
    roles = member_roles(member)
    items = []
    for label, name, allowed in MENU:
        if allowed is not None and not (roles & allowed):
            continue
        try:
            url = reverse(name, kwargs={"coop": coop.slug})
        except NoReverseMatch:
            continue  # that app offers no such page (yet)
        items.append(
            {
                "label": label,
                "url": url,
                "active": request.path == url
                or (url != reverse("members:coop_home", kwargs={"coop": coop.slug}) and request.path.startswith(url)),
            }
        )
    return items
