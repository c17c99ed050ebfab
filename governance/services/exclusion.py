"""Which early votes no longer count when a ballot closes.

An electronic vote cast before the meeting counts as cast at it (2:38): so only when the
voter is still entitled to vote at the meeting. A member who left (membership ended) or was
suspended as a member (2:38 lid 1) since casting it has no vote there; their early vote is
left out of the outcome and shown in the frozen record with the reason.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import MemberStatus

from ..models import Participation
from ..permissions import ENTITLED_STATUSES


def excluded_reason(*, participation: Participation, now: dt.datetime) -> str:
    """Why this early vote does not count at closing (`now`), or "" when it counts. Votes cast
    at the meeting were checked when cast (vote_cast)."""
    if not participation.electronic:
        return ""
    member = participation.member
    if member.status == MemberStatus.LEFT:
        if member.left_at is not None:
            return _("lidmaatschap beëindigd op %(date)s") % {
                "date": date_format(timezone.localtime(member.left_at), "j F Y")
            }
        return _("lidmaatschap beëindigd")
    if member.rights_suspended:
        return _("geschorst als lid (art. 2:38 lid 1 BW)")
    if member.status not in ENTITLED_STATUSES:
        return _("geen lid met stemrecht meer")
    return ""
