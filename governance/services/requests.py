"""ALV requests the board left unanswered: the requesters convene the meeting (2:41 lid 3)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Member

from ..errors import GovernanceError, RequestNotDue
from ..locks import meeting_request_lock
from ..models import Meeting, MeetingRequest
from ..permissions import is_entitled
from ..selectors import meeting_request_members_may_convene
from .meetings import agenda_item_add, meeting_convene, meeting_create


@transaction.atomic
def meeting_request_convene(
    *,
    request: MeetingRequest,
    by: Member,
    starts_at: dt.datetime,
    location: str,
    online_url: str = "",
    title: str = "",
    now: dt.datetime | None = None,
    notify: bool = True,
) -> Meeting:
    """The requesters convene the ALV themselves (2:41 lid 3): allowed to a supporter of a
    request that was made (the share of the votes reached) and that the board did not answer
    within 14 days with a convocation of an ALV held within the 4 weeks. The meeting is
    created with the requested subject on its agenda and convened at once, with the
    statutes' notice period, as the board would (the same e-mail and delivery log)."""
    now = now or timezone.now()
    request = meeting_request_lock(request=request)
    if by.cooperative_id != request.cooperative_id or not is_entitled(by):
        raise GovernanceError(_("Alleen leden met stemrecht kunnen een ALV aanvragen."))
    if not request.supports.filter(member=by).exists():
        raise RequestNotDue(_("Alleen wie het verzoek steunt kan de vergadering zelf bijeenroepen."))
    if request.self_convened_at is not None:
        raise RequestNotDue(_("De verzoekers hebben deze vergadering al bijeengeroepen."))
    if not meeting_request_members_may_convene(request=request, now=now):
        raise RequestNotDue(
            _("Het bestuur heeft nog tot %(date)s om de vergadering bijeen te roepen.")
            % {"date": date_format(timezone.localtime(request.convene_by), "j F Y H:i")}
            if request.convene_by
            else _("Dit verzoek heeft nog niet genoeg steun (2:41).")
        )
    meeting = meeting_create(
        cooperative=request.cooperative,
        by=by,
        title=title or _("ALV op verzoek van leden: %(subject)s") % {"subject": request.subject},
        starts_at=starts_at,
        location=location,
        online_url=online_url,
    )
    agenda_item_add(meeting=meeting, title=request.subject[:200], description=request.reason, by=by)
    meeting_convene(meeting=meeting, by=by, now=now, notify=notify)
    request.meeting = meeting
    request.self_convened_at = now
    request.save(update_fields=["meeting", "self_convened_at"])
    meeting.refresh_from_db()
    return meeting
