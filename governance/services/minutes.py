"""Minutes (notulen): drafted by the board from the meeting's record, commented on by the
members, adopted at the next ALV, then immutable and signed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member

from .. import permissions as perms
from ..errors import GovernanceError, MinutesLocked
from ..locks import minutes_lock, minutes_of_meeting_lock
from ..models import (
    Attendance,
    Ballot,
    BallotStatus,
    Meeting,
    MeetingEventKind,
    Minutes,
    MinutesComment,
    MinutesStatus,
    Proxy,
)
from .followups import election_elected
from .history import meeting_event_record


def _record(meeting: Meeting, previous: dict | None) -> dict:
    """The meeting's record for the minutes: presence, proxies, items with their ballots'
    numbers; discussion notes written before are kept."""
    previous = previous or {}
    meeting = Meeting.objects.select_related("chair__user").get(pk=meeting.pk)  # the chair as stored
    old_notes = {str(i["position"]): i.get("notes", "") for i in previous.get("items", [])}
    present = Attendance.objects.filter(meeting=meeting).select_related("member__user").order_by("member__number", "pk")
    proxies = (
        Proxy.objects.filter(meeting=meeting, revoked_at__isnull=True)
        .select_related("grantor__user", "holder__user")
        .order_by("pk")
    )
    ballots = (
        Ballot.objects.filter(proposal__item__meeting=meeting, status__in=(BallotStatus.CLOSED, BallotStatus.CONFIRMED))
        .select_related("proposal", "decision", "confirmed_by__user")
        .order_by("pk")
    )
    by_item: dict[int, list] = {}
    for b in ballots:
        by_item.setdefault(b.proposal.item_id, []).append(
            {
                "proposal": b.proposal.title,
                "kind": b.proposal.get_kind_display(),
                "election": b.proposal.is_election,
                "elected": [e["name"] for e in election_elected(b)] if b.proposal.is_election else [],
                "secret": b.secret,
                "for": b.votes_for,
                "against": b.votes_against,
                "abstain": (b.votes_abstain or 0) + (b.votes_blank or 0),
                "carried": b.carried,
                "outcome": b.outcome_text,
                "decision": getattr(getattr(b, "decision", None), "number", ""),
                # The chair's declaration (art. 2:13 lid 1 BW): by whom and when.
                "declared_by": b.confirmed_by.name if b.confirmed_by else "",
                "declared_at": b.confirmed_at.isoformat() if b.confirmed_at else "",
                "excluded": b.frozen.get("excluded", 0),
            }
        )
    return {
        "general": previous.get("general", ""),
        "chair": meeting.chair.name if meeting.chair else "",
        "present": [{"number": a.member.number, "name": a.member.name, "online": a.is_online} for a in present],
        "represented": [{"grantor": p.grantor.name, "holder": p.holder.name} for p in proxies],
        "items": [
            {
                "position": item.position,
                "title": item.title,
                "notes": old_notes.get(str(item.position), ""),
                "ballots": by_item.get(item.pk, []),
            }
            for item in meeting.items.order_by("position")
        ],
    }


def _assert_draft(minutes: Minutes) -> None:
    if not perms.can_edit_minutes(minutes):
        raise MinutesLocked(_("Deze notulen zijn vastgesteld en kunnen niet meer worden gewijzigd."))


@transaction.atomic
def minutes_draft(*, meeting: Meeting, by: Member, now: dt.datetime | None = None) -> Minutes:
    """Create the draft from the agenda, attendance, proxies and ballot numbers, or refresh
    those in an existing draft (keeping the notes). Refused once adopted."""
    now = now or timezone.now()
    if now < meeting.starts_at:
        raise GovernanceError(_("Notulen maak je na de vergadering."))
    minutes = minutes_of_meeting_lock(meeting=meeting)
    if minutes is None:
        minutes = Minutes(meeting=meeting, drafted_by=by, content=_record(meeting, None))
    else:
        _assert_draft(minutes)
        minutes.content = _record(meeting, minutes.content)
    minutes.full_clean()
    minutes.save()
    meeting_event_record(meeting=meeting, kind=MeetingEventKind.MINUTES_DRAFTED, by=by, at=now)
    return minutes


@transaction.atomic
def minutes_update(*, minutes: Minutes, general: str, notes: dict[int, str], by: Member | None = None) -> Minutes:
    """Write the discussion notes (general and per agenda item) of a draft."""
    minutes = minutes_lock(minutes=minutes)
    _assert_draft(minutes)
    content = dict(minutes.content)
    content["general"] = general
    content["items"] = [
        {**item, "notes": notes.get(item["position"], item.get("notes", ""))} for item in content["items"]
    ]
    minutes.content = content
    minutes.save(update_fields=["content", "updated_at"])
    meeting_event_record(meeting=minutes.meeting, kind=MeetingEventKind.MINUTES_UPDATED, by=by)
    return minutes


@transaction.atomic
def minutes_comment(*, minutes: Minutes, member: Member, text: str) -> MinutesComment:
    """A member's comment on the draft (not possible once adopted)."""
    _assert_draft(minutes)
    if member.cooperative_id != minutes.meeting.cooperative_id:
        raise GovernanceError(_("Dit lid hoort niet bij deze coöperatie."))
    comment = MinutesComment(minutes=minutes, member=member, text=text)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def minutes_adopt(
    *,
    minutes: Minutes,
    at_meeting: Meeting,
    chair_name: str,
    secretary_name: str,
    by: Member | None = None,
    now: dt.datetime | None = None,
) -> Minutes:
    """Adopt the minutes at a later, convened ALV that has begun; they are then signed by chair and
    secretary (names and date) and never change again."""
    now = now or timezone.now()
    minutes = minutes_lock(minutes=minutes)
    _assert_draft(minutes)
    if at_meeting.cooperative_id != minutes.meeting.cooperative_id:
        raise GovernanceError(_("Die vergadering hoort niet bij deze coöperatie."))
    at_meeting = Meeting.objects.get(pk=at_meeting.pk)  # its convocation as stored, not as passed
    if at_meeting.convened_at is None:
        raise GovernanceError(_("Notulen worden vastgesteld door een ALV waarvoor de oproeping is verstuurd."))
    if at_meeting.starts_at <= minutes.meeting.starts_at:
        raise GovernanceError(_("Notulen worden vastgesteld door een volgende ALV."))
    if now < at_meeting.starts_at:
        raise GovernanceError(_("De notulen kunnen pas worden vastgesteld als die ALV is begonnen."))
    if not chair_name.strip() or not secretary_name.strip():
        raise GovernanceError(_("Vul de namen van de voorzitter en de secretaris in."))
    minutes.status = MinutesStatus.ADOPTED
    minutes.adopted_at_meeting = at_meeting
    minutes.adopted_on = timezone.localdate(now)
    minutes.chair_name = chair_name.strip()
    minutes.secretary_name = secretary_name.strip()
    minutes.signed_at = now
    minutes.full_clean()
    minutes.save()
    meeting_event_record(
        meeting=minutes.meeting, kind=MeetingEventKind.MINUTES_ADOPTED, by=by, note=at_meeting.title, at=now
    )
    return minutes
