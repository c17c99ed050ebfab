"""Pages of the members app: parse, check permission, call one service or selector, render.

By subject: the public pages and the choice of cooperative (public.py), what members see
of each other (directory.py), the board's work (board.py), one's own data (profile.py)."""

from .board import (
    admit,
    board,
    erase,
    refuse,
    reinstate,
    remove,
    role_grant_approve,
    role_grant_refuse,
    roles,
    roles_assign,
    suspend,
)
from .directory import access_log, member_detail, member_list
from .household import household, household_driver_remove
from .profile import leave, profile
from .public import apply, home, landing

__all__ = [
    "access_log",
    "admit",
    "apply",
    "board",
    "erase",
    "home",
    "household",
    "household_driver_remove",
    "landing",
    "leave",
    "member_detail",
    "member_list",
    "profile",
    "refuse",
    "reinstate",
    "remove",
    "role_grant_approve",
    "role_grant_refuse",
    "roles",
    "roles_assign",
    "suspend",
]
