"""Meetings: creation, agenda, convocation, attendance and proxies."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.formats import format_date
from deel.mail import after_commit
from deel.uploads import accept_document
from members.models import Cooperative, Member

from .. import convocation as convocation_rules
from .. import permissions as perms
from ..errors import CloseReasonRequired, ConvocationTooLate, GovernanceError, ProxyRefused
from ..locks import meeting_lock, proxy_lock
from ..models import (
    CODE_ALPHABET,
    AgendaItem,
    Attendance,
    AttendanceSource,
    Ballot,
    BallotStatus,
    Candidate,
    ConvocationKind,
    Meeting,
    MeetingEventKind,
    MeetingRequest,
    MeetingStatus,
    Proposal,
    ProposalKind,
    Proxy,
)
from ..permissions import is_entitled
from ..tasks import send_convocation
from .amendments import proposal_current_text
from .attendance import proxy_assert_allowed
from .convocation import assert_agenda_open, convocation_record
from .history import meeting_event_record

STATUTES_NOTICE_DAYS = convocation_rules.STATUTES_NOTICE_DAYS  # 2:42 lid 1
STATUTES_INSPECTION_DAYS = convocation_rules.STATUTES_INSPECTION_DAYS  # 2:42 lid 2
# The fields a board member edits on a meeting and an agenda item (the forms use these lists).
MEETING_EDITABLE_FIELDS = ("title", "starts_at", "location", "online_url")
AGENDA_ITEM_EDITABLE_FIELDS = ("title", "description", "document")


def _assert_agenda_editable(meeting: Meeting) -> None:
    if not perms.can_edit_agenda(meeting):
        raise GovernanceError(_("Deze vergadering is gesloten; er kan niets meer worden gewijzigd."))


def _checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def _assert_same_coop(meeting: Meeting, *members: Member) -> None:
    for member in members:
        if member.cooperative_id != meeting.cooperative_id:
            raise GovernanceError(_("Dit lid hoort niet bij deze coöperatie."))


def _assert_not_closed(meeting: Meeting) -> None:
    if not perms.meeting_is_open(meeting):
        raise GovernanceError(_("Deze vergadering is gesloten; er kan niets meer worden gewijzigd."))


@transaction.atomic
def meeting_create(
    *,
    cooperative: Cooperative,
    by: Member,
    title: str,
    starts_at: dt.datetime,
    location: str,
    online_url: str = "",
    request: MeetingRequest | None = None,
) -> Meeting:
    """Create an ALV in preparation, with a fresh check-in code; optionally answering an
    ALV request of the members (which then records this meeting)."""
    meeting = Meeting(
        cooperative=cooperative,
        title=title,
        starts_at=starts_at,
        location=location,
        online_url=online_url,
        checkin_code=_checkin_code(),
        created_by=by,
    )
    meeting.full_clean()
    meeting.save()
    if request is not None:
        if request.cooperative_id != cooperative.pk:
            raise GovernanceError(_("Dit verzoek hoort niet bij deze coöperatie."))
        request.meeting = meeting
        request.save(update_fields=["meeting"])
    meeting_event_record(meeting=meeting, kind=MeetingEventKind.CREATED, by=by)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    title: str,
    starts_at: dt.datetime,
    location: str,
    online_url: str = "",
    by: Member | None = None,
) -> Meeting:
    """Change date, place or title; a convened meeting whose date moves must be convened
    again (its status goes back to preparation). The date is fixed once a ballot opened."""
    _assert_not_closed(meeting)
    if starts_at != meeting.starts_at and Ballot.objects.filter(proposal__item__meeting=meeting).exists():
        # Early votes count only within 30 days before the date they were cast for.
        raise GovernanceError(_("Er is al een stemming geopend; de datum van deze vergadering ligt vast."))
    if meeting.status == MeetingStatus.CONVENED and starts_at != meeting.starts_at:
        meeting.status = MeetingStatus.DRAFT
        meeting.convened_at = None
    meeting.title, meeting.starts_at, meeting.location, meeting.online_url = title, starts_at, location, online_url
    meeting.full_clean()
    meeting.save()
    meeting_event_record(meeting=meeting, kind=MeetingEventKind.UPDATED, by=by)
    return meeting


@transaction.atomic
def meeting_close(
    *, meeting: Meeting, by: Member | None = None, now: dt.datetime | None = None, reason: str = ""
) -> Meeting:
    """Close a held meeting. Refused while a ballot is still open. A meeting left open past
    its meeting day (governance.permissions.meeting_day_ends) is closed afterwards by the
    board with a reason, recorded as its own event (CloseReasonRequired without one)."""
    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    _assert_not_closed(meeting)
    late = perms.needs_close_reason(meeting, now)
    if late and (by is None or not reason.strip()):
        raise CloseReasonRequired(_("De vergaderdag is voorbij: vermeld waarom de vergadering pas nu wordt gesloten."))
    if not perms.can_close_meeting(meeting, now):
        raise GovernanceError(_("Een vergadering kan pas worden gesloten nadat ze is begonnen."))
    if Ballot.objects.filter(proposal__item__meeting=meeting, status=BallotStatus.OPEN).exists():
        raise GovernanceError(_("Sluit eerst alle open stemmingen."))
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = now
    meeting.save(update_fields=["status", "closed_at", "updated_at"])
    if late:
        meeting_event_record(meeting=meeting, kind=MeetingEventKind.CLOSED_LATE, by=by, note=reason.strip(), at=now)
    else:
        meeting_event_record(meeting=meeting, kind=MeetingEventKind.CLOSED, by=by, at=now)
    return meeting


# Agenda ---------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    description: str = "",
    document: File | None = None,
    by: Member | None = None,
    now: dt.datetime | None = None,
) -> AgendaItem:
    """Append an item; numbers stay 1..n. A document must be a PDF or an image by its
    content (deel.uploads), or nothing is stored. After the convocation only while a
    supplementary convocation can still be sent in time (AgendaFixed)."""
    if document:
        document = accept_document(document)
    meeting = meeting_lock(meeting=meeting)
    _assert_agenda_editable(meeting)
    assert_agenda_open(meeting=meeting, now=now)  # after the convocation: only with a supplementary one in time
    last = meeting.items.aggregate(m=Max("position"))["m"] or 0
    item = AgendaItem(meeting=meeting, position=last + 1, title=title, description=description)
    if document:
        item.document = document
    item.full_clean()
    item.save()
    meeting_event_record(meeting=meeting, kind=MeetingEventKind.ITEM_ADDED, by=by, note=str(item))
    return item


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, title: str, description: str, document: File | None = None, by: Member | None = None
) -> AgendaItem:
    if document:
        document = accept_document(document)
    _assert_agenda_editable(item.meeting)
    item.title, item.description = title, description
    if document:
        item.document = document
    item.full_clean()
    item.save()
    meeting_event_record(meeting=item.meeting, kind=MeetingEventKind.ITEM_CHANGED, by=by, note=str(item))
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, by: Member | None = None) -> None:
    """Swap an item with its neighbour above (up) or below."""
    meeting = meeting_lock(meeting=item.meeting)
    _assert_agenda_editable(meeting)
    items = list(meeting.items.order_by("position"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other_index = index - 1 if up else index + 1
    if other_index < 0 or other_index >= len(items):
        return
    a, b = items[index], items[other_index]
    pos_a, pos_b = a.position, b.position
    a.position = 32000
    a.save(update_fields=["position"])
    b.position = pos_a
    b.save(update_fields=["position"])
    a.position = pos_b
    a.save(update_fields=["position"])
    meeting_event_record(meeting=meeting, kind=MeetingEventKind.ITEM_MOVED, by=by, note=str(a))


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: Member | None = None) -> None:
    """Remove an item without ballots and renumber the rest."""
    meeting = meeting_lock(meeting=item.meeting)
    _assert_agenda_editable(meeting)
    if Ballot.objects.filter(proposal__item=item).exists():
        raise GovernanceError(_("Over dit agendapunt is al gestemd; het kan niet worden verwijderd."))
    meeting_event_record(meeting=meeting, kind=MeetingEventKind.ITEM_DELETED, by=by, note=str(item))
    item.delete()
    for position, it in enumerate(meeting.items.order_by("position"), start=1):
        if it.position != position:
            it.position = position
            it.save(update_fields=["position"])


@transaction.atomic
def proposal_create(
    *,
    item: AgendaItem,
    by: Member,
    kind: str,
    title: str,
    text: str,
    explanation: str = "",
    seats: int | None = None,
    text_available_from: dt.date | None = None,
    amends: Proposal | None = None,
    now: dt.datetime | None = None,
) -> Proposal:
    """A proposal on an agenda item, or an amendment (`amends`) voted before its proposal.
    An amendment's `text` is the full new wording; the text it changes is kept as `base_text`.
    A new proposal after the convocation waits for a supplementary one (AgendaFixed when
    that can no longer be sent in time); an amendment needs none."""
    _assert_agenda_editable(item.meeting)
    _assert_same_coop(item.meeting, by)
    if amends is not None:
        if amends.item_id != item.pk:
            raise GovernanceError(_("Een amendement hoort bij hetzelfde agendapunt als het voorstel."))
        if amends.amends_id is not None:
            raise GovernanceError(_("Een amendement op een amendement is niet mogelijk."))
        if amends.ballots.exists():
            raise GovernanceError(_("Over dit voorstel wordt al gestemd; een amendement kan niet meer."))
        if amends.kind == ProposalKind.ELECTION:
            raise GovernanceError(_("Bij een verkiezing zijn geen amendementen mogelijk."))
        kind = amends.kind
        base_text = proposal_current_text(amends)  # the amendment's `text` is the new wording
    else:
        base_text = ""
        assert_agenda_open(meeting=item.meeting, kind=kind, now=now)  # a new proposal after the convocation
    if kind == ProposalKind.ELECTION and not seats:
        raise GovernanceError(_("Geef bij een verkiezing het aantal zetels op."))
    proposal = Proposal(
        item=item,
        amends=amends,
        kind=kind,
        title=title,
        text=text,
        explanation=explanation,
        seats=seats if kind == ProposalKind.ELECTION else None,
        text_available_from=text_available_from,
        submitted_by=by,
        base_text=base_text,
    )
    proposal.full_clean()
    proposal.save()
    meeting_event_record(meeting=item.meeting, kind=MeetingEventKind.PROPOSAL_ADDED, by=by, note=proposal.title)
    return proposal


@transaction.atomic
def candidate_add(*, proposal: Proposal, member: Member, statement: str = "", by: Member | None = None) -> Candidate:
    """Add a member standing for election; only before voting starts."""
    if proposal.kind != ProposalKind.ELECTION:
        raise GovernanceError(_("Kandidaten horen bij een verkiezing."))
    _assert_same_coop(proposal.item.meeting, member)
    if not is_entitled(member):
        raise GovernanceError(_("Alleen leden kunnen kandidaat zijn."))
    if proposal.ballots.exists():
        raise GovernanceError(_("De stemming is al geopend; er kunnen geen kandidaten meer bij."))
    if proposal.candidates.filter(member=member).exists():
        raise GovernanceError(_("%(name)s is al kandidaat.") % {"name": member.name})
    candidate = Candidate(proposal=proposal, member=member, statement=statement)
    candidate.full_clean()
    candidate.save()
    meeting_event_record(meeting=proposal.item.meeting, kind=MeetingEventKind.CANDIDATE_ADDED, by=by, note=member.name)
    return candidate


# Convocation -----------------------------------------------------------------------------


def convocation_deadline(*, meeting: Meeting) -> dt.datetime:
    """The first moment too late to send the convocation: the notice period (the statutes',
    at least 7 days with a statute change on the agenda) counted to the meeting's day."""
    statute_change = Proposal.objects.filter(
        item__meeting=meeting, kind=ProposalKind.STATUTES, amends__isnull=True
    ).exists()
    days = max(meeting.cooperative.notice_days, STATUTES_NOTICE_DAYS if statute_change else 0)
    return convocation_rules.notice_deadline(meeting, days)


