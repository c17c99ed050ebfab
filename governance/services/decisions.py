"""The decision register: numbering, board decisions, written decisions outside a meeting
(2:40) and members' requests for an ALV (2:41)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Cooperative, Member

from ..errors import DecisionRefused, GovernanceError, WrittenResolutionLapsed
from ..locks import decision_register_lock, meeting_request_lock, written_resolution_lock
from ..models import (
    Decision,
    DecisionBody,
    MeetingRequest,
    MeetingRequestSupport,
    ProposalKind,
    WrittenConsent,
    WrittenResolution,
    WrittenResolutionStatus,
)
from ..permissions import ENTITLED_STATUSES, is_entitled, written_resolution_past_deadline
from ..selectors import entitled_members

BOARD_CONVENE_PERIOD = dt.timedelta(weeks=4)  # 2:41 lid 2: the ALV is held within 4 weeks
# Only the general assembly changes the statutes (2:43) or dissolves the cooperative (2:19).
BOARD_FORBIDDEN_KINDS = (ProposalKind.STATUTES, ProposalKind.DISSOLUTION)


WRITTEN_RESOLUTION_DEFAULT_PERIOD = dt.timedelta(days=14)


def decision_number_next(*, cooperative: Cooperative, on: dt.date) -> str:
    """The next register number of the year, "2026-007". Locks the cooperative row, so
    two decisions at the same moment never share a number."""
    decision_register_lock(cooperative=cooperative)
    prefix = f"{on.year}-"
    numbers = Decision.objects.filter(cooperative=cooperative, number__startswith=prefix).values_list(
        "number", flat=True
    )
    last = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:03d}"


@transaction.atomic
def decision_record_board(
    *, cooperative: Cooperative, by: Member, title: str, text: str, kind: str, decided_on: dt.date
) -> Decision:
    """Record a board decision taken outside an ALV in the register, marked as such. The
    board cannot change the statutes or dissolve the cooperative (DecisionRefused; a
    CheckConstraint keeps it in the database too)."""
    if kind in BOARD_FORBIDDEN_KINDS:
        raise DecisionRefused(
            _("Een statutenwijziging of ontbinding besluit alleen de ledenvergadering, niet het bestuur."),
        )
    decision = Decision(
        cooperative=cooperative,
        number=decision_number_next(cooperative=cooperative, on=decided_on),
        decided_on=decided_on,
        body=DecisionBody.BOARD,
        kind=kind,
        title=title,
        text=text,
        recorded_by=by,
    )
    decision.full_clean()
    decision.save()
    return decision


# Written decisions outside a meeting ------------------------------------------------------


@transaction.atomic
def written_resolution_create(
    *,
    cooperative: Cooperative,
    by: Member,
    title: str,
    text: str,
    kind: str,
    deadline: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> WrittenResolution:
    """Put a decision to all members in writing. Started by the board, so the board knows of
    it (2:40). Members answer until `deadline` (default: 14 days); after it, without every
    member's yes, the proposal lapses."""
    now = now or timezone.now()
    deadline = deadline or now + WRITTEN_RESOLUTION_DEFAULT_PERIOD
    if deadline <= now:
        raise GovernanceError(_("Kies een uiterste datum in de toekomst."))
    resolution = WrittenResolution(
        cooperative=cooperative, created_by=by, title=title, text=text, kind=kind, deadline=deadline
    )
    resolution.full_clean()
    resolution.save()
    return resolution


def _lapse(resolution: WrittenResolution) -> None:
    resolution.status = WrittenResolutionStatus.LAPSED
    resolution.closed_at = resolution.deadline
    resolution.save(update_fields=["status", "closed_at"])


@transaction.atomic
def written_resolutions_lapse(*, now: dt.datetime | None = None) -> int:
    """Every open written resolution whose deadline passed lapses (periodic, deel.periodic);
    returns how many."""
    now = now or timezone.now()
    due = WrittenResolution.objects.filter(
        status=WrittenResolutionStatus.OPEN, deadline__isnull=False, deadline__lte=now
    ).order_by("pk")
    count = 0
    for resolution in due.select_for_update():
        _lapse(resolution)
        count += 1
    return count


def written_resolution_tally(*, resolution: WrittenResolution) -> dict:
    entitled_ids = set(entitled_members(cooperative=resolution.cooperative).values_list("pk", flat=True))
    consents = dict(resolution.consents.values_list("member_id", "agrees"))
    agreed = {mid for mid, ok in consents.items() if ok and mid in entitled_ids}
    against = {mid for mid, ok in consents.items() if not ok}
    return {
        "entitled": len(entitled_ids),
        "agreed": len(agreed),
        "against": len(against),
        "missing": len(entitled_ids - set(consents)),
        "unanimous": bool(entitled_ids) and agreed == entitled_ids,
    }


