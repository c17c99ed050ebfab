"""Members pages as people use them: apply, be admitted, keep data up to date, board work."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from members.models import Member, MemberRole, MemberStatus, Role, User
from tests.factories import PASSWORD, CooperativeFactory, MemberFactory
from tests.members.factories import build_world

pytestmark = pytest.mark.django_db


def application(**over):
    data = {
        "first_name": "Sanne",
        "last_name": "Visser",
        "email": "sanne@example.nl",
        "password1": "Fietsbel-Lindelaan-42",
        "password2": "Fietsbel-Lindelaan-42",
        "street": "Lindelaan 42",
        "postal_code": "2564ab",
        "city": "Den Haag",
        "may_drive": "on",
        "licence_number": "5123456789",
        "licence_expires_on": (timezone.localdate() + dt.timedelta(days=900)).isoformat(),
        "agree": "on",
    }
    data.update(over)
    return data


def test_resident_applies_in_one_form_and_must_verify_email_before_login(client):
    coop = CooperativeFactory(slug="linden")
    response = client.post(reverse("members:apply", kwargs={"coop": "linden"}), application())
    assert response.status_code == 200 and "Bevestig je e-mailadres" in response.content.decode()
    member = Member.objects.get(user__email="sanne@example.nl", cooperative=coop)
    assert member.status == MemberStatus.APPLIED and member.postal_code == "2564 AB"
    assert len(mail.outbox) == 1 and "sanne@example.nl" in mail.outbox[0].to
    # Not verified yet: logging in leads to the verification notice, not into DEEL.
    response = client.post(reverse("account_login"), {"login": "sanne@example.nl", "password": "Fietsbel-Lindelaan-42"})
    assert "_auth_user_id" not in client.session
    # Verify through the link in the mail, then log in: the application's state is shown.
    link = next(word for word in mail.outbox[-1].body.split() if "/accounts/confirm-email/" in word)
    client.post(link[link.index("/accounts/") :])
    assert EmailAddress.objects.get(email="sanne@example.nl").verified
    client.post(reverse("account_login"), {"login": "sanne@example.nl", "password": "Fietsbel-Lindelaan-42"})
    body = client.get(reverse("home")).content.decode()
    assert "Wacht op het bestuur" in body
    # Still no access to the cooperative's pages.
    assert client.get(reverse("coop_home", kwargs={"coop": "linden"})).status_code == 404


def test_anonymous_applications_are_rate_limited_like_sign_ups(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/m/ip"}
    cache.clear()  # earlier tests' sign-ups from the same address count otherwise
    CooperativeFactory(slug="linden")
    url = reverse("members:apply", kwargs={"coop": "linden"})
    client.post(url, application())
    response = client.post(url, application(email="tweede@example.nl"))
    assert response.status_code == 200 and "Te veel aanmeldingen" in response.content.decode()
    assert Member.objects.count() == 1 and not User.objects.filter(email="tweede@example.nl").exists()


def test_application_with_expired_licence_is_refused_and_nothing_is_stored(client):
    CooperativeFactory(slug="linden")
    expired = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(reverse("members:apply", kwargs={"coop": "linden"}), application(licence_expires_on=expired))
    assert response.status_code == 200
    assert "Je rijbewijs is verlopen" in response.content.decode()
    assert not User.objects.filter(email="sanne@example.nl").exists()
    assert not Member.objects.exists() and not mail.outbox


def test_existing_account_applies_and_board_admits_with_next_number(client):
    world = build_world()
    outsider = world.people["outsider"]
    client.force_login(outsider.user)
    data = application()
    for key in ("first_name", "last_name", "email", "password1", "password2"):
        data.pop(key)
    client.post(reverse("members:apply", kwargs={"coop": world.coop.slug}), data)
    applicant = Member.objects.get(user=outsider.user, cooperative=world.coop)
    assert applicant.status == MemberStatus.APPLIED

    client.force_login(world.people["board"].user)
    board = client.get(reverse("members:board", kwargs={"coop": world.coop.slug})).content.decode()
    assert applicant.name in board
    highest = max(m.number or 0 for m in Member.objects.filter(cooperative=world.coop))
    client.post(reverse("members:admit", kwargs={"coop": world.coop.slug, "pk": applicant.pk}))
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.ACTIVE and applicant.number == highest + 1
    assert applicant.admitted_by == world.people["board"]
    client.force_login(outsider.user)
    assert client.get(reverse("coop_home", kwargs={"coop": world.coop.slug})).status_code == 200


def test_suspended_member_sees_but_is_told_why(client):
    world = build_world()
    client.force_login(world.people["suspended"].user)
    body = client.get(reverse("coop_home", kwargs={"coop": world.coop.slug})).content.decode()
    assert "geschorst" in body and "betalingsachterstand" in body


def test_left_member_no_longer_sees_the_cooperative(client):
    world = build_world()
    client.force_login(world.people["left"].user)
    assert client.get(reverse("coop_home", kwargs={"coop": world.coop.slug})).status_code == 404
    assert client.get(reverse("vehicles:pool", kwargs={"coop": world.coop.slug})).status_code == 404


def test_member_leaves_by_own_request(client):
    world = build_world()
    member = world.people["member"]
    client.force_login(member.user)
    client.post(reverse("members:leave", kwargs={"coop": world.coop.slug}))  # not confirmed
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    client.post(reverse("members:leave", kwargs={"coop": world.coop.slug}), {"confirm": "yes"})
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT


def test_profile_refuses_expired_licence_and_keeps_old_data(client):
    world = build_world()
    member = world.people["member"]
    old = member.licence_expires_on
    client.force_login(member.user)
    url = reverse("members:profile", kwargs={"coop": world.coop.slug})
    data = {
        "first_name": "Piet",
        "last_name": "Lid",
        "street": "Eikenlaan 1",
        "postal_code": "2564 AB",
        "city": "Den Haag",
        "may_drive": "on",
        "licence_number": "5000000001",
        "licence_expires_on": "2020-01-01",
    }
    response = client.post(url, data)
    assert "verlopen" in response.content.decode()
    member.refresh_from_db()
    assert member.licence_expires_on == old and member.street != "Eikenlaan 1"
    response = client.post(url, {**data, "licence_expires_on": "2035-01-01", "iban": "NL91 ABNA 0417 1643 00"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.street == "Eikenlaan 1" and member.iban == "NL91ABNA0417164300"
    response = client.post(url, {**data, "licence_expires_on": "2035-01-01", "iban": "NL00 FOUT 1234"})
    assert "geen geldig IBAN" in response.content.decode()


def test_board_cannot_remove_last_board_role_through_the_page(client):
    world = build_world()
    board = world.people["board"]
    client.force_login(board.user)
    response = client.post(
        reverse("members:roles", kwargs={"coop": world.coop.slug, "pk": board.pk}),
        {"role": "board", "action": "revoke"},
        follow=True,
    )
    assert "laatste bestuurslid" in response.content.decode()
    assert MemberRole.objects.filter(member=board, role=Role.BOARD).exists()


def test_board_assigns_a_role_from_the_board_page(client):
    world = build_world()
    client.force_login(world.people["board"].user)
    client.post(
        reverse("members:roles_assign", kwargs={"coop": world.coop.slug}),
        {"member": world.people["member"].pk, "role": "caretaker", "action": "assign"},
    )
    assert MemberRole.objects.filter(member=world.people["member"], role=Role.CARETAKER).exists()


def test_board_cannot_assign_role_to_member_of_another_cooperative(client):
    world = build_world()
    client.force_login(world.people["board"].user)
    response = client.post(
        reverse("members:roles_assign", kwargs={"coop": world.coop.slug}),
        {"member": world.people["outsider"].pk, "role": "board", "action": "assign"},
    )
    assert response.status_code == 404
    assert not MemberRole.objects.filter(member=world.people["outsider"]).exists()


def test_two_factor_is_recommended_on_home_for_treasurer_not_for_member(client):
    world = build_world()
    home = reverse("coop_home", kwargs={"coop": world.coop.slug})
    client.force_login(world.people["treasurer"].user)
    assert "tweestapsverificatie" in client.get(home).content.decode()
    client.force_login(world.people["member"].user)
    assert "tweestapsverificatie" not in client.get(home).content.decode()


def test_expired_licence_warning_on_home(client):
    member = MemberFactory(licence_expires_on=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(member.user)
    body = client.get(reverse("coop_home", kwargs={"coop": member.cooperative.slug})).content.decode()
    assert "Je rijbewijs is verlopen" in body


def test_member_list_privacy_and_query_count(client, django_assert_max_num_queries):
    world = build_world()
    for _ in range(15):
        MemberFactory(cooperative=world.coop, roles=[Role.CARETAKER])
    url = reverse("members:list", kwargs={"coop": world.coop.slug})
    client.force_login(world.people["member"].user)
    with django_assert_max_num_queries(10):
        body = client.get(url).content.decode()
    assert world.people["board"].name in body
    assert world.people["board"].user.email not in body  # addresses only for board/treasurer/audit
    client.force_login(world.people["audit"].user)
    with django_assert_max_num_queries(10):
        body = client.get(url).content.decode()
    assert world.people["board"].user.email in body


def test_login_works_with_demo_style_credentials(client):
    member = MemberFactory()
    response = client.post(reverse("account_login"), {"login": member.user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # straight to the only cooperative


def test_board_page_query_count_does_not_grow_with_members(client, django_assert_max_num_queries):
    world = build_world()
    for _ in range(12):
        MemberFactory(cooperative=world.coop, status=MemberStatus.APPLIED, number=None, admitted_at=None)
        MemberFactory(cooperative=world.coop, roles=[Role.CARETAKER])
    client.force_login(world.people["board"].user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("members:board", kwargs={"coop": world.coop.slug}))
    assert response.content.decode().count("Toelaten") >= 13


def test_member_list_filters_by_name_and_role(client):
    world = build_world()
    client.force_login(world.people["member"].user)
    url = reverse("members:list", kwargs={"coop": world.coop.slug})
    treasurer = world.people["treasurer"]
    body = client.get(url, {"q": treasurer.user.last_name}).content.decode()
    assert treasurer.name in body
    body = client.get(url, {"role": "board"}).content.decode()
    assert world.people["board"].name in body and treasurer.name not in body


def test_a_member_cannot_find_others_by_street_or_email_but_the_board_can(client):
    world = build_world()
    neighbour = MemberFactory(cooperative=world.coop, street="Kastanjelaan 7")
    url = reverse("members:list", kwargs={"coop": world.coop.slug})
    client.force_login(world.people["member"].user)
    for q in ("Kastanjelaan", neighbour.user.email):
        assert neighbour.name not in client.get(url, {"q": q}).content.decode()
    assert neighbour.name in client.get(url, {"q": neighbour.user.last_name}).content.decode()
    client.force_login(world.people["board"].user)
    for q in ("Kastanjelaan", neighbour.user.email):
        assert neighbour.name in client.get(url, {"q": q}).content.decode()