def convocation_warnings(*, meeting: Meeting, now: dt.datetime | None = None) -> list[str]:
    """Warnings (2:42 lid 2) for a statute change on the agenda whose full text is not set to
    lie open for inspection from 5 days before the meeting. (Less than 7 days' notice is
    not a warning: meeting_convene refuses it.)"""
    warnings = []
    statute_changes = Proposal.objects.filter(item__meeting=meeting, kind=ProposalKind.STATUTES, amends__isnull=True)
    meeting_day = convocation_rules.meeting_day(meeting)
    for proposal in statute_changes:
        latest = meeting_day - dt.timedelta(days=STATUTES_INSPECTION_DAYS)
        if proposal.text_available_from is None or proposal.text_available_from > latest:
            warnings.append(
                _("Statutenwijziging “%(title)s”: de volledige tekst moet uiterlijk %(date)s ter inzage liggen.")
                % {"title": proposal.title, "date": format_date(latest)}
            )
    return warnings


@transaction.atomic
def meeting_convene(*, meeting: Meeting, by: Member, now: dt.datetime | None = None, notify: bool = True) -> list[str]:
    """Send the convocation to every member entitled to attend. Refused (ConvocationTooLate)
    when sent later than the statutes' notice period before the meeting; returns the
    warnings about a statute change. The e-mails go out after the commit (Celery task);
    notify=False records a convocation sent outside DEEL (e.g. history in the demo)."""
    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    _assert_not_closed(meeting)
    if not perms.can_convene(meeting):
        raise GovernanceError(_("De oproeping voor deze vergadering is al verstuurd."))
    if not meeting.items.exists():
        raise GovernanceError(_("Stel eerst de agenda op: de oproeping vermeldt de agenda."))
    notice = meeting.cooperative.notice_days
    deadline = convocation_rules.notice_deadline(meeting, notice)
    if now >= deadline:
        raise ConvocationTooLate(
            _(
                "De oproeping is te laat: de statuten vragen %(days)s dagen oproepingstermijn, dus uiterlijk "
                "%(deadline)s. Verplaats de vergadering naar een latere datum."
            )
            % {"days": notice, "deadline": format_date(convocation_rules.last_sending_day(meeting, notice), year=True)},
            days=notice,
            deadline=deadline,
        )
    statutes_deadline = convocation_rules.notice_deadline(meeting, STATUTES_NOTICE_DAYS)
    statute_change = Proposal.objects.filter(item__meeting=meeting, kind=ProposalKind.STATUTES, amends__isnull=True)
    if now >= statutes_deadline and statute_change.exists():
        # 2:42 lid 1: a statute change cannot be decided by an ALV convened with less than 7 days.
        raise ConvocationTooLate(
            _(
                "Er staat een statutenwijziging op de agenda: die vraagt ten minste 7 dagen oproepingstermijn, "
                "dus uiterlijk %(deadline)s. Verplaats de vergadering of haal het voorstel van de agenda."
            )
            % {"deadline": format_date(convocation_rules.last_sending_day(meeting, STATUTES_NOTICE_DAYS), year=True)},
            days=STATUTES_NOTICE_DAYS,
            deadline=statutes_deadline,
        )
    warnings = convocation_warnings(meeting=meeting, now=now)
    meeting.status = MeetingStatus.CONVENED
    meeting.convened_at = now
    meeting.convened_by = by
    meeting.save(update_fields=["status", "convened_at", "convened_by", "updated_at"])
    convocation = convocation_record(meeting=meeting, by=by, kind=ConvocationKind.ORIGINAL, now=now)
    meeting_event_record(meeting=meeting, kind=MeetingEventKind.CONVENED, by=by, at=now)
    if notify:
        after_commit(send_convocation, meeting.pk, convocation.pk)
    return warnings


