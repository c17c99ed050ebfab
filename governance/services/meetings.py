"""Meetings: creation, agenda, convocation, attendance and proxies."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Cooperative, Member

from ..errors import ConvocationTooLate, GovernanceError, ProxyRefused
from ..models import (
    AgendaItem,
    Attendance,
    AttendanceSource,
    Ballot,
    Candidate,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Proposal,
    ProposalKind,
    Proxy,
)
from ..permissions import is_entitled

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
STATUTES_NOTICE_DAYS = 7  # 2:42 lid 1
STATUTES_INSPECTION_DAYS = 5  # 2:42 lid 2
CHECKIN_OPENS_BEFORE = dt.timedelta(hours=2)


def _checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def _assert_same_coop(meeting: Meeting, *members: Member) -> None:
    for member in members:
        if member.cooperative_id != meeting.cooperative_id:
            raise GovernanceError(_("Dit lid hoort niet bij deze coöperatie."))


def _assert_not_closed(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CLOSED:
        raise GovernanceError(_("Deze vergadering is gesloten; er kan niets meer worden gewijzigd."))


def meeting_lock(*, meeting: Meeting) -> Meeting:
    """Lock the meeting row for the rest of the transaction (proxies, check-in)."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


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
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, title: str, starts_at: dt.datetime, location: str, online_url: str = ""
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
    return meeting


@transaction.atomic
def meeting_close(*, meeting: Meeting, now: dt.datetime | None = None) -> Meeting:
    """Close a held meeting. Refused while a ballot is still open."""
    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    _assert_not_closed(meeting)
    if now < meeting.starts_at:
        raise GovernanceError(_("Een vergadering kan pas worden gesloten nadat ze is begonnen."))
    if Ballot.objects.filter(proposal__item__meeting=meeting, status="open").exists():
        raise GovernanceError(_("Sluit eerst alle open stemmingen."))
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = now
    meeting.save(update_fields=["status", "closed_at", "updated_at"])
    return meeting


# Agenda ---------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, title: str, description: str = "", document=None) -> AgendaItem:
    """Append an item; numbers stay 1..n."""
    meeting = meeting_lock(meeting=meeting)
    _assert_not_closed(meeting)
    last = meeting.items.aggregate(m=Max("position"))["m"] or 0
    item = AgendaItem(meeting=meeting, position=last + 1, title=title, description=description)
    if document:
        item.document = document
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, title: str, description: str, document=None) -> AgendaItem:
    _assert_not_closed(item.meeting)
    item.title, item.description = title, description
    if document:
        item.document = document
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool) -> None:
    """Swap an item with its neighbour above (up) or below."""
    meeting = meeting_lock(meeting=item.meeting)
    _assert_not_closed(meeting)
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


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> None:
    """Remove an item without ballots and renumber the rest."""
    meeting = meeting_lock(meeting=item.meeting)
    _assert_not_closed(meeting)
    if Ballot.objects.filter(proposal__item=item).exists():
        raise GovernanceError(_("Over dit agendapunt is al gestemd; het kan niet worden verwijderd."))
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
) -> Proposal:
    """A proposal on an agenda item, or an amendment (`amends`) voted before its proposal."""
    _assert_not_closed(item.meeting)
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
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def candidate_add(*, proposal: Proposal, member: Member, statement: str = "") -> Candidate:
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
    return candidate


# Convocation -----------------------------------------------------------------------------


def convocation_deadline(*, meeting: Meeting) -> dt.datetime:
    """The last moment the convocation may be sent (the notice period before the meeting)."""
    return meeting.starts_at - dt.timedelta(days=meeting.cooperative.notice_days)


def convocation_warnings(*, meeting: Meeting, now: dt.datetime | None = None) -> list[str]:
    """Warnings (2:42) for a statute change on the agenda: less than 7 days' notice, or its
    full text not open for inspection from 5 days before the meeting."""
    now = now or timezone.now()
    warnings = []
    statute_changes = Proposal.objects.filter(item__meeting=meeting, kind=ProposalKind.STATUTES, amends__isnull=True)
    meeting_day = timezone.localdate(meeting.starts_at)
    for proposal in statute_changes:
        if meeting.starts_at - now < dt.timedelta(days=STATUTES_NOTICE_DAYS):
            warnings.append(
                _(
                    "Statutenwijziging “%(title)s”: de oproeping moet ten minste 7 dagen "
                    "vóór de vergadering zijn verstuurd."
                )
                % {"title": proposal.title}
            )
        latest = meeting_day - dt.timedelta(days=STATUTES_INSPECTION_DAYS)
        if proposal.text_available_from is None or proposal.text_available_from > latest:
            warnings.append(
                _("Statutenwijziging “%(title)s”: de volledige tekst moet uiterlijk %(date)s ter inzage liggen.")
                % {"title": proposal.title, "date": date_format(latest, "j F Y")}
            )
    return warnings


