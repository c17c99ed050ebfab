"""Who may do what in governance, by role. Tested as a matrix in tests/governance/test_permissions.py.

- The board (an active member with the board role) prepares and runs meetings: agenda,
  convocation, attendance, ballots, minutes, board decisions, written resolutions.
- Every member entitled to vote — active, and also suspended: a suspension concerns booking
  cars only — attends, votes, gives proxies, comments on draft minutes and requests an ALV.
- Applicants, refused members and members who left cannot (and see 404 through coop_view).
"""

from members.models import Member, MemberStatus, Role
from members.permissions import has_any_role

ENTITLED_STATUSES = (MemberStatus.ACTIVE, MemberStatus.SUSPENDED)


def is_entitled(member: Member) -> bool:
    """Entitled to attend and vote at the general assembly (one member, one vote: 2:38)."""
    return member.status in ENTITLED_STATUSES


def can_view(member: Member) -> bool:
    return is_entitled(member)


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
