"""Reads of governance, each scoped to a cooperative with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import Cooperative, Member, MemberStatus

from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotStatus,
    Candidate,
    Decision,
    Meeting,
    MeetingEvent,
    MeetingRequest,
    MeetingStatus,
    MinutesStatus,
    Participation,
    Proposal,
    Proxy,
    VoteChoice,
    WrittenResolution,
)
from .permissions import ENTITLED_STATUSES


def entitled_members(*, cooperative: Cooperative) -> QuerySet[Member]:
    """Members entitled to attend and vote: active and suspended (from booking) ones, not
    those suspended as a member (2:38 lid 1)."""
    return Member.objects.filter(
        cooperative=cooperative, status__in=ENTITLED_STATUSES, rights_suspended_at__isnull=True
    )


def meeting_list(*, cooperative: Cooperative, include_drafts: bool = True) -> dict[str, list[Meeting]]:
    """Upcoming (soonest first) and past (latest first) meetings, with item counts; meetings
    still in preparation only when include_drafts (the board)."""
    now = timezone.now()
    meetings = Meeting.objects.filter(cooperative=cooperative)
    if not include_drafts:
        meetings = meetings.exclude(status=MeetingStatus.DRAFT)
    rows = list(
        meetings.annotate(item_count=Count("items", distinct=True)).select_related("minutes").order_by("starts_at")
    )
    upcoming: list[Meeting] = [m for m in rows if not m.is_closed and m.starts_at >= now - dt.timedelta(hours=12)]
    past: list[Meeting] = [m for m in reversed(rows) if m not in upcoming]
    return {"upcoming": upcoming, "past": past}


def next_meeting(*, cooperative: Cooperative) -> Meeting | None:
    return (
        Meeting.objects.filter(
            cooperative=cooperative,
            status=MeetingStatus.CONVENED,
            starts_at__gte=timezone.now() - dt.timedelta(hours=12),
        )
        .order_by("starts_at")
        .first()
    )


def meeting_summary_for(*, meeting: Meeting, member: Member) -> dict:
    """What the member's home page says of a meeting: the open ballots still waiting for a
    vote of theirs (their own, or one they hold a proxy for), how many open ones they
    already voted in, and to whom they gave a proxy ("" for none). Three queries."""
    proxies = list(
        Proxy.objects.filter(meeting=meeting, revoked_at__isnull=True)
        .filter(Q(grantor=member) | Q(holder=member))
        .select_related("holder__user", "grantor__user")
    )
    given = next((p for p in proxies if p.grantor_id == member.pk), None)
    held = [p for p in proxies if p.holder_id == member.pk]
    ballots = list(
        Ballot.objects.filter(proposal__item__meeting=meeting, status=BallotStatus.OPEN).annotate(
            mine=Count("participations", filter=Q(participations__member=member)),
            held_cast=Count("participations", filter=Q(participations__member_id__in=[p.grantor_id for p in held])),
        )
    )
    waiting = sum(1 for b in ballots if (given is None and not b.mine) or b.held_cast < len(held))
    return {
        "open_ballots": waiting,
        "voted_ballots": sum(1 for b in ballots if b.mine),
        "proxy_given": given.holder.name if given else "",
    }


def meeting_detail(*, cooperative: Cooperative, pk: int) -> Meeting:
    """The meeting with its agenda, proposals, amendments, candidates and ballots."""
    proposals = Proposal.objects.select_related("submitted_by__user").prefetch_related(
        Prefetch("candidates", queryset=Candidate.objects.select_related("member__user")),
        Prefetch("ballots", queryset=Ballot.objects.select_related("decision").order_by("pk")),
        "documents",
    )
    return (
        Meeting.objects.select_related("cooperative", "convened_by__user", "chair__user")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.order_by("position").prefetch_related(
                    Prefetch("proposals", queryset=proposals.order_by("amends_id", "pk"))
                ),
            )
        )
        .get(cooperative=cooperative, pk=pk)
    )


def meeting_member_state(*, meeting: Meeting, member: Member) -> dict:
    """What the current member needs on the meeting page: present?, proxy given, proxies
    held, and the ballots already voted for them (or for whom they hold a proxy)."""
    proxies = Proxy.objects.filter(meeting=meeting, revoked_at__isnull=True).select_related(
        "grantor__user", "holder__user"
    )
    given = next((p for p in proxies if p.grantor_id == member.pk), None)
    held = [p for p in proxies if p.holder_id == member.pk]
    voted = set(
        Participation.objects.filter(
            ballot__proposal__item__meeting=meeting, member_id__in=[member.pk] + [p.grantor_id for p in held]
        ).values_list("ballot_id", "member_id")
    )
    return {
        "present": Attendance.objects.filter(meeting=meeting, member=member).exists(),
        "proxy_given": given,
        "proxies_held": held,
        "voted": voted,
    }


def meeting_attendance(*, meeting: Meeting) -> dict:
    """Members entitled to attend with their presence and proxies, for the board."""
    present = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    proxies = list(
        Proxy.objects.filter(meeting=meeting)
        .select_related("grantor__user", "holder__user", "registered_by__user")
        .order_by("pk")
    )
    members = list(entitled_members(cooperative=meeting.cooperative).select_related("user").order_by("number", "pk"))
    return {
        "rows": [
            {"member": m, "attendance": present.get(m.pk), "suspended": m.status == MemberStatus.SUSPENDED}
            for m in members
        ],
        "present_count": len(present),
        "proxies": proxies,
        "entitled": len(members),
    }


def ballot_detail(*, cooperative: Cooperative, pk: int) -> Ballot:
    return Ballot.objects.select_related(
        "proposal__item__meeting__cooperative",
        "proposal__item__meeting__chair__user",
        "opened_by__user",
        "closed_by__user",
        "confirmed_by__user",
        "follows",
        "requested_by__user",
    ).get(proposal__item__meeting__cooperative=cooperative, pk=pk)


def meeting_events(*, meeting: Meeting) -> list[MeetingEvent]:
    """The meeting's history for the board, latest first."""
    return list(meeting.events.select_related("by__user").order_by("-at", "-pk"))