@transaction.atomic
def meeting_convene(*, meeting: Meeting, by: Member, now: dt.datetime | None = None, notify: bool = True) -> list[str]:
    """Send the convocation to every member entitled to attend. Refused (ConvocationTooLate)
    when sent later than the statutes' notice period before the meeting; returns the
    warnings about a statute change. The e-mails go out after the commit (Celery task);
    notify=False records a convocation sent outside DEEL (e.g. history in the demo)."""
    from ..tasks import send_convocation

    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    _assert_not_closed(meeting)
    if meeting.status == MeetingStatus.CONVENED:
        raise GovernanceError(_("De oproeping voor deze vergadering is al verstuurd."))
    if not meeting.items.exists():
        raise GovernanceError(_("Stel eerst de agenda op: de oproeping vermeldt de agenda."))
    deadline = convocation_deadline(meeting=meeting)
    if now > deadline:
        raise ConvocationTooLate(
            _(
                "De oproeping is te laat: de statuten vragen %(days)s dagen oproepingstermijn, dus uiterlijk "
                "%(deadline)s. Verplaats de vergadering naar een latere datum."
            )
            % {
                "days": meeting.cooperative.notice_days,
                "deadline": date_format(timezone.localtime(deadline), "j F Y H:i"),
            }
        )
    warnings = convocation_warnings(meeting=meeting, now=now)
    meeting.status = MeetingStatus.CONVENED
    meeting.convened_at = now
    meeting.convened_by = by
    meeting.save(update_fields=["status", "convened_at", "convened_by", "updated_at"])
    meeting_id = meeting.pk
    if notify:
        transaction.on_commit(lambda: send_convocation.delay(meeting_id))
    return warnings


# Attendance ------------------------------------------------------------------------------


def _attendance_window_open(meeting: Meeting, now: dt.datetime) -> bool:
    return meeting.status == MeetingStatus.CONVENED and now >= meeting.starts_at - CHECKIN_OPENS_BEFORE


@transaction.atomic
def attendance_register(
    *, meeting: Meeting, member: Member, source: str = AttendanceSource.BOARD, now: dt.datetime | None = None
) -> Attendance:
    """Record a member as present (idempotent: a second registration changes nothing)."""
    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    _assert_same_coop(meeting, member)
    _assert_not_closed(meeting)
    if not is_entitled(member):
        raise GovernanceError(_("%(name)s is geen lid met stemrecht.") % {"name": member.name})
    if not _attendance_window_open(meeting, now):
        raise GovernanceError(_("Aanmelden kan vanaf twee uur voor de vergadering, na de oproeping."))
    existing = Attendance.objects.filter(meeting=meeting, member=member).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Attendance.objects.create(meeting=meeting, member=member, source=source, checked_in_at=now)
    except IntegrityError:
        return Attendance.objects.get(meeting=meeting, member=member)


def attendance_checkin(*, meeting: Meeting, member: Member, code: str, now: dt.datetime | None = None) -> Attendance:
    """Self check-in with the code shown in the room (or to the online participants)."""
    if code.strip().upper() != meeting.checkin_code:
        raise GovernanceError(_("Deze aanmeldcode klopt niet."))
    return attendance_register(meeting=meeting, member=member, source=AttendanceSource.CODE, now=now)


@transaction.atomic
def attendance_remove(*, meeting: Meeting, member: Member) -> None:
    """Undo a mistaken registration (a member who left is still frozen in closed ballots)."""
    _assert_not_closed(meeting)
    Attendance.objects.filter(meeting=meeting, member=member).delete()


# Proxies ---------------------------------------------------------------------------------


@transaction.atomic
def proxy_grant(*, meeting: Meeting, grantor: Member, holder: Member, now: dt.datetime | None = None) -> Proxy:
    """A written proxy in the system before the meeting. Guarantees: one active proxy per
    grantor, no more proxies per holder than the statutes' cap, no chains (a holder has
    not given their own vote away), both members entitled to vote."""
    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    _assert_same_coop(meeting, grantor, holder)
    _assert_not_closed(meeting)
    if now >= meeting.starts_at:
        raise ProxyRefused(_("Een volmacht geef je vóór de vergadering begint."))
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
    proxy = Proxy(meeting=meeting, grantor=grantor, holder=holder)
    proxy.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            proxy.save()
    except IntegrityError:
        raise ProxyRefused(_("Je hebt voor deze vergadering al een volmacht gegeven; trek die eerst in.")) from None
    return proxy


@transaction.atomic
def proxy_revoke(*, proxy: Proxy, now: dt.datetime | None = None) -> Proxy:
    """Revoke a proxy (e.g. the grantor attends after all). Votes the holder already cast
    with it stay; from then on the grantor votes in person."""
    now = now or timezone.now()
    proxy = Proxy.objects.select_for_update().select_related("meeting").get(pk=proxy.pk)
    _assert_not_closed(proxy.meeting)
    if proxy.revoked_at is not None:
        return proxy
    proxy.revoked_at = now
    proxy.save(update_fields=["revoked_at"])
    return proxy