# Attendance ------------------------------------------------------------------------------


@transaction.atomic
def attendance_register(
    *,
    meeting: Meeting,
    member: Member,
    source: str = AttendanceSource.BOARD,
    by: Member | None = None,
    now: dt.datetime | None = None,
) -> Attendance:
    """Record a member as present (idempotent: a second registration changes nothing). A
    registration by the board (`by`) enters the meeting's history; a self check-in is its
    own record."""
    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    _assert_same_coop(meeting, member)
    _assert_not_closed(meeting)
    if not is_entitled(member):
        raise GovernanceError(_("%(name)s is geen lid met stemrecht.") % {"name": member.name})
    if not perms.checkin_open(meeting, now):
        raise GovernanceError(_("Aanmelden kan vanaf twee uur voor de vergadering, na de oproeping."))
    existing = Attendance.objects.filter(meeting=meeting, member=member).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(meeting=meeting, member=member, source=source, checked_in_at=now)
    except IntegrityError:
        return Attendance.objects.get(meeting=meeting, member=member)
    if source == AttendanceSource.BOARD:
        meeting_event_record(
            meeting=meeting, kind=MeetingEventKind.ATTENDANCE_REGISTERED, by=by, note=member.name, at=now
        )
    return attendance


def attendance_checkin(*, meeting: Meeting, member: Member, code: str, now: dt.datetime | None = None) -> Attendance:
    """Self check-in with the code shown in the room, for members in the room; online
    participants register with their own log-in (attendance.attendance_register_online)."""
    if code.strip().upper() != meeting.checkin_code:
        raise GovernanceError(_("Deze aanmeldcode klopt niet."))
    return attendance_register(meeting=meeting, member=member, source=AttendanceSource.CODE, now=now)


