"""Pages and permissions: every page renders, roles decide, other cooperatives answer 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import permissions as perms
from governance import services
from governance.models import Attendance, Ballot, Participation
from members.models import MemberStatus, Role
from tests.factories import PASSWORD, MemberFactory
from tests.governance.factories import added_in_time, convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "roles", "view", "vote", "manage"),
    [
        (MemberStatus.ACTIVE, [], True, True, False),
        (MemberStatus.ACTIVE, [Role.BOARD], True, True, True),
        (MemberStatus.ACTIVE, [Role.TREASURER], True, True, False),
        (MemberStatus.SUSPENDED, [], True, True, False),
        (MemberStatus.SUSPENDED, [Role.BOARD], True, True, False),
        (MemberStatus.LEFT, [], False, False, False),
        (MemberStatus.APPLIED, [], False, False, False),
    ],
)
def test_permission_matrix(status, roles, view, vote, manage):
    member = MemberFactory(status=status, roles=roles)
    assert perms.can_view(member) is view
    assert perms.can_vote(member) is vote
    assert perms.can_give_proxy(member) is vote
    assert perms.can_request_meeting(member) is vote
    assert perms.can_comment_minutes(member) is vote
    assert perms.can_manage_meetings(member) is manage


@pytest.fixture
def scenario():
    coop, board, members = coop_with_members(4)
    meeting, proposal = convened_meeting(coop, board)
    present(meeting, board, members[0])
    ballot = services.ballot_open(proposal=proposal, by=board)
    return {
        "coop": coop,
        "board": board,
        "members": members,
        "meeting": meeting,
        "proposal": proposal,
        "ballot": ballot,
    }


def _urls(s):
    c, m = s["coop"].slug, s["meeting"].pk
    return [
        reverse("governance:meetings", kwargs={"coop": c}),
        reverse("governance:meeting", kwargs={"coop": c, "pk": m}),
        reverse("governance:ballot", kwargs={"coop": c, "pk": s["ballot"].pk}),
        reverse("governance:decisions", kwargs={"coop": c}),
        reverse("governance:requests", kwargs={"coop": c}),
        reverse("governance:written", kwargs={"coop": c}),
        reverse("governance:minutes", kwargs={"coop": c, "pk": m}),
        reverse("governance:proxy_give", kwargs={"coop": c, "pk": m}),
        reverse("governance:amendment_create", kwargs={"coop": c, "pk": s["proposal"].pk}),
    ]


def _board_urls(s):
    c, m = s["coop"].slug, s["meeting"].pk
    return [
        reverse("governance:meeting_create", kwargs={"coop": c}),
        reverse("governance:meeting_edit", kwargs={"coop": c, "pk": m}),
        reverse("governance:agenda", kwargs={"coop": c, "pk": m}),
        reverse("governance:convene", kwargs={"coop": c, "pk": m}),
        reverse("governance:attendance", kwargs={"coop": c, "pk": m}),
        reverse("governance:proposal_create", kwargs={"coop": c, "pk": s["proposal"].item_id}),
        reverse("governance:decision_create", kwargs={"coop": c}),
        reverse("governance:written_create", kwargs={"coop": c}),
    ]


def test_member_pages_render_and_board_pages_are_forbidden(client, scenario):
    client.login(email=scenario["members"][0].user.email, password=PASSWORD)
    for url in _urls(scenario):
        assert client.get(url).status_code == 200, url
    for url in _board_urls(scenario):
        assert client.get(url).status_code == 403, url


def test_board_pages_render(client, scenario):
    client.login(email=scenario["board"].user.email, password=PASSWORD)
    for url in _urls(scenario) + _board_urls(scenario):
        assert client.get(url).status_code == 200, url


def test_other_cooperative_answers_404(client, scenario):
    other_coop, other_board, _ = coop_with_members(2)
    client.login(email=other_board.user.email, password=PASSWORD)
    for url in _urls(scenario) + _board_urls(scenario):
        assert client.get(url).status_code == 404, url
    # Objects of the first cooperative under the second cooperative's slug: 404 as well.
    c = other_coop.slug
    for url in (
        reverse("governance:meeting", kwargs={"coop": c, "pk": scenario["meeting"].pk}),
        reverse("governance:ballot", kwargs={"coop": c, "pk": scenario["ballot"].pk}),
        reverse("governance:agenda", kwargs={"coop": c, "pk": scenario["meeting"].pk}),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("governance:vote", kwargs={"coop": c, "pk": scenario["ballot"].pk}), {"prefix": "", "choice": "for"}
    )
    assert response.status_code == 404
    assert not Participation.objects.exists()


def test_member_votes_through_the_page(client, scenario):
    member = scenario["members"][0]
    client.login(email=member.user.email, password=PASSWORD)
    url = reverse("governance:vote", kwargs={"coop": scenario["coop"].slug, "pk": scenario["ballot"].pk})
    prefix = f"v{member.pk}"
    response = client.post(url, {"prefix": prefix, f"{prefix}-choice": "against"}, follow=True)
    assert "Je stem is uitgebracht" in response.content.decode()
    response = client.post(url, {"prefix": prefix, f"{prefix}-choice": "for"}, follow=True)
    assert "al gestemd" in response.content.decode()
    assert Participation.objects.get(ballot=scenario["ballot"]).choice == "against"


def test_member_cannot_close_a_ballot(client, scenario):
    client.login(email=scenario["members"][0].user.email, password=PASSWORD)
    url = reverse("governance:ballot_close", kwargs={"coop": scenario["coop"].slug, "pk": scenario["ballot"].pk})
    assert client.post(url).status_code == 403
    assert Ballot.objects.get(pk=scenario["ballot"].pk).status == "open"


def test_late_convocation_refused_on_the_page(client):
    coop, board, _ = coop_with_members(2)
    meeting = services.meeting_create(
        cooperative=coop, by=board, title="ALV", starts_at=timezone.now() + dt.timedelta(days=3), location="Hier"
    )
    services.agenda_item_add(meeting=meeting, title="Opening")
    client.login(email=board.user.email, password=PASSWORD)
    url = reverse("governance:convene", kwargs={"coop": coop.slug, "pk": meeting.pk})
    response = client.post(url, follow=True)
    assert "te laat" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "draft"


def test_home_panel_shows_next_meeting(client):
    coop, board, members = coop_with_members(2)
    convened_meeting(coop, board, starts_at=timezone.now() + dt.timedelta(days=20))
    client.login(email=members[0].user.email, password=PASSWORD)
    from django.test import RequestFactory

    from deel.home import next_meeting_panel as next_meeting

    request = RequestFactory().get("/")
    request.coop, request.member = coop, members[0]
    panel = next_meeting(request)
    assert panel["meeting"].title == "ALV"


def test_meeting_pages_have_a_fixed_query_count(client, django_assert_max_num_queries):
    coop, board, members = coop_with_members(8)
    for n in range(4):
        meeting, proposal = convened_meeting(coop, board, title=f"Voorstel {n}")
        _item, election = added_in_time(meeting, board, title="Bestuur", kind="election", seats=1)
        for m in members[:3]:
            services.candidate_add(proposal=election, member=m)
        services.proposal_create(
            item=proposal.item, by=members[0], kind="ordinary", title="Amendement", text="Anders", amends=proposal
        )
    client.login(email=members[5].user.email, password=PASSWORD)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("governance:meetings", kwargs={"coop": coop.slug})).status_code == 200
    with django_assert_max_num_queries(20):
        response = client.get(reverse("governance:meeting", kwargs={"coop": coop.slug, "pk": meeting.pk}))
    assert response.status_code == 200 and "Amendement" in response.content.decode()


def test_members_do_not_see_meetings_in_preparation(client):
    coop, board, members = coop_with_members(2)
    services.meeting_create(
        cooperative=coop,
        by=board,
        title="Nog geheim",
        starts_at=timezone.now() + dt.timedelta(days=40),
        location="Hier",
    )
    url = reverse("governance:meetings", kwargs={"coop": coop.slug})
    client.login(email=members[0].user.email, password=PASSWORD)
    assert "Nog geheim" not in client.get(url).content.decode()
    client.login(email=board.user.email, password=PASSWORD)
    assert "Nog geheim" in client.get(url).content.decode()


def test_member_votes_in_an_election_through_the_page(client):
    coop, board, members = coop_with_members(4)
    meeting, proposal = convened_meeting(coop, board, kind="election", title="Bestuur", seats=2)
    a, b, c = (services.candidate_add(proposal=proposal, member=m) for m in members)
    present(meeting, members[0])
    ballot = services.ballot_open(proposal=proposal, by=board)
    client.login(email=members[0].user.email, password=PASSWORD)
    url = reverse("governance:vote", kwargs={"coop": coop.slug, "pk": ballot.pk})
    prefix = f"v{members[0].pk}"
    response = client.post(url, {"prefix": prefix, f"{prefix}-candidates": [a.pk, b.pk, c.pk]}, follow=True)
    assert "ten hoogste 2" in response.content.decode()
    response = client.post(url, {"prefix": prefix, f"{prefix}-candidates": [a.pk, c.pk]}, follow=True)
    assert "Je stem is uitgebracht" in response.content.decode()
    assert sorted(ballot.votes.values_list("candidate_id", flat=True)) == sorted([a.pk, c.pk])
    assert Participation.objects.get(ballot=ballot).choice == ""


def test_an_empty_checkin_code_is_refused_with_a_message(client, scenario):
    member = scenario["members"][1]
    client.login(email=member.user.email, password=PASSWORD)
    url = reverse("governance:checkin", kwargs={"coop": scenario["coop"].slug, "pk": scenario["meeting"].pk})
    response = client.post(url, {"code": ""}, follow=True)
    assert "Aanmeldcode: Dit veld is verplicht." in response.content.decode()
    assert not Attendance.objects.filter(meeting=scenario["meeting"], member=member).exists()
