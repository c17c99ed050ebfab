"""At the meeting: online attendance with the member's own log-in, paper proxies registered
at the door, the chair, and the agenda item under discussion (for those following online).

In the room members still check in with the code on the screen (meetings.attendance_checkin);
a member taking part online never needs that code: being logged in identifies them.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member

from .. import permissions as perms
from ..errors import GovernanceError, ProxyRefused
from ..locks import meeting_lock
from ..models import AgendaItem, Attendance, AttendanceSource, Meeting, MeetingEventKind, Proxy
from ..permissions import is_entitled
from .history import meeting_event_record


def _assert_member_of(meeting: Meeting, *members: Member) -> None:
    for member in members:
        if member.cooperative_id != meeting.cooperative_id:
            raise GovernanceError(_("Dit lid hoort niet bij deze coöperatie."))


@transaction.atomic
def attendance_register_online(*, meeting: Meeting, member: Member, now: dt.datetime | None = None) -> Attendance:
    """The logged-in `member` registers their own online attendance. Guarantees: only when the
    statutes allow taking part by electronic means (Cooperative.remote_participation_allowed),
    while the meeting is in progress (convened, from two hours before until closed), for a
    member entitled to attend (not suspended as a member). Idempotent: a member already
    present (in the room or online) keeps that registration."""
    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    _assert_member_of(meeting, member)
    if not meeting.cooperative.remote_participation_allowed:
        raise GovernanceError(_("De statuten staan online deelnemen aan de vergadering niet toe."))
    if not is_entitled(member):
        raise GovernanceError(_("%(name)s heeft geen toegang tot de vergadering.") % {"name": member.name})
    if not perms.meeting_in_progress(meeting, now):
        raise GovernanceError(_("Online aanmelden kan tijdens de vergadering (vanaf twee uur voor de aanvang)."))
    existing = Attendance.objects.filter(meeting=meeting, member=member).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                meeting=meeting, member=member, source=AttendanceSource.ONLINE, checked_in_at=now
            )
    except IntegrityError:
        return Attendance.objects.get(meeting=meeting, member=member)
    meeting_event_record(
        meeting=meeting, kind=MeetingEventKind.ATTENDANCE_REGISTERED, by=member, note=_("online"), at=now
    )
    return attendance


def proxy_assert_allowed(*, meeting: Meeting, grantor: Member, holder: Member) -> None:
    """The rules every proxy keeps (ProxyRefused otherwise): two different members of the
    cooperative, both entitled to vote (not suspended as a member), one active proxy per
    grantor, no chains, no more proxies per holder than the statutes' cap. Call with the
    meeting locked."""
    _assert_member_of(meeting, grantor, holder)
    if grantor.pk == holder.pk:
        raise ProxyRefused(_("Je kunt jezelf geen volmacht geven."))
    if not (is_entitled(grantor) and is_entitled(holder)):
        raise ProxyRefused(_("Alleen leden met stemrecht kunnen een volmacht geven of krijgen."))
    active = Proxy.objects.filter(meeting=meeting, revoked_at__isnull=True)
    if active.filter(grantor=grantor).exists():
        raise ProxyRefused(_("Je hebt voor deze vergadering al een volmacht gegeven; trek die eerst in."))
    if active.filter(grantor=holder).exists():
        raise ProxyRefused(
            _("%(name)s heeft zelf een volmacht gegeven en kan er geen aannemen.") % {"name": holder.name}
        )
    if active.filter(holder=grantor).exists():
        raise ProxyRefused(_("Je hebt zelf een volmacht aangenomen; die moet eerst worden ingetrokken."))
    cap = meeting.cooperative.proxy_cap
    if active.filter(holder=holder).count() >= cap:
        raise ProxyRefused(
            _("%(name)s heeft al het maximum van %(cap)s volmacht(en) volgens de statuten.")
            % {"name": holder.name, "cap": cap}
        )


@transaction.atomic
def proxy_register_paper(
    *,
    meeting: Meeting,
    grantor: Member,
    holder: Member,
    by: Member,
    paper_received: bool,
    now: dt.datetime | None = None,
) -> Proxy:
    """A board member registers a signed paper proxy handed in at the door (also after the
    start, until the meeting is closed). Guarantees: the board member confirms having the
    paper (`paper_received`); the same rules as every proxy, the statutes' cap included
    (proxy_assert_allowed); recorded with the board member as actor (Proxy.registered_by
    and the meeting's history)."""
    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    _assert_member_of(meeting, by)
    if not perms.can_register_paper_proxy(meeting, by):
        raise ProxyRefused(_("Alleen het bestuur registreert een schriftelijke volmacht, tot de vergadering sluit."))
    if not paper_received:
        raise ProxyRefused(_("Registreer een volmacht pas als je de ondertekende volmacht op papier hebt."))
    proxy_assert_allowed(meeting=meeting, grantor=grantor, holder=holder)
    proxy = Proxy(meeting=meeting, grantor=grantor, holder=holder, paper=True, registered_by=by)
    proxy.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            proxy.save()
    except IntegrityError:
        raise ProxyRefused(_("Je hebt voor deze vergadering al een volmacht gegeven; trek die eerst in.")) from None
    meeting_event_record(
        meeting=meeting, kind=MeetingEventKind.PROXY_PAPER, by=by, note=f"{grantor.name} → {holder.name}", at=now
    )
    return proxy


@transaction.atomic
def meeting_chair_designate(*, meeting: Meeting, chair: Member, by: Member, now: dt.datetime | None = None) -> Meeting:
    """The board designates the chair of this meeting: a member entitled to attend. Changing
    the chair later (the chair leaves) keeps the declarations already made in the former
    chair's name. Recorded in the meeting's history."""
    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    _assert_member_of(meeting, chair, by)
    if not perms.can_designate_chair(meeting, by):
        raise GovernanceError(_("Het bestuur wijst de voorzitter aan van een opgeroepen vergadering die nog open is."))
    if not is_entitled(chair):
        raise GovernanceError(_("%(name)s heeft geen toegang tot de vergadering.") % {"name": chair.name})
    if meeting.chair_id == chair.pk:
        return meeting
    meeting.chair = chair
    meeting.save(update_fields=["chair", "updated_at"])
    meeting_event_record(meeting=meeting, kind=MeetingEventKind.CHAIR_DESIGNATED, by=by, note=chair.name, at=now)
    return meeting


@transaction.atomic
def meeting_item_current(*, meeting: Meeting, item: AgendaItem | None, by: Member) -> Meeting:
    """Set the agenda item under discussion now (None: none), shown on the live page."""
    meeting = meeting_lock(meeting=meeting)
    if not perms.can_manage_meetings(by) or by.cooperative_id != meeting.cooperative_id:
        raise GovernanceError(_("Alleen het bestuur leidt de agenda."))
    if not perms.meeting_is_open(meeting):
        raise GovernanceError(_("Deze vergadering is gesloten; er kan niets meer worden gewijzigd."))
    if item is not None and item.meeting_id != meeting.pk:
        raise GovernanceError(_("Dit agendapunt hoort niet bij deze vergadering."))
    meeting.current_item = item
    meeting.save(update_fields=["current_item", "updated_at"])
    if item is not None:
        meeting_event_record(meeting=meeting, kind=MeetingEventKind.ITEM_CURRENT, by=by, note=str(item))
    return meeting
