"""The meeting's history: one MeetingEvent per change, with its actor (appended, never changed)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from members.models import Member

from ..models import Meeting, MeetingEvent, MeetingEventKind


def meeting_event_record(
    *, meeting: Meeting, kind: MeetingEventKind, by: Member | None, note: str = "", at: dt.datetime | None = None
) -> MeetingEvent:
    """Append what happened to `meeting`, by whom (None: not known, e.g. a script) and when."""
    return MeetingEvent.objects.create(
        meeting_id=meeting.pk, kind=kind, by=by, note=note[:200], at=at or timezone.now()
    )
