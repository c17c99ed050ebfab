"""The main menu of a cooperative: one entry per app, shown to the roles that may use it.

On a desktop every entry sits in the top menu. On a phone a bottom bar holds the four places
a member uses most (which four depends on the member's roles) and "Meer" for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.permissions import member_roles

# The treasurer's pages of the ledger and payments apps: they sit below the member's
# own /books/ and /payments/ pages but belong to the "Penningmeester" entry.
TREASURER_PAGES = frozenset(
    [
        *(f"ledger:{n}" for n in ("dashboard", "trips_charge", "expenses", "expense_decide", "tariffs")),
        *(f"ledger:{n}" for n in ("car_costs", "periods", "period_action", "settlement", "settlement_post")),
        *(f"ledger:{n}" for n in ("statements", "postings", "trial_balance")),
        *(f"payments:{n}" for n in ("settings", "sepa", "batch", "bank", "bank_import", "queue", "assign")),
        "payments:arrears",
        "ledger:deposits",
        "ledger:disputes",
        "ledger:penalty_rates",
    ]
)

StrOrPromise = str | Promise


@dataclass(frozen=True)
class Entry:
    label: StrOrPromise
    url_name: str
    roles: frozenset[str] | None = None  # who sees it; None: every member
    pages: frozenset[str] = frozenset()  # other pages (url names) that belong to this entry
    short: StrOrPromise | None = None  # the label in the phone's bottom bar, where space is short
    icon: str = ""  # the bottom bar's icon (deel/_icon.html)


MENU = (
    Entry(_("Overzicht"), "coop_home", icon="home"),
    Entry(_("Auto's"), "vehicles:pool", icon="car"),
    Entry(_("Reserveren"), "reservations:find", icon="calendar"),
    Entry(_("Mijn ritten"), "reservations:mine", short=_("Ritten"), icon="list"),
    Entry(_("Mijn saldo"), "ledger:my_balance", short=_("Saldo"), icon="euro"),
    Entry(_("Betalen"), "payments:mine"),
    Entry(_("Leden"), "members:list"),
    Entry(_("ALV"), "governance:meetings"),
    Entry(_("Besluiten"), "governance:decisions"),
    Entry(
        _("Penningmeester"),
        "ledger:dashboard",
        frozenset({"treasurer", "audit", "board"}),
        TREASURER_PAGES,
        short=_("Financiën"),
        icon="book",
    ),
    Entry(_("Bestuur"), "members:board", frozenset({"board"}), icon="people"),
)

# The phone's bottom bar: three places every member uses, then the place of the member's
# first role in this order (the plain member's own balance otherwise), then "Meer".
BAR_COMMON = ("coop_home", "reservations:find", "reservations:mine")
BAR_BY_ROLE = (
    ("treasurer", "ledger:dashboard"),
    ("board", "members:board"),
    ("audit", "ledger:dashboard"),
    ("caretaker", "vehicles:pool"),
)
BAR_DEFAULT = "ledger:my_balance"


def bar_places(roles: frozenset[str]) -> tuple[str, ...]:
    """The url names in the phone's bottom bar (before "Meer") for a member with these roles."""
    own = next((url_name for role, url_name in BAR_BY_ROLE if role in roles), BAR_DEFAULT)
    return (*BAR_COMMON, own)


def menu_for(request: HttpRequest) -> list[dict[str, Any]]:
    coop = getattr(request, "coop", None)
    member = getattr(request, "member", None)
    if coop is None or member is None:
        return []
    roles = member_roles(member)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    home = reverse("coop_home", kwargs={"coop": coop.slug})
    items: list[dict[str, Any]] = []
    scores: list[int] = []
    for entry in MENU:
        if entry.roles is not None and not (roles & entry.roles):
            continue
        url = reverse(entry.url_name, kwargs={"coop": coop.slug})
        # How well this entry matches the page shown: its own page, one of the pages it
        # names, or a page below its address. Only the best match is marked active.
        if request.path == url or view_name == entry.url_name:
            score = 3
        elif view_name in entry.pages:
            score = 2
        elif url != home and request.path.startswith(url):
            score = 1
        else:
            score = 0
        items.append(
            {
                "label": entry.label,
                "short": entry.short or entry.label,
                "icon": entry.icon,
                "url": url,
                "url_name": entry.url_name,
                "active": False,
            }
        )
        scores.append(score)
    best = max(scores, default=0)
    for item, score in zip(items, scores, strict=True):
        item["active"] = best > 0 and score == best
    return items


def bottom_bar(request: HttpRequest, menu: list[dict[str, Any]]) -> dict[str, Any]:
    """The phone's bottom bar from the composed menu: `places` in the bar, `more` behind "Meer"
    (`more_active` when the page shown belongs to one of those)."""
    if not menu:
        return {}
    names = bar_places(member_roles(getattr(request, "member", None)))
    by_name = {item["url_name"]: item for item in menu}
    places = [by_name[name] for name in names if name in by_name]
    more = [item for item in menu if item["url_name"] not in names]
    return {"places": places, "more": more, "more_active": any(item["active"] for item in more)}
