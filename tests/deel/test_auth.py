"""Accounts (django-allauth): e-mail log-in in DEEL's layout, verification required,
password reset, rate-limited log-in, TOTP two-factor available to everyone."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_dutch_and_uses_deel_layout(client):
    body = client.get(reverse("account_login")).content.decode()
    assert 'class="topbar"' in body and "deel.css" in body
    assert "Wachtwoord" in body and 'class="btn' in body


def test_signup_needs_email_verification_before_login(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.nl", "password1": "Zonnebloem-Straat-7", "password2": "Zonnebloem-Straat-7"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not EmailAddress.objects.get(email="nieuw@example.nl").verified
    assert len(mail.outbox) == 1


def test_unverified_user_cannot_log_in(client):
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_mail(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1 and user.email in mail.outbox[0].to


def test_login_attempts_are_rate_limited(client):
    user = UserFactory()
    statuses = [
        client.post(reverse("account_login"), {"login": user.email, "password": "fout"}).status_code for _ in range(7)
    ]
    # After the limit the right password no longer logs in either (for a while).
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session, statuses


def test_two_factor_pages_are_available_to_every_member(client):
    member = MemberFactory()
    client.post(reverse("account_login"), {"login": member.user.email, "password": PASSWORD})
    body = client.get(reverse("mfa_index")).content.decode()
    assert 'class="topbar"' in body
    # Activating asks for the password again first, then shows the QR code to scan.
    activate = reverse("mfa_activate_totp")
    response = client.get(activate, follow=True)
    if "reauthenticate" in response.request["PATH_INFO"]:
        response = client.post(
            reverse("account_reauthenticate") + f"?next={activate}", {"password": PASSWORD}, follow=True
        )
    assert response.status_code == 200 and "svg" in response.content.decode().lower()


def test_profile_links_to_two_factor(client):
    member = MemberFactory()
    client.force_login(member.user)
    body = client.get(reverse("members:profile", kwargs={"coop": member.cooperative.slug})).content.decode()
    assert reverse("mfa_index") in body
