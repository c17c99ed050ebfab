"""A member's own data (AVG articles 15 and 20) and the privacy page: everything DEEL holds
about the member, on a page and as a JSON file, and nothing about anyone else."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.html import escape

from deel import privacy
from governance import services as gov
from governance.models import VoteChoice
from members.models import Member, User
from tests.factories import MemberFactory, VehicleFactory
from tests.governance.factories import convened_meeting, present
from tests.ledger.factories import aware, make_tariff, make_trip
from tests.payments.factories import charge, mandate

pytestmark = pytest.mark.django_db

# Fields that name the person a row is about (others, like created_by, name who acted).
SUBJECT_FIELDS = {"member", "user", "reported_by", "grantor", "holder", "paid_by_member"}
# Rows about a person that the export leaves out on purpose, and why.
NOT_EXPORTED = {
    "members.Invitation": "an invitation is the board's, sent before the person had an account",
    "reservations.CalendarToken": "a secret feed address: shown on the calendar page, not copied into files",
    "ledger.Account": "holds no data of its own: its postings are exported",
}


@pytest.fixture
def people():
    anouk = MemberFactory(street="Lindenlaan 12", iban="NL44RABO0123456789", phone="0612345678")
    coop = anouk.cooperative
    other = MemberFactory(cooperative=coop, street="Eikenweg 99", iban="NL91ABNA0417164300")
    car = VehicleFactory(cooperative=coop)
    make_tariff(coop)
    make_trip(anouk, car, start=aware(2026, 10, 5), km=42)
    make_trip(other, car, start=aware(2026, 10, 6), km=77)
    charge(anouk, 1234)
    charge(other, 9876)
    mandate(anouk)
    return anouk, other


def _record_values(data: dict) -> str:
    return json.dumps(data["sections"], ensure_ascii=False)


def test_the_page_shows_the_members_own_data_and_nobody_elses(client, people):
    anouk, other = people
    client.force_login(anouk.user)
    response = client.get(reverse("my_data", kwargs={"coop": anouk.cooperative.slug}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lindenlaan 12" in html and "NL44RABO0123456789" in html and "0612345678" in html
    assert "€ 12,34" in html
    assert "Eikenweg 99" not in html and "NL91ABNA0417164300" not in html and "€ 98,76" not in html
    for category in privacy.categories():
        assert escape(str(category.title)) in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


def test_the_download_is_json_with_raw_values(client, people):
    anouk, other = people
    client.force_login(anouk.user)
    response = client.get(reverse("my_data_download", kwargs={"coop": anouk.cooperative.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    sections = {s["key"]: s["records"] for s in data["sections"]}
    assert set(sections) == {c.key for c in privacy.categories()}
    assert sections["membership"][0]["iban"] == "NL44RABO0123456789"
    assert sections["account"][0]["email"] == anouk.user.email
    assert [t["odometer_end_km"] - t["odometer_start_km"] for t in sections["trips"]] == [42]
    assert sorted(p["amount_cents"] for p in sections["postings"]) == [1234]
    assert sections["mandates"][0]["reference"]
    text = _record_values(data)
    assert "Eikenweg 99" not in text and other.user.email not in text and "9876" not in text


def test_a_secret_ballots_choice_is_not_part_of_anyones_data():
    board = MemberFactory(roles=["board"])
    voter = MemberFactory(cooperative=board.cooperative)
    meeting, proposal = convened_meeting(board.cooperative, board, title="Kies de voorzitter")
    present(meeting, board, voter)
    ballot = gov.ballot_open(proposal=proposal, by=board, secret=True)
    gov.vote_cast(ballot=ballot, member=voter, choice=VoteChoice.AGAINST)
    votes = next(s for s in privacy.member_data_json(voter)["sections"] if s["key"] == "votes")["records"]
    assert len(votes) == 1
    assert votes[0]["choice"] == ""  # only that the member voted, never what


@pytest.mark.parametrize("name", ["my_data", "my_data_download", "privacy"])
def test_another_cooperative_answers_404_and_anonymous_logs_in_first(client, people, name):
    anouk, _other = people
    outsider = MemberFactory()
    url = reverse(name, kwargs={"coop": anouk.cooperative.slug})
    assert client.get(url).status_code == 302
    client.force_login(outsider.user)
    assert client.get(url).status_code == 404


def test_the_privacy_page_says_what_why_how_long_and_who(client, people):
    anouk, _other = people
    client.force_login(anouk.user)
    html = client.get(reverse("privacy", kwargs={"coop": anouk.cooperative.slug})).content.decode()
    for category in privacy.categories():
        for text in (category.title, category.purpose, category.retention, category.seen_by):
            assert escape(str(text)) in html
    assert "Autoriteit Persoonsgegevens" in html


def test_the_page_takes_a_fixed_number_of_queries(client, people, django_assert_max_num_queries):
    anouk, other = people
    for day in range(7, 20):
        make_trip(anouk, VehicleFactory(cooperative=anouk.cooperative), start=aware(2026, 10, day))
    client.force_login(anouk.user)
    url = reverse("my_data", kwargs={"coop": anouk.cooperative.slug})
    # 35 before issue 14; one query more for each of household, waitlist, penalties, deposits.
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200


def test_every_model_that_names_a_person_is_exported_or_said_why_not():
    """A new model with rows about a member must join the export (or this list with a reason)."""
    exported = {c.model._meta.label for c in privacy.categories()}
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in {"members", "vehicles", "reservations", "ledger", "payments", "governance"}:
            continue
        names_a_person = any(
            f.many_to_one and f.related_model in (Member, User) and f.name in SUBJECT_FIELDS
            for f in model._meta.get_fields()
            if f.is_relation and not f.auto_created
        )
        label = model._meta.label
        if names_a_person and label not in exported and label not in NOT_EXPORTED:
            missing.append(label)
    assert not missing, f"personal data not in the export: {missing}"
