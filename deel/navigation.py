"""The main menu of a cooperative: one entry per app, shown to the roles that may use it."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from members.tenancy import member_roles

# The treasurer's pages of the ledger and payments apps: they sit below the member's
# own /books/ and /payments/ pages but belong to the "Penningmeester" entry.
TREASURER_PAGES = frozenset(
    [
        *(f"ledger:{n}" for n in ("dashboard", "trips_charge", "expenses", "expense_decide", "tariffs")),
        *(f"ledger:{n}" for n in ("car_costs", "periods", "period_action", "settlement", "settlement_post")),
        *(f"ledger:{n}" for n in ("statements", "postings", "trial_balance")),
        *(f"payments:{n}" for n in ("settings", "sepa", "batch", "bank", "bank_import", "queue", "assign")),
        "payments:arrears",
    ]
)

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
    (_("Penningmeester"), "ledger:dashboard", {"treasurer", "audit", "board"}, TREASURER_PAGES),
    (_("Bestuur"), "members:board", {"board"}),
]


def menu_for(request) -> list[dict]:
    coop = getattr(request, "coop", None)
    member = getattr(request, "member", None)
    if coop is None or member is None:
        return []
    roles = member_roles(member)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    home = reverse("members:coop_home", kwargs={"coop": coop.slug})
    items = []
    for label, name, allowed, *pages in MENU:
        if allowed is not None and not (roles & allowed):
            continue
        try:
            url = reverse(name, kwargs={"coop": coop.slug})
        except NoReverseMatch:
            continue  # that app offers no such page (yet)
        # How well this entry matches the page shown: its own page, one of the pages it
        # names, or a page below its address. Only the best match is marked active.
        if request.path == url or view_name == name:
            score = 3
        elif pages and view_name in pages[0]:
            score = 2
        elif url != home and request.path.startswith(url):
            score = 1
        else:
            score = 0
        items.append({"label": label, "url": url, "score": score, "active": False})
    best = max((item["score"] for item in items), default=0)
    for item in items:
        score = item.pop("score")
        item["active"] = best > 0 and score == best
    return items
