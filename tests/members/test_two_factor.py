"""Optional TOTP two-factor log-in (allauth.mfa) for treasurer and board: reachable from
the profile page, activated with a code from the app, then asked at every log-in."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

from members.models import Role
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password}, follow=True)


def test_treasurer_turns_on_totp_from_the_profile_and_must_give_a_code_at_login(client):
    member = MemberFactory(roles=[Role.TREASURER])
    email = member.user.email
    _login(client, email)
    profile = client.get(reverse("members:profile", kwargs={"coop": member.cooperative.slug})).content.decode()
    assert reverse("mfa_index") in profile and "Aanbevolen voor jouw rol" in profile

    activate = reverse("mfa_activate_totp")
    response = client.get(activate, follow=True)
    if "reauthenticate" in response.request["PATH_INFO"]:
        response = client.post(
            reverse("account_reauthenticate") + f"?next={activate}", {"password": PASSWORD}, follow=True
        )
    secret = client.session["mfa.totp.secret"]
    assert secret in response.content.decode()  # shown for manual entry, next to the QR code

    # A wrong code is refused in Dutch and activates nothing.
    response = client.post(activate, {"code": "000000" if _code(secret) != "000000" else "111111"})
    assert response.status_code == 200 and "Ongeldige code" in response.content.decode()
    assert not Authenticator.objects.filter(user=member.user, type=Authenticator.Type.TOTP).exists()

    client.post(activate, {"code": _code(secret)})
    assert Authenticator.objects.filter(user=member.user, type=Authenticator.Type.TOTP).exists()
    profile = client.get(reverse("members:profile", kwargs={"coop": member.cooperative.slug})).content.decode()
    assert "Ingesteld." in profile

    client.logout()
    response = _login(client, email)
    assert response.request["PATH_INFO"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone is not enough
    response = client.post(reverse("mfa_authenticate"), {"code": "123"}, follow=True)
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": _code(secret)}, follow=True)
    assert client.session["_auth_user_id"] == str(member.user.pk)
    assert response.request["PATH_INFO"] == reverse("coop_home", kwargs={"coop": member.cooperative.slug})


def test_board_is_reminded_on_home_until_totp_is_on(client):
    member = MemberFactory(roles=[Role.BOARD])
    client.force_login(member.user)
    home = reverse("coop_home", kwargs={"coop": member.cooperative.slug})
    body = client.get(home).content.decode()
    assert re.search(r"[Tt]weestapsverificatie", body) and reverse("mfa_index") in body
    Authenticator.objects.create(user=member.user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert reverse("mfa_activate_totp") not in client.get(home).content.decode()
