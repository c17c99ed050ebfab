"""The platform admin reads governance in /admin/ but can never add, change or delete it."""

import pytest
from django.urls import reverse

from governance import services
from governance.models import (
    Ballot,
    Convocation,
    Decision,
    Meeting,
    MeetingRequest,
    Minutes,
    Proposal,
    Vote,
    WrittenResolution,
)
from members.models import User
from tests.governance.factories import added_in_time

pytestmark = pytest.mark.django_db

MODELS = [Meeting, Proposal, Ballot, Vote, Decision, Minutes, MeetingRequest, WrittenResolution, Convocation]


@pytest.fixture
def history(held_meeting):
    board, members = held_meeting["board"], held_meeting["members"]
    minutes = services.minutes_draft(meeting=held_meeting["meeting"], by=board)
    services.minutes_comment(minutes=minutes, member=members[1], text="Klopt.")
    services.minutes_adopt(minutes=minutes, at_meeting=held_meeting["next"], chair_name="A", secretary_name="B")
    services.meeting_request_create(cooperative=held_meeting["coop"], by=members[1], subject="Extra ALV", reason="...")
    resolution = services.written_resolution_create(
        cooperative=held_meeting["coop"], by=board, title="Schriftelijk", text="...", kind="ordinary"
    )
    services.written_consent_give(resolution=resolution, member=members[2], agrees=False)
    return held_meeting


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(email="beheer@example.test", password="x-very-secret-1")
    client.force_login(user)
    return client


def _url(model, view, *args):
    return reverse(f"admin:governance_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_pages_render_read_only(admin_client, history, model):
    assert admin_client.get(_url(model, "changelist")).status_code == 200
    obj = model.objects.order_by("pk").first()
    detail = admin_client.get(_url(model, "change", obj.pk))
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert admin_client.get(_url(model, "add")).status_code == 403
    assert admin_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_adopted_minutes_and_votes_cannot_be_changed_in_the_admin(admin_client, history):
    minutes = Minutes.objects.get(meeting=history["meeting"])
    response = admin_client.post(_url(Minutes, "change", minutes.pk), {"chair_name": "Iemand", "status": "draft"})
    assert response.status_code == 403
    vote = Vote.objects.first()
    assert admin_client.post(_url(Vote, "change", vote.pk), {"choice": "against"}).status_code == 403
    minutes.refresh_from_db()
    assert (minutes.chair_name, minutes.status) == ("A", "adopted")
    assert Vote.objects.get(pk=vote.pk).choice == vote.choice
    assert Decision.objects.filter(pk=history["decision"].pk, adopted=True).exists()


def test_votes_of_an_open_ballot_are_not_listed(admin_client, history):
    coop, board, members = history["coop"], history["board"], history["members"]
    meeting = history["next"]
    _item, proposal = added_in_time(meeting, board, title="Open")
    services.attendance_register(meeting=meeting, member=members[0])
    ballot = services.ballot_open(proposal=proposal, by=board, secret=True)
    services.vote_cast(ballot=ballot, member=members[0], choice="against")
    listing = admin_client.get(_url(Vote, "changelist"))
    assert listing.status_code == 200
    assert "Open (Open)" not in listing.content.decode()
    assert coop.pk and admin_client.get(_url(Vote, "change", Vote.objects.get(ballot=ballot).pk)).status_code == 302
