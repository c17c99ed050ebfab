"""Dutch first: an English browser still gets Dutch; the footer's choice of English sticks."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_english_browser_gets_dutch_until_english_is_chosen(client):
    login = reverse("account_login")
    page = client.get(login, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert page["Content-Language"] == "nl"
    assert "Inloggen" in page.content.decode()

    chosen = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert chosen.status_code == 302
    page = client.get(login, HTTP_ACCEPT_LANGUAGE="nl-NL")
    assert page["Content-Language"] == "en"
    assert "Sign In" in page.content.decode() or "Log in" in page.content.decode()


def test_an_unknown_language_cookie_falls_back_to_dutch(client):
    client.cookies["django_language"] = "xx"
    page = client.get(reverse("account_login"))
    assert page["Content-Language"] == "nl"