@transaction.atomic
def written_consent_give(
    *, resolution: WrittenResolution, member: Member, agrees: bool, now: dt.datetime | None = None
) -> WrittenResolution:
    """Record a member's written yes or no. One "no" means the decision is not taken; when
    every member entitled to vote said yes it is carried and enters the register."""
    now = now or timezone.now()
    resolution = written_resolution_lock(resolution=resolution)
    if member.cooperative_id != resolution.cooperative_id or not is_entitled(member):
        raise GovernanceError(_("Alleen leden met stemrecht kunnen hierover beslissen."))
    if not resolution.is_open:
        raise GovernanceError(_("Over dit voorstel is al beslist."))
    if written_resolution_past_deadline(resolution, now):
        raise WrittenResolutionLapsed(
            _("De termijn om te antwoorden is verstreken; het voorstel is vervallen."), deadline=resolution.deadline
        )
    try:
        with transaction.atomic():
            WrittenConsent.objects.create(resolution=resolution, member=member, agrees=agrees)
    except IntegrityError:
        raise GovernanceError(_("Je hebt hierover al je stem gegeven.")) from None
    tally = written_resolution_tally(resolution=resolution)
    if not agrees:
        resolution.status = WrittenResolutionStatus.FAILED
        resolution.closed_at = now
    elif tally["unanimous"]:
        decided_on = timezone.localdate(now)
        decision = Decision(
            cooperative=resolution.cooperative,
            number=decision_number_next(cooperative=resolution.cooperative, on=decided_on),
            decided_on=decided_on,
            body=DecisionBody.WRITTEN,
            kind=resolution.kind,
            title=resolution.title,
            text=resolution.text,
            votes_for=tally["agreed"],
            votes_against=0,
            votes_abstain=0,
            recorded_by=resolution.created_by,
        )
        decision.full_clean()
        decision.save()
        resolution.decision = decision
        resolution.status = WrittenResolutionStatus.CARRIED
        resolution.closed_at = now
    resolution.save()
    return resolution


# Requests for an ALV -----------------------------------------------------------------------


def meeting_request_threshold(*, cooperative: Cooperative) -> int:
    """Members needed for a valid request: the statutes' share of the votes (default and at
    most one tenth, 2:41 lid 2), rounded up."""
    entitled = entitled_members(cooperative=cooperative).count()
    return max(1, -(-entitled * cooperative.meeting_request_percent // 100))


@transaction.atomic
def meeting_request_support(
    *, request: MeetingRequest, member: Member, now: dt.datetime | None = None
) -> MeetingRequest:
    """Add a member's support. When the supporters hold one tenth of the votes the request
    is recorded as made: the board must convene within 14 days an ALV held within 4 weeks
    (2:41); otherwise the requesters may convene it themselves."""
    now = now or timezone.now()
    request = meeting_request_lock(request=request)
    if member.cooperative_id != request.cooperative_id or not is_entitled(member):
        raise GovernanceError(_("Alleen leden met stemrecht kunnen een ALV aanvragen."))
    try:
        with transaction.atomic():
            MeetingRequestSupport.objects.create(request=request, member=member)
    except IntegrityError:
        raise GovernanceError(_("Je steunt dit verzoek al.")) from None
    if request.threshold_reached_at is None:
        supporters = request.supports.filter(member__status__in=ENTITLED_STATUSES).count()
        if supporters >= meeting_request_threshold(cooperative=request.cooperative):
            request.threshold_reached_at = now
            request.board_deadline = now + BOARD_CONVENE_PERIOD
            request.save(update_fields=["threshold_reached_at", "board_deadline"])
    return request


@transaction.atomic
def meeting_request_create(
    *, cooperative: Cooperative, by: Member, subject: str, reason: str, now: dt.datetime | None = None
) -> MeetingRequest:
    """A member asks for an ALV; the requester is its first supporter."""
    if by.cooperative_id != cooperative.pk or not is_entitled(by):
        raise GovernanceError(_("Alleen leden met stemrecht kunnen een ALV aanvragen."))
    request = MeetingRequest(cooperative=cooperative, created_by=by, subject=subject, reason=reason)
    request.full_clean()
    request.save()
    return meeting_request_support(request=request, member=by, now=now)
