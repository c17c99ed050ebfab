"""The phone's bottom bar: four places that depend on the member's roles, and "Meer" for the rest."""

import re

import pytest
from django.urls import reverse

from deel.navigation import bar_places
from members.models import Role
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _bar(html: str) -> tuple[list[str], list[str]]:
    bar = re.search(r'<nav class="bottombar".*?</nav>', html, re.S)
    assert bar is not None, "no bottom bar on the page"
    places = re.findall(r'<a class="bottombar__item" href="([^"]+)"', bar.group(0))
    more = re.findall(r'<ul class="bottombar__panel">(.*?)</ul>', bar.group(0), re.S)
    return places, re.findall(r'<a href="([^"]+)"', more[0])


@pytest.mark.parametrize(
    ("roles", "own"),
    [
        ([], "ledger:my_balance"),
        ([Role.TREASURER], "ledger:dashboard"),
        ([Role.BOARD], "members:board"),
        ([Role.AUDIT], "ledger:dashboard"),
        ([Role.CARETAKER], "vehicles:pool"),
        ([Role.CARETAKER, Role.TREASURER], "ledger:dashboard"),
    ],
)
def test_the_bar_holds_home_booking_trips_and_the_place_of_the_role(client, roles, own):
    member = MemberFactory(roles=roles)
    client.force_login(member.user)
    slug = member.cooperative.slug
    response = client.get(reverse("coop_home", kwargs={"coop": slug}))
    places, more = _bar(response.content.decode())
    expected = ["coop_home", "reservations:find", "reservations:mine", own]
    assert places == [reverse(name, kwargs={"coop": slug}) for name in expected]
    # Every other menu entry is behind "Meer", none twice, none lost.
    top = re.findall(r'<nav class="menu".*?</nav>', response.content.decode(), re.S)[0]
    menu_urls = re.findall(r'<a href="([^"]+)"', top)
    assert sorted(places + [u for u in more if u in menu_urls]) == sorted(menu_urls)
    assert not set(places) & set(more)


def test_meer_is_marked_when_the_page_shown_is_behind_it(client):
    member = MemberFactory()
    client.force_login(member.user)
    response = client.get(reverse("governance:meetings", kwargs={"coop": member.cooperative.slug}))
    html = response.content.decode()
    assert re.search(r'<summary class="bottombar__item" data-active>', html)
    assert not re.search(r'<a class="bottombar__item"[^>]*aria-current="page"', html)


def test_bar_places_are_four_for_every_role():
    for roles in ([], ["treasurer"], ["board"], ["audit"], ["caretaker"], ["board", "treasurer"]):
        assert len(bar_places(frozenset(roles))) == 4


def test_no_bar_without_a_cooperative(client):
    response = client.get("/accounts/login/")
    assert 'class="bottombar"' not in response.content.decode()
