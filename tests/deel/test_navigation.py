"""The main menu marks the one entry the page shown belongs to."""

import re

import pytest
from django.urls import reverse

from members.models import Role
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _active(response) -> list[str]:
    nav = response.content.decode()
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', nav)


@pytest.mark.parametrize(
    ("url_name", "label"),
    [
        ("coop_home", "Overzicht"),
        ("ledger:my_balance", "Mijn saldo"),
        ("ledger:dashboard", "Penningmeester"),
        ("ledger:tariffs", "Penningmeester"),
        ("ledger:periods", "Penningmeester"),
        ("payments:mine", "Betalen"),
        ("payments:sepa", "Penningmeester"),
        ("vehicles:pool", "Auto's"),
    ],
)
def test_one_entry_is_active_and_it_is_the_right_one(client, url_name, label):
    treasurer = MemberFactory(roles=[Role.TREASURER])
    client.force_login(treasurer.user)
    response = client.get(reverse(url_name, kwargs={"coop": treasurer.cooperative.slug}))
    assert response.status_code == 200
    assert [html_label.replace("&#x27;", "'") for html_label in _active(response)] == [label]
