"""/admin/ logs in through allauth: its rate limits and two-factor log-in apply there too
(allauth's `secure_admin_login`); Django's own admin log-in form is never used."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _staff_with_totp():
    user = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def test_admin_password_alone_does_not_log_in_a_staff_user_with_totp(client):
    user = _staff_with_totp()
    client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": user.email, "password": PASSWORD, "next": "/admin/"},
        follow=True,
    )
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the log-in


def test_admin_login_page_is_allauths_and_asks_for_the_code(client):
    user = _staff_with_totp()
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.post(response["Location"], {"login": user.email, "password": PASSWORD}, follow=True)
    assert response.request["PATH_INFO"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_admin_without_totp_reaches_admin_after_allauth_login(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    login = client.get("/admin/", follow=True).redirect_chain[-1][0]
    response = client.post(login, {"login": user.email, "password": PASSWORD}, follow=True)
    assert response.request["PATH_INFO"] == "/admin/"
    assert response.status_code == 200


def test_non_staff_user_logged_in_gets_no_admin(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("admin:login")).status_code == 403


def test_repeated_wrong_admin_passwords_hit_the_rate_limit(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    for _attempt in range(5):
        client.post(reverse("admin:login"), {"username": user.email, "password": "fout-wachtwoord"})
        client.post(reverse("account_login"), {"login": user.email, "password": "fout-wachtwoord"})
    # Ten wrong tries through either door: now even the right password is refused for a while.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True)
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("admin:login"), {"username": user.email, "password": PASSWORD}, follow=True)
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