# How a named vote reads in the frozen record; anything else (abstain, blank) shows as abstention.
_NAMED_CHOICE_LABELS = {VoteChoice.FOR: VoteChoice.FOR.label, VoteChoice.AGAINST: VoteChoice.AGAINST.label}


def ballot_voters(*, ballot: Ballot) -> list[dict]:
    """The frozen voters of a closed ballot, each with the label of their (named) choice."""
    return [
        {**voter, "choice_label": _NAMED_CHOICE_LABELS.get(voter.get("choice"), VoteChoice.ABSTAIN.label)}
        for voter in ballot.frozen.get("voters", [])
    ]


def ballot_live_counts(*, ballot: Ballot) -> dict:
    """How many have voted (not what) while a ballot is open."""
    return ballot.participations.aggregate(
        total=Count("pk"),
        electronic=Count("pk", filter=Q(electronic=True)),
        by_proxy=Count("pk", filter=Q(via_proxy=True)),
    )


def decision_list(*, cooperative: Cooperative) -> QuerySet[Decision]:
    return Decision.objects.filter(cooperative=cooperative).select_related("meeting").order_by("-decided_on", "-pk")


def meeting_requests(*, cooperative: Cooperative) -> QuerySet[MeetingRequest]:
    return (
        MeetingRequest.objects.filter(cooperative=cooperative)
        .select_related("created_by__user", "meeting")
        .annotate(support_count=Count("supports"))
        .order_by("-created_at")
    )


def meeting_request_members_may_convene(*, request: MeetingRequest, now: dt.datetime | None = None) -> bool:
    """2:41 lid 3: true when the request was made, 14 days have passed, and the board has not
    answered it within them with a convocation of an ALV held within the 4 weeks."""
    if request.threshold_reached_at is None or request.self_convened_at is not None:
        return False
    now = now or timezone.now()
    convene_by = request.convene_by
    if convene_by is None or now <= convene_by:
        return False
    meeting = request.meeting
    answered = (
        meeting is not None
        and meeting.convened_at is not None
        and meeting.convened_at <= convene_by
        and request.board_deadline is not None
        and meeting.starts_at <= request.board_deadline
    )
    return not answered