@transaction.atomic
def attendance_remove(*, meeting: Meeting, member: Member, by: Member | None = None) -> None:
    """Undo a mistaken registration (a member who left is still frozen in closed ballots)."""
    _assert_not_closed(meeting)
    removed, _by_model = Attendance.objects.filter(meeting=meeting, member=member).delete()
    if removed:
        meeting_event_record(meeting=meeting, kind=MeetingEventKind.ATTENDANCE_REMOVED, by=by, note=member.name)


# Proxies ---------------------------------------------------------------------------------


@transaction.atomic
def proxy_grant(*, meeting: Meeting, grantor: Member, holder: Member, now: dt.datetime | None = None) -> Proxy:
    """A written proxy in the system before the meeting. Guarantees: one active proxy per
    grantor, no more proxies per holder than the statutes' cap, no chains (a holder has
    not given their own vote away), both members entitled to vote (attendance.proxy_assert_allowed)."""
    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    _assert_same_coop(meeting, grantor, holder)
    _assert_not_closed(meeting)
    if not perms.proxy_window_open(meeting, now):
        raise ProxyRefused(_("Een volmacht geef je vóór de vergadering begint."))
    proxy_assert_allowed(meeting=meeting, grantor=grantor, holder=holder)
    proxy = Proxy(meeting=meeting, grantor=grantor, holder=holder)
    proxy.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            proxy.save()
    except IntegrityError:
        raise ProxyRefused(_("Je hebt voor deze vergadering al een volmacht gegeven; trek die eerst in.")) from None
    return proxy


@transaction.atomic
def proxy_revoke(*, proxy: Proxy, by: Member | None = None, now: dt.datetime | None = None) -> Proxy:
    """Revoke a proxy (e.g. the grantor attends after all), by its grantor or the board
    (`by`, recorded in the meeting's history). Votes the holder already cast with it stay;
    from then on the grantor votes in person."""
    now = now or timezone.now()
    proxy = proxy_lock(proxy=proxy)
    _assert_not_closed(proxy.meeting)
    if by is not None and not perms.may_handle_proxy(proxy, by):
        raise ProxyRefused(_("Alleen wie de volmacht gaf, of het bestuur, kan die intrekken."))
    if proxy.revoked_at is not None:
        return proxy
    proxy.revoked_at = now
    proxy.save(update_fields=["revoked_at"])
    meeting_event_record(
        meeting=proxy.meeting,
        kind=MeetingEventKind.PROXY_REVOKED,
        by=by,
        note=f"{proxy.grantor.name} → {proxy.holder.name}",
        at=now,
    )
    return proxy
