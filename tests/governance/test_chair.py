"""The chair of the meeting is designated per meeting (recorded), and the chair's declaration
of each ballot's outcome is recorded as theirs: art. 2:13 lid 1 BW makes it decisive."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import services
from governance.errors import GovernanceError, NotTheChair
from governance.models import BallotStatus, MeetingEvent, MeetingEventKind
from members.models import Role
from members.suspension import member_rights_suspend
from reports.minutes import minutes_pdf
from tests.factories import PASSWORD, MemberFactory
from tests.governance.factories import coop_with_members, present

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_ballot():
    coop, board, members = coop_with_members(4)
    starts = timezone.now() - timezone.timedelta(hours=1)
    meeting = services.meeting_create(cooperative=coop, by=board, title="ALV", starts_at=starts, location="Buurthuis")
    item = services.agenda_item_add(meeting=meeting, title="Besluit")
    proposal = services.proposal_create(item=item, by=board, kind="ordinary", title="Deelfietsen", text="Ja.")
    services.meeting_convene(meeting=meeting, by=board, now=starts - timezone.timedelta(days=20))
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board)
    for m in members:
        services.vote_cast(ballot=ballot, member=m, choice="for")
    ballot = services.ballot_close(ballot=ballot, by=board)
    return coop, board, members, meeting, ballot


def test_without_a_chair_no_outcome_is_declared(closed_ballot):
    _coop, board, _members, _meeting, ballot = closed_ballot
    with pytest.raises(NotTheChair):
        services.ballot_confirm(ballot=ballot, by=board)
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CLOSED


def test_only_the_designated_chair_declares_and_the_declaration_is_recorded_as_theirs(closed_ballot):
    _coop, board, members, meeting, ballot = closed_ballot
    chair = members[0]  # an ordinary member chairs this meeting
    services.meeting_chair_designate(meeting=meeting, chair=chair, by=board)
    event = MeetingEvent.objects.get(meeting=meeting, kind=MeetingEventKind.CHAIR_DESIGNATED)
    assert event.by == board and event.note == chair.name
    with pytest.raises(NotTheChair):  # a board member is not the chair
        services.ballot_confirm(ballot=ballot, by=board)
    decision = services.ballot_confirm(ballot=ballot, by=chair)
    ballot.refresh_from_db()
    assert ballot.confirmed_by == chair and ballot.confirmed_at is not None
    assert decision.recorded_by == chair
    confirmed = MeetingEvent.objects.get(meeting=meeting, kind=MeetingEventKind.BALLOT_CONFIRMED)
    assert confirmed.by == chair


def test_the_chair_is_a_member_with_access(closed_ballot):
    coop, board, members, meeting, _ballot = closed_ballot
    member_rights_suspend(member=members[1], reason="Schorsing", by=board)
    with pytest.raises(GovernanceError):
        services.meeting_chair_designate(meeting=meeting, chair=members[1], by=board)
    with pytest.raises(GovernanceError):
        services.meeting_chair_designate(meeting=meeting, chair=members[0], by=members[2])  # not the board
    other = MemberFactory(roles=[Role.BOARD])
    with pytest.raises(GovernanceError):
        services.meeting_chair_designate(meeting=meeting, chair=other, by=board)


def test_the_declaration_shows_with_the_outcome_in_the_register_and_in_the_minutes(client, closed_ballot):
    coop, board, members, meeting, ballot = closed_ballot
    chair = members[0]
    services.meeting_chair_designate(meeting=meeting, chair=chair, by=board)
    ballot_url = reverse("governance:ballot", kwargs={"coop": coop.slug, "pk": ballot.pk})
    confirm_url = reverse("governance:ballot_confirm", kwargs={"coop": coop.slug, "pk": ballot.pk})
    client.login(email=board.user.email, password=PASSWORD)
    assert confirm_url not in client.get(ballot_url).content.decode()  # the board member is not the chair
    assert client.post(confirm_url).status_code == 403
    client.login(email=chair.user.email, password=PASSWORD)
    assert confirm_url in client.get(ballot_url).content.decode()
    assert client.post(confirm_url).status_code == 302
    ballot.refresh_from_db()
    assert ballot.is_confirmed and ballot.confirmed_by == chair
    page = client.get(ballot_url).content.decode()
    assert 'class="declared' in page and chair.name in page
    decision_url = reverse("governance:decision", kwargs={"coop": coop.slug, "pk": ballot.decision.pk})
    page = client.get(decision_url).content.decode()
    assert 'class="declared' in page and chair.name in page
    minutes = services.minutes_draft(meeting=meeting, by=board)
    recorded = minutes.content["items"][0]["ballots"][0]
    assert recorded["declared_by"] == chair.name and recorded["declared_at"]
    assert minutes.content["chair"] == chair.name
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(minutes_pdf(minutes=minutes))).pages)
    assert f"Uitslag vastgesteld door de voorzitter, {chair.name}" in text
