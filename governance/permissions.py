"""Who may do what in governance: by role, and by the state of a meeting, proxy, ballot or
minutes. The services enforce the state rules (raising the domain error) with these
predicates; the views use them too and hand the templates booleans.

By role:
- The board (an active member with the board role) prepares and runs meetings: agenda,
  convocation, attendance, ballots, minutes, board decisions, written resolutions.
- Every member entitled to vote — active, and also suspended from booking (status
  "suspended": arrears, licence) — attends, votes, gives proxies, comments on draft minutes
  and requests an ALV. A member suspended as a member (schorsing, art. 2:38 lid 1 BW:
  `Member.rights_suspended`) still reads the pages, but does none of these.
- Applicants, refused members and members who left cannot (and see 404 through coop_view).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from django.utils import timezone

from members.models import Member, MemberStatus, Role
from members.permissions import acting_driver, has_any_role

from .models import Ballot, Meeting, Minutes, Proposal, Proxy, WrittenResolution

ENTITLED_STATUSES = (MemberStatus.ACTIVE, MemberStatus.SUSPENDED)
CHECKIN_OPENS_BEFORE = dt.timedelta(hours=2)
# A meeting that runs past midnight may still vote until this hour of the next morning.
MEETING_DAY_ENDS_NEXT_MORNING_AT = dt.time(6, 0)


# By role ------------------------------------------------------------------------------------


def is_entitled(member: Member) -> bool:
    """Entitled to attend and vote at the general assembly (one member, one vote: 2:38); a
    member suspended as a member (2:38 lid 1) is not, nor a household's extra driver (not a
    member: the household votes once, through its member)."""
    return member.status in ENTITLED_STATUSES and not member.rights_suspended and acting_driver(member) is None


def can_view(member: Member) -> bool:
    """Reading the meetings, ballots and register: also a member suspended as a member."""
    return member.status in ENTITLED_STATUSES


def can_vote(member: Member) -> bool:
    return is_entitled(member)


def can_give_proxy(member: Member) -> bool:
    return is_entitled(member)


def can_comment_minutes(member: Member) -> bool:
    return is_entitled(member)


def can_request_meeting(member: Member) -> bool:
    return is_entitled(member)


def can_propose_amendment(member: Member) -> bool:
    return is_entitled(member)


def can_manage_meetings(member: Member) -> bool:
    return member.status == MemberStatus.ACTIVE and has_any_role(member, {Role.BOARD})


def can_record_decisions(member: Member) -> bool:
    return can_manage_meetings(member)


def can_see_meeting(meeting: Meeting, member: Member) -> bool:
    """A meeting in preparation (and its agenda, documents, proposals) is the board's until
    the convocation goes out; to everyone else it does not exist (404)."""
    return not meeting.is_draft or can_manage_meetings(member)


# Meetings -----------------------------------------------------------------------------------


def meeting_is_open(meeting: Meeting) -> bool:
    """Until it is closed a meeting's agenda, proposals, candidates, attendance and proxies
    can change; afterwards nothing does."""
    return not meeting.is_closed


def can_edit_agenda(meeting: Meeting) -> bool:
    """The agenda changes while the meeting is prepared and after the convocation, until closed."""
    return meeting_is_open(meeting)


def can_convene(meeting: Meeting) -> bool:
    """The convocation goes out once, for a meeting still in preparation."""
    return meeting.is_draft


def awaits_convocation(proposal: Proposal, meeting: Meeting) -> bool:
    """Added after the convocation and not yet announced by a supplementary one: the
    meeting cannot decide on it (amendments need no convocation)."""
    return meeting.is_convened and not proposal.is_amendment and proposal.convocation_id is None


def can_take_attendance(meeting: Meeting) -> bool:
    """The board keeps the attendance list of a convened meeting."""
    return meeting.is_convened


def checkin_open(meeting: Meeting, now: dt.datetime) -> bool:
    """Check-in opens two hours before a convened meeting starts."""
    return meeting.is_convened and now >= meeting.starts_at - CHECKIN_OPENS_BEFORE


def can_check_in(meeting: Meeting, member: Member, now: dt.datetime) -> bool:
    return is_entitled(member) and checkin_open(meeting, now)


def meeting_in_progress(meeting: Meeting, now: dt.datetime) -> bool:
    """Convened, check-in open (from two hours before the start) and not yet closed."""
    return checkin_open(meeting, now) and meeting_is_open(meeting)


def can_attend_online(meeting: Meeting, member: Member, now: dt.datetime) -> bool:
    """A logged-in member entitled to attend registers online attendance themselves, when the
    statutes allow taking part by electronic means and the meeting is in progress."""
    return (
        meeting.cooperative.remote_participation_allowed and is_entitled(member) and meeting_in_progress(meeting, now)
    )


def can_register_paper_proxy(meeting: Meeting, member: Member) -> bool:
    """The board registers a paper proxy handed in at the door, until the meeting is closed."""
    return can_manage_meetings(member) and meeting.is_convened


def can_designate_chair(meeting: Meeting, member: Member) -> bool:
    return can_manage_meetings(member) and meeting_is_open(meeting) and not meeting.is_draft


def is_chair(meeting: Meeting, member: Member) -> bool:
    return meeting.chair_id is not None and meeting.chair_id == member.pk


def can_close_meeting(meeting: Meeting, now: dt.datetime) -> bool:
    """A meeting is closed once it has begun (the open ballots are checked by the service)."""
    return meeting_is_open(meeting) and now >= meeting.starts_at


# Proxies ------------------------------------------------------------------------------------


def proxy_window_open(meeting: Meeting, now: dt.datetime) -> bool:
    """A proxy is given before the meeting begins."""
    return meeting_is_open(meeting) and now < meeting.starts_at


def can_give_proxy_for(meeting: Meeting, member: Member, now: dt.datetime) -> bool:
    """The member is offered to give a proxy: the meeting was convened and has not begun."""
    return can_give_proxy(member) and meeting.is_convened and proxy_window_open(meeting, now)


def may_handle_proxy(proxy: Proxy, member: Member) -> bool:
    """The grantor, or the board, may revoke a proxy."""
    return proxy.grantor_id == member.pk or can_manage_meetings(member)


def can_revoke_proxy(proxy: Proxy, member: Member) -> bool:
    return may_handle_proxy(proxy, member) and proxy.revoked_at is None and meeting_is_open(proxy.meeting)


# Ballots ------------------------------------------------------------------------------------


def can_open_ballots(meeting: Meeting) -> bool:
    """Ballots open in a convened meeting that has not been closed (the service checks the rest)."""
    return meeting.is_convened


def meeting_day_ends(meeting: Meeting) -> dt.datetime:
    """The end of the meeting day: 06:00 (Amsterdam) the morning after the day it started.
    No ballot opens later, so nobody reopens a held meeting weeks afterwards (docs/alv.md)."""
    day = timezone.localdate(meeting.starts_at) + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, MEETING_DAY_ENDS_NEXT_MORNING_AT))


def meeting_day_over(meeting: Meeting, now: dt.datetime) -> bool:
    return now >= meeting_day_ends(meeting)


def can_open_ballot_at(meeting: Meeting, now: dt.datetime) -> bool:
    """A ballot opens in a convened, not closed meeting, no later than its meeting day."""
    return can_open_ballots(meeting) and not meeting_day_over(meeting, now)


def needs_close_reason(meeting: Meeting, now: dt.datetime) -> bool:
    """A meeting still open after its meeting day is closed by the board with a reason."""
    return meeting_is_open(meeting) and meeting_day_over(meeting, now)


def revote_needs_majority(ballot: Ballot) -> bool:
    """2:13 lid 2: one member entitled to vote may demand a new vote only when the first was
    not by roll call or in writing. In DEEL every vote is one or the other (named: recorded
    per member, a roll call; secret: a written ballot), so the majority must ask."""
    return True


def can_request_revote(ballot: Ballot) -> bool:
    """Immediately after the chair declared the outcome (confirmed), while the meeting is
    open and the ballot has no new vote yet (the service checks the meeting has not moved on)."""
    return ballot.is_confirmed and meeting_is_open(ballot.proposal.item.meeting)


def can_amend(proposal: Proposal, meeting: Meeting) -> bool:
    """An amendment is made on a proposal (not on an amendment, not on an election) of an
    open meeting, before its vote opens. Reads `proposal.ballots` (prefetch it)."""
    return (
        meeting_is_open(meeting)
        and not proposal.is_amendment
        and not proposal.is_election
        and not proposal.ballots.all()
    )


def can_cast_votes(ballot: Ballot) -> bool:
    return ballot.is_open


def can_close_ballot(ballot: Ballot) -> bool:
    return ballot.is_open


def can_confirm_ballot(ballot: Ballot) -> bool:
    """The chair confirms the outcome of a closed ballot, once."""
    return ballot.is_closed


def can_declare_outcome(ballot: Ballot, member: Member) -> bool:
    """Only the meeting's designated chair declares (vaststellen) the outcome of a closed
    ballot (art. 2:13 lid 1 BW); reads `ballot.proposal.item.meeting`."""
    return can_confirm_ballot(ballot) and is_chair(ballot.proposal.item.meeting, member) and is_entitled(member)


def votes_to_cast(
    *,
    ballot: Ballot,
    member: Member,
    proxy_given: Proxy | None,
    proxies_held: Iterable[Proxy],
    voted: Collection[tuple[int, int]],
) -> list[Member | None]:
    """For whom `member` may still vote on this ballot: None for their own vote (unless they
    gave a proxy), and each grantor whose proxy they hold; minus those already cast
    (`voted` holds (ballot id, member id) pairs)."""
    if not can_cast_votes(ballot):
        return []
    targets: list[Member | None] = []
    if proxy_given is None and (ballot.pk, member.pk) not in voted:
        targets.append(None)
    targets.extend(p.grantor for p in proxies_held if (ballot.pk, p.grantor_id) not in voted)
    return targets


# Minutes ------------------------------------------------------------------------------------


def can_edit_minutes(minutes: Minutes | None) -> bool:
    """Minutes are drafted, edited, commented on and adopted until they are adopted; then
    they never change again."""
    return minutes is None or not minutes.is_adopted


# Written resolutions ------------------------------------------------------------------------


def written_resolution_past_deadline(resolution: WrittenResolution, now: dt.datetime) -> bool:
    """Its deadline passed: lapsed, even before the periodic job recorded it."""
    return resolution.is_lapsed or (
        resolution.is_open and resolution.deadline is not None and now >= resolution.deadline
    )


def can_answer_written_resolution(
    resolution: WrittenResolution, member: Member, now: dt.datetime | None = None
) -> bool:
    """Every member entitled to vote answers an open written resolution once, before its
    deadline (the service refuses a second answer)."""
    if now is not None and written_resolution_past_deadline(resolution, now):
        return False
    return resolution.is_open and member.cooperative_id == resolution.cooperative_id and is_entitled(member)


# Requests for an ALV ------------------------------------------------------------------------


def can_convene_requested_meeting(*, may_convene: bool, supporter: bool, member: Member) -> bool:
    """A supporter of a request the board left unanswered (2:41 lid 3) may convene the ALV
    in DEEL; `may_convene` from selectors.meeting_request_members_may_convene."""
    return may_convene and supporter and is_entitled(member)


def can_see_convocation_log(member: Member) -> bool:
    """Who received the convocation, and whose bounced, is the board's evidence."""
    return can_manage_meetings(member)
