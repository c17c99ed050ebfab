"""The public application page does not tell a visitor whether an e-mail address already
has an account: the same page either way, and the mail goes to that address's owner."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from members.models import Member, User
from tests.factories import PASSWORD, CooperativeFactory, UserFactory
from tests.members.test_views import application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _page(response, email):
    body = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_existing_address_gets_the_same_page_and_a_mail_to_its_owner(client, django_capture_on_commit_callbacks):
    coop = CooperativeFactory(slug="linden")
    owner = UserFactory(email="bestaand@example.nl", first_name="Bea")
    url = reverse("members:apply", kwargs={"coop": "linden"})

    with django_capture_on_commit_callbacks(execute=True):
        new = client.post(url, application(email="nieuw@example.nl"))
        taken = client.post(url, application(email="Bestaand@Example.nl", first_name="Indringer"))

    assert taken.status_code == new.status_code == 200
    assert _page(taken, "bestaand@example.nl") == _page(new, "nieuw@example.nl")
    # Nothing changed for the existing account: no application, same name and password.
    owner.refresh_from_db()
    assert owner.first_name == "Bea" and owner.check_password(PASSWORD)
    assert not Member.objects.filter(user=owner, cooperative=coop).exists()
    assert User.objects.filter(email__iexact="bestaand@example.nl").count() == 1
    # Each address got one mail: a confirmation for the new one, a notice for the owner.
    to_owner = [m for m in mail.outbox if m.to == ["bestaand@example.nl"]]
    to_new = [m for m in mail.outbox if m.to == ["nieuw@example.nl"]]
    assert len(to_owner) == 1 and len(to_new) == 1 and len(mail.outbox) == 2
    assert "/accounts/confirm-email/" not in to_owner[0].body
    assert reverse("account_login") in to_owner[0].body and url in to_owner[0].body
    assert reverse("account_reset_password") in to_owner[0].body


def test_the_form_never_says_an_address_is_taken(client):
    CooperativeFactory(slug="linden")
    UserFactory(email="bestaand@example.nl")
    url = reverse("members:apply", kwargs={"coop": "linden"})
    body = client.post(url, application(email="bestaand@example.nl", password2="anders")).content.decode()
    assert "De wachtwoorden zijn niet gelijk" in body
    assert "bestaat al" not in body
