"""Role matrix of every page of the members and vehicles apps: each role x each page is
allowed (200/302 as the page answers) or refused (403 for a member without the role, 404
for someone who does not see the cooperative)."""

import pytest
from django.urls import reverse

from tests.members.factories import NOT_SEEING, ROLES, SEEING, build_world

pytestmark = pytest.mark.django_db

ALL_SEEING = SEEING
ACTIVE = SEEING - {"suspended"}
BOARD = {"board"}
BOARD_TREASURER_AUDIT = {"board", "treasurer", "audit"}

# (url name, kwargs builder, roles that get the page); others who see the coop get 403.
PAGES = [
    ("coop_home", lambda w: {}, ALL_SEEING),
    ("members:list", lambda w: {}, ALL_SEEING),
    ("members:profile", lambda w: {}, ALL_SEEING),
    ("members:detail", lambda w: {"pk": w.people["member"].pk}, BOARD_TREASURER_AUDIT),
    ("members:board", lambda w: {}, BOARD),
    ("vehicles:pool", lambda w: {}, ALL_SEEING),
    ("vehicles:detail", lambda w: {"pk": w.car.pk}, ALL_SEEING),
    ("vehicles:photo", lambda w: {"pk": w.car.pk}, ALL_SEEING),
    ("vehicles:damage_photo", lambda w: {"pk": w.photo.pk}, ALL_SEEING),
    ("vehicles:new", lambda w: {}, BOARD),
    ("vehicles:edit", lambda w: {"pk": w.car.pk}, {"caretaker", "board"}),
    ("vehicles:damage_new", lambda w: {"pk": w.car.pk}, ACTIVE),
    ("vehicles:document_new", lambda w: {"pk": w.car.pk}, {"caretaker", "board", "treasurer"}),
    ("vehicles:document_file", lambda w: {"pk": w.document.pk}, {"caretaker", "board", "treasurer"}),
    ("vehicles:expiring", lambda w: {}, {"caretaker", "other_caretaker", "board", "treasurer"}),
    ("vehicles:maintenance_new", lambda w: {"pk": w.car.pk}, {"caretaker", "board"}),
    ("vehicles:contribution", lambda w: {"pk": w.car.pk}, {"board", "treasurer"}),
]


@pytest.fixture
def world():
    return build_world()


def _expected(allowed: set[str], role: str) -> int:
    if role in NOT_SEEING:
        return 404
    return 200 if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_of_every_page(client, world, role):
    client.force_login(world.people[role].user)
    failures = []
    for name, kwargs, allowed in PAGES:
        url = reverse(name, kwargs={"coop": world.coop.slug, **kwargs(world)})
        status = client.get(url).status_code
        expected = _expected(allowed, role)
        if status != expected:
            failures.append(f"{name}: {status} (expected {expected})")
    assert not failures, f"role {role}: " + "; ".join(failures)


def test_anonymous_is_sent_to_login(client, world):
    for name, kwargs, _allowed in PAGES:
        response = client.get(reverse(name, kwargs={"coop": world.coop.slug, **kwargs(world)}))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


# Board actions (POST): only the board; a member without the role gets 403, an outsider 404.
ACTIONS = [
    ("members:admit", "applicant", {}),
    ("members:refuse", "applicant", {"reason": "woont buiten de buurt"}),
    ("members:suspend", "member", {"reason": "onderzoek"}),
    ("members:reinstate", "suspended", {}),
    ("members:remove", "member", {"confirm": "yes"}),
    ("members:roles", "member", {"role": "caretaker", "action": "assign"}),
]


@pytest.mark.parametrize(("name", "subject", "data"), ACTIONS)
def test_board_actions_matrix(client, world, name, subject, data):
    target = world.people[subject]
    before = (target.status, target.roles.count())
    url = reverse(name, kwargs={"coop": world.coop.slug, "pk": target.pk})
    # Everyone but the board first: they change nothing.
    for role in ("member", "treasurer", "audit", "caretaker", "suspended", "outsider", "applicant", "left"):
        client.force_login(world.people[role].user)
        response = client.post(url, data)
        assert response.status_code == (404 if role in NOT_SEEING else 403), role
        target.refresh_from_db()
        assert (target.status, target.roles.count()) == before, role
    client.force_login(world.people["board"].user)
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert (target.status, target.roles.count()) != before


def test_apply_page_is_public_and_members_are_sent_home(client, world):
    url = reverse("members:apply", kwargs={"coop": world.coop.slug})
    assert client.get(url).status_code == 200  # anonymous
    for role in ("outsider", "left", "applicant"):
        client.force_login(world.people[role].user)
        assert client.get(url).status_code == 200, role
    client.force_login(world.people["member"].user)
    assert client.get(url).status_code == 302


def test_refusals_are_dutch_pages_in_the_layout(client, world):
    """A 403 tells a member in Dutch that their role does not reach the page, with the
    cooperative's menu; a 404 reveals nothing about another cooperative."""
    client.force_login(world.people["member"].user)
    response = client.get(reverse("members:board", kwargs={"coop": world.coop.slug}))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Geen toegang" in body and 'class="topbar"' in body and world.coop.name in body
    client.force_login(world.people["outsider"].user)
    response = client.get(reverse("vehicles:detail", kwargs={"coop": world.coop.slug, "pk": world.car.pk}))
    body = response.content.decode()
    assert response.status_code == 404
    assert "Niet gevonden" in body and world.coop.name not in body and world.car.plate not in body
    client.logout()
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404 and "Niet gevonden" in response.content.decode()
