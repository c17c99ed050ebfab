"""The row locks of governance, in one place. Each takes its rows in primary-key order
(`order_by("pk").select_for_update()`), so two transactions locking the same rows never
wait on each other in a circle. Call them inside a transaction."""

from __future__ import annotations

from members.models import Cooperative

from .models import Ballot, Meeting, MeetingRequest, Minutes, Proxy, WrittenResolution


def meeting_lock(*, meeting: Meeting) -> Meeting:
    """The meeting row, fresh, for the rest of the transaction (agenda, convocation,
    attendance, proxies, closing)."""
    return Meeting.objects.filter(pk=meeting.pk).order_by("pk").select_for_update().get()


def ballot_lock(*, ballot: Ballot) -> Ballot:
    """The ballot, with its proposal, item, meeting and cooperative (casting, closing,
    confirming); on PostgreSQL the joined rows are locked too."""
    return (
        Ballot.objects.select_related("proposal__item__meeting__cooperative")
        .filter(pk=ballot.pk)
        .order_by("pk")
        .select_for_update()
        .get()
    )


def proxy_lock(*, proxy: Proxy) -> Proxy:
    return Proxy.objects.select_related("meeting").filter(pk=proxy.pk).order_by("pk").select_for_update().get()


def minutes_lock(*, minutes: Minutes) -> Minutes:
    return Minutes.objects.select_related("meeting").filter(pk=minutes.pk).order_by("pk").select_for_update().get()


def minutes_of_meeting_lock(*, meeting: Meeting) -> Minutes | None:
    """The minutes of a meeting, locked, or None when none were drafted yet."""
    return Minutes.objects.filter(meeting=meeting).order_by("pk").select_for_update().first()


def written_resolution_lock(*, resolution: WrittenResolution) -> WrittenResolution:
    return WrittenResolution.objects.filter(pk=resolution.pk).order_by("pk").select_for_update().get()


def meeting_request_lock(*, request: MeetingRequest) -> MeetingRequest:
    return MeetingRequest.objects.filter(pk=request.pk).order_by("pk").select_for_update().get()


def decision_register_lock(*, cooperative: Cooperative) -> None:
    """The cooperative's row stands for its decision register: numbering a decision holds it,
    so two decisions at the same moment never share a number."""
    Cooperative.objects.filter(pk=cooperative.pk).order_by("pk").select_for_update().first()
