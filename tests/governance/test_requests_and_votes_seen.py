"""What members see of their votes (own named vote, "you voted" for a secret ballot, the home
page after voting), and the law on ALV requests (2:41) and written decisions (2:40)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from governance import permissions as perms
from governance import selectors, services
from governance.errors import RequestNotDue, WrittenResolutionLapsed
from governance.models import MeetingStatus, WrittenResolutionStatus
from tests.factories import PASSWORD
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


# 4. What members see ---------------------------------------------------------------------


def test_member_sees_their_own_named_vote_and_the_closing_moment(client):
    coop, board, members = coop_with_members(3)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, members[0])
    ballot = services.ballot_open(proposal=proposal, by=board)
    services.vote_cast(ballot=ballot, member=members[0], choice="against")
    client.login(email=members[0].user.email, password=PASSWORD)
    response = client.get(reverse("governance:ballot", kwargs={"coop": coop.slug, "pk": ballot.pk}))
    assert [v["choice_label"] for v in response.context["my_votes"]] == ["Tegen"]
    assert "sluit op de vergadering" in response.content.decode()


def test_secret_ballot_shows_only_that_the_member_voted(client):
    coop, board, members = coop_with_members(3)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, members[0])
    ballot = services.ballot_open(proposal=proposal, by=board, secret=True)
    services.vote_cast(ballot=ballot, member=members[0], choice="against")
    client.login(email=members[0].user.email, password=PASSWORD)
    response = client.get(reverse("governance:ballot", kwargs={"coop": coop.slug, "pk": ballot.pk}))
    (mine,) = response.context["my_votes"]
    assert mine["choice_label"] == "" and mine["for_self"]
    page = response.content.decode()
    assert "Je hebt gestemd" in page and "Tegen</strong>" not in page


def test_electronic_ballot_shows_until_when_one_votes_electronically(client):
    coop, board, members = coop_with_members(3, electronic_voting_allowed=True)
    meeting, proposal = convened_meeting(coop, board, starts_at=timezone.now() + dt.timedelta(days=10))
    ballot = services.ballot_open(proposal=proposal, by=board)
    client.login(email=members[0].user.email, password=PASSWORD)
    response = client.get(reverse("governance:ballot", kwargs={"coop": coop.slug, "pk": ballot.pk}))
    assert response.context["electronic_until"] == meeting.starts_at


def test_home_page_stops_saying_a_ballot_waits_once_the_member_voted(client):
    coop, board, members = coop_with_members(3)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, members[0], members[1])
    ballot = services.ballot_open(proposal=proposal, by=board)
    assert selectors.meeting_summary_for(meeting=meeting, member=members[0])["open_ballots"] == 1
    services.vote_cast(ballot=ballot, member=members[0], choice="for")
    summary = selectors.meeting_summary_for(meeting=meeting, member=members[0])
    assert summary["open_ballots"] == 0 and summary["voted_ballots"] == 1
    client.login(email=members[0].user.email, password=PASSWORD)
    home = client.get(reverse("coop_home", kwargs={"coop": coop.slug})).content.decode()
    assert "wacht op je stem" not in home and "Je hebt gestemd" in home
    # Another member who has not voted still sees it waiting.
    client.login(email=members[1].user.email, password=PASSWORD)
    assert (
        "1 stemming wacht op je stem" in client.get(reverse("coop_home", kwargs={"coop": coop.slug})).content.decode()
    )


def test_proxy_holder_still_has_a_ballot_waiting_for_the_grantor():
    coop, board, members = coop_with_members(4)
    meeting, proposal = convened_meeting(coop, board, starts_at=timezone.now() + dt.timedelta(days=20))
    services.proxy_grant(meeting=meeting, grantor=members[1], holder=members[0])
    meeting.starts_at = timezone.now() - dt.timedelta(minutes=5)
    meeting.save(update_fields=["starts_at"])
    present(meeting, members[0])
    ballot = services.ballot_open(proposal=proposal, by=board)
    services.vote_cast(ballot=ballot, member=members[0], choice="for")
    assert selectors.meeting_summary_for(meeting=meeting, member=members[0])["open_ballots"] == 1
    assert selectors.meeting_summary_for(meeting=meeting, member=members[1])["open_ballots"] == 0


# 5. ALV requested by members (2:41) ---------------------------------------------------------


def _made_request(coop, members, now):
    req = services.meeting_request_create(
        cooperative=coop, by=members[0], subject="Tweede elektrische auto", reason="Graag bespreken.", now=now
    )
    for m in members[1:]:
        req = services.meeting_request_support(request=req, member=m, now=now)
        if req.threshold_reached_at:
            break
    return req


def test_request_threshold_comes_from_the_statutes():
    coop, board, members = coop_with_members(20, meeting_request_percent=5)
    assert services.meeting_request_threshold(cooperative=coop) == 1  # 5% of 20
    coop.meeting_request_percent = 10
    assert services.meeting_request_threshold(cooperative=coop) == 2


def test_requesters_convene_the_alv_themselves_after_14_days_without_answer(django_capture_on_commit_callbacks):
    coop, board, members = coop_with_members(10)
    made = timezone.now() - dt.timedelta(days=15)
    req = _made_request(coop, members, made)
    assert req.threshold_reached_at == made
    with pytest.raises(RequestNotDue):  # not a supporter
        services.meeting_request_convene(
            request=req, by=members[5], starts_at=timezone.now() + dt.timedelta(days=20), location="Buurthuis"
        )
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_request_convene(
            request=req, by=members[0], starts_at=timezone.now() + dt.timedelta(days=20), location="Buurthuis"
        )
    assert meeting.status == MeetingStatus.CONVENED and meeting.convened_by == members[0]
    assert [i.title for i in meeting.items.all()] == ["Tweede elektrische auto"]
    req.refresh_from_db()
    assert req.meeting == meeting and req.self_convened_at is not None
    assert len(mail.outbox) == 10 and meeting.convocations.get().deliveries.count() == 10
    with pytest.raises(RequestNotDue):  # once only
        services.meeting_request_convene(
            request=req, by=members[1], starts_at=timezone.now() + dt.timedelta(days=21), location="Buurthuis"
        )


def test_requesters_wait_while_the_board_has_its_14_days():
    coop, board, members = coop_with_members(10)
    req = _made_request(coop, members, timezone.now() - dt.timedelta(days=13))
    with pytest.raises(RequestNotDue):
        services.meeting_request_convene(
            request=req, by=members[0], starts_at=timezone.now() + dt.timedelta(days=20), location="Buurthuis"
        )


def test_requesters_cannot_convene_when_the_board_answered_in_time():
    coop, board, members = coop_with_members(10)
    made = timezone.now() - dt.timedelta(days=15)
    req = _made_request(coop, members, made)
    meeting = services.meeting_create(
        cooperative=coop, by=board, title="ALV", starts_at=made + dt.timedelta(days=27), location="Hier", request=req
    )
    services.agenda_item_add(meeting=meeting, title="Tweede auto")
    services.meeting_convene(meeting=meeting, by=board, now=made + dt.timedelta(days=3), notify=False)
    req.refresh_from_db()
    with pytest.raises(RequestNotDue):
        services.meeting_request_convene(
            request=req, by=members[0], starts_at=timezone.now() + dt.timedelta(days=20), location="Buurthuis"
        )


def test_request_page_offers_supporters_to_convene(client):
    coop, board, members = coop_with_members(10)
    req = _made_request(coop, members, timezone.now() - dt.timedelta(days=15))
    url = reverse("governance:request", kwargs={"coop": coop.slug, "pk": req.pk})
    client.login(email=members[0].user.email, password=PASSWORD)
    assert client.get(url).context["can_convene_self"] is True
    client.login(email=members[6].user.email, password=PASSWORD)
    assert client.get(url).context["can_convene_self"] is False


# 5. Written decisions (2:40) lapse at their deadline ------------------------------------------


def test_written_resolution_lapses_at_its_deadline():
    coop, board, members = coop_with_members(3)
    now = timezone.now()
    res = services.written_resolution_create(
        cooperative=coop, by=board, title="Nieuwe sleutelkast", text="...", kind="ordinary", now=now
    )
    assert res.deadline == now + dt.timedelta(days=14)
    services.written_consent_give(resolution=res, member=board, agrees=True, now=now)
    after = res.deadline + dt.timedelta(minutes=1)
    assert not perms.can_answer_written_resolution(res, members[0], after)
    with pytest.raises(WrittenResolutionLapsed):
        services.written_consent_give(resolution=res, member=members[0], agrees=True, now=after)
    assert services.written_resolutions_lapse(now=res.deadline - dt.timedelta(minutes=1)) == 0
    assert services.written_resolutions_lapse(now=after) == 1
    res.refresh_from_db()
    assert res.status == WrittenResolutionStatus.LAPSED and res.closed_at == res.deadline and res.decision is None