def written_resolutions(*, cooperative: Cooperative) -> QuerySet[WrittenResolution]:
    return (
        WrittenResolution.objects.filter(cooperative=cooperative)
        .select_related("created_by__user", "decision")
        .annotate(
            agreed=Count("consents", filter=Q(consents__agrees=True)),
            disagreed=Count("consents", filter=Q(consents__agrees=False)),
        )
        .order_by("-created_at")
    )


# --- the board's to-do inbox (composed in deel/inbox.py) --------------------------------

CONVOCATION_LOOKAHEAD = dt.timedelta(days=21)


@dataclass
class BoardDeadline:
    """Something the board must do for the ALV by a date: send a convocation (`convene`), adopt
    minutes at the next ALV (`minutes`), answer a 2:41 request (`request`)."""

    kind: str
    title: str
    due: dt.datetime | None
    meeting_id: int | None = None
    request_id: int | None = None
    late: bool = False


def board_deadlines(*, cooperative: Cooperative, now: dt.datetime | None = None) -> list[BoardDeadline]:
    """The board's ALV deadlines, soonest first: a draft ALV whose convocation is due within
    three weeks (it must be sent by the meeting less the notice period, `notice_days`); a held
    ALV whose minutes are not adopted yet; a request by 1/10 of the members (2:41) the board has
    not answered with a convocation. Three queries."""
    now = now or timezone.now()
    notice = dt.timedelta(days=cooperative.notice_days)
    found: list[BoardDeadline] = []
    drafts = Meeting.objects.filter(
        cooperative=cooperative,
        status=MeetingStatus.DRAFT,
        starts_at__gt=now,
        starts_at__lte=now + notice + CONVOCATION_LOOKAHEAD,
    ).order_by("starts_at")
    for meeting in drafts:
        due = meeting.starts_at - notice
        found.append(BoardDeadline("convene", meeting.title, due, meeting_id=meeting.pk, late=due < now))
    held = (
        Meeting.objects.filter(cooperative=cooperative, status=MeetingStatus.CLOSED)
        .filter(Q(minutes__isnull=True) | ~Q(minutes__status=MinutesStatus.ADOPTED))
        .order_by("starts_at")
    )
    for meeting in held:
        found.append(BoardDeadline("minutes", meeting.title, None, meeting_id=meeting.pk))
    requests = (
        MeetingRequest.objects.filter(cooperative=cooperative, threshold_reached_at__isnull=False)
        .filter(Q(meeting__isnull=True) | Q(meeting__convened_at__isnull=True))
        .order_by("threshold_reached_at")
    )
    for request in requests:
        by = request.convene_by
        found.append(
            BoardDeadline("request", request.subject, by, request_id=request.pk, late=by is not None and by < now)
        )
    far = now + dt.timedelta(days=3650)
    return sorted(found, key=lambda d: (d.due or far, d.kind))


def ballot_my_votes(*, ballot: Ballot, member: Member) -> list[dict]:
    """The votes the member cast, or that were cast for them, on this ballot: what was chosen
    for a named ballot; for a secret one only that and when (nothing else is stored)."""
    rows = ballot.participations.filter(Q(member=member) | Q(cast_by=member)).select_related(
        "member__user", "cast_by__user"
    )
    return [
        {
            "for_self": p.member_id == member.pk,
            "member_name": p.member.name,
            "cast_by_name": p.cast_by.name,
            "via_proxy": p.via_proxy,
            "electronic": p.electronic,
            "cast_at": p.cast_at,
            "choice_label": "" if ballot.secret or not p.choice else VoteChoice(p.choice).label,
        }
        for p in rows.order_by("pk")
    ]


def agenda_items_in_preparation(*, cooperative: Cooperative) -> QuerySet[AgendaItem]:
    """Items of the cooperative's ALVs still in preparation (their agenda is not fixed yet),
    soonest meeting first: where a tariff proposal can still be put (one query)."""
    return (
        AgendaItem.objects.filter(meeting__cooperative=cooperative, meeting__status=MeetingStatus.DRAFT)
        .select_related("meeting")
        .order_by("meeting__starts_at", "position")
    )
