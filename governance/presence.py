"""Reads for the meeting itself: the live page (follow and vote online) and the presence
list (presentielijst) to sign. Fixed numbers of queries."""

from __future__ import annotations

from django.db.models import Count, Q

from members.models import Member, MemberStatus

from .models import AgendaItem, Attendance, Ballot, BallotStatus, Meeting, Proxy
from .permissions import ENTITLED_STATUSES
from .selectors import entitled_members, meeting_member_state


def live_state(*, meeting: Meeting, member: Member) -> dict:
    """The item under discussion (set by the board, else the item of the latest open ballot),
    the open ballots with how many have voted, and the member's own state."""
    open_ballots = list(
        Ballot.objects.filter(proposal__item__meeting=meeting, status=BallotStatus.OPEN)
        .select_related("proposal__item")
        .prefetch_related("proposal__candidates__member__user")
        .annotate(voted=Count("participations"))
        .order_by("pk")
    )
    current = None
    if meeting.current_item_id is not None:
        current = AgendaItem.objects.filter(pk=meeting.current_item_id).first()
    elif open_ballots:
        current = open_ballots[-1].proposal.item
    items = list(meeting.items.order_by("position")) if meeting.is_convened else []
    return {
        "state": meeting_member_state(meeting=meeting, member=member),
        "attendance": Attendance.objects.filter(meeting=meeting, member=member).first(),
        "open_ballots": open_ballots,
        "current_item": current,
        "items": items,
        "counts": {b.pk: b.voted for b in open_ballots},
    }


def presence_list(*, meeting: Meeting) -> dict:
    """Everyone entitled to attend (by member number) with their presence (in the room or
    online) and proxies held or given; the members suspended as a member (no access) apart."""
    coop = meeting.cooperative
    attendance = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    proxies = list(
        Proxy.objects.filter(meeting=meeting, revoked_at__isnull=True)
        .select_related("grantor__user", "holder__user", "registered_by__user")
        .order_by("pk")
    )
    held: dict[int, list[Proxy]] = {}
    given: dict[int, Proxy] = {}
    for p in proxies:
        held.setdefault(p.holder_id, []).append(p)
        given[p.grantor_id] = p
    members = list(entitled_members(cooperative=coop).select_related("user").order_by("number", "pk"))
    suspended = list(
        Member.objects.filter(cooperative=coop, status__in=ENTITLED_STATUSES)
        .filter(~Q(rights_suspended_at=None))
        .select_related("user")
        .order_by("number", "pk")
    )
    chair = Member.objects.select_related("user").filter(pk=meeting.chair_id).first() if meeting.chair_id else None
    return {
        "meeting": meeting,
        "cooperative": coop,
        "chair": chair,
        "rows": [
            {
                "member": m,
                "attendance": attendance.get(m.pk),
                "holds": held.get(m.pk, []),
                "gave": given.get(m.pk),
                "booking_suspended": m.status == MemberStatus.SUSPENDED,
            }
            for m in members
        ],
        "suspended": suspended,
        "present_count": sum(1 for m in members if m.pk in attendance),
        "online_count": sum(1 for m in members if m.pk in attendance and attendance[m.pk].is_online),
        "proxy_count": len(proxies),
    }
