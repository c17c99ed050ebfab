"""Panels on a member's home page, contributed by the apps that own the data.

members must not import reservations, ledger or governance (dependencies point one way),
so each app offers a panel function here: `panel(request) -> dict | None` returning
{"template": "<app>/_panel_x.html", "order": int, ...context} or None to show nothing.
"""

from __future__ import annotations

from importlib import import_module

HOME_PANELS = [
    "vehicles.panels.my_cars",
    "reservations.panels.upcoming",
    "ledger.panels.balance",
    "governance.panels.next_meeting",
]


def home_panels(request) -> list[dict]:
    panels = []
    for path in HOME_PANELS:
        module_path, _, name = path.rpartition(".")
        try:
            module = import_module(module_path)
        except ModuleNotFoundError as exc:
            if exc.name != module_path:
                raise
            continue  # that app offers no panel (yet)
        panel = getattr(module, name)(request)
        if panel:
            panels.append(panel)
    return sorted(panels, key=lambda p: p.get("order", 50))
