"""Pages of the members app: parse, check permission, call one service or selector, render.

By subject: the public pages and the choice of cooperative (public.py), what members see
of each other (directory.py), the board's work (board.py), one's own data (profile.py)."""

from .board import (
    admit,
    board,
    refuse,
    reinstate,
    remove,
    role_grant_approve,
    role_grant_refuse,
    roles,
    roles_assign,
    suspend,
)
from .directory import member_detail, member_list
from .profile import leave, profile
from .public import apply, home, landing

__all__ = [
    "admit",
    "apply",
    "board",
    "home",
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
