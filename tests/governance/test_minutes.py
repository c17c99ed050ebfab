"""Minutes: drafted from the record, commented, adopted at the next ALV, then immutable; the PDF."""

import datetime as dt
import io

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import services
from governance.errors import GovernanceError, MinutesLocked
from governance.models import Decision, Minutes, MinutesStatus, Participation, Vote
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_draft_is_filled_from_attendance_proxies_and_ballots(held_meeting):
    minutes = services.minutes_draft(meeting=held_meeting["meeting"], by=held_meeting["board"])
    content = minutes.content
    assert len(content["present"]) == 4
    assert content["represented"] == [
        {"grantor": held_meeting["members"][4].name, "holder": held_meeting["members"][0].name}
    ]
    ballot = content["items"][0]["ballots"][0]
    assert (ballot["for"], ballot["against"], ballot["decision"]) == (4, 1, held_meeting["decision"].number)
    # Notes survive a refresh of the numbers.
    services.minutes_update(minutes=minutes, general="Opening om 20:00", notes={1: "Besproken: de kosten."})
    minutes = services.minutes_draft(meeting=held_meeting["meeting"], by=held_meeting["board"])
    assert minutes.content["items"][0]["notes"] == "Besproken: de kosten."
    assert minutes.content["general"] == "Opening om 20:00"


def test_adopted_minutes_are_immutable(held_meeting):
    minutes = services.minutes_draft(meeting=held_meeting["meeting"], by=held_meeting["board"])
    services.minutes_comment(minutes=minutes, member=held_meeting["members"][1], text="Mijn naam is verkeerd gespeld.")
    with pytest.raises(GovernanceError, match="volgende ALV"):
        services.minutes_adopt(minutes=minutes, at_meeting=held_meeting["meeting"], chair_name="A", secretary_name="B")
    minutes = services.minutes_adopt(
        minutes=minutes, at_meeting=held_meeting["next"], chair_name="Anna Voorzitter", secretary_name="Sam Secretaris"
    )
    assert minutes.status == MinutesStatus.ADOPTED and minutes.adopted_on == timezone.localdate()
    before = dict(minutes.content)
    with pytest.raises(MinutesLocked):
        services.minutes_update(minutes=minutes, general="Gewijzigd", notes={})
    with pytest.raises(MinutesLocked):
        services.minutes_draft(meeting=held_meeting["meeting"], by=held_meeting["board"])
    with pytest.raises(MinutesLocked):
        services.minutes_comment(minutes=minutes, member=held_meeting["members"][1], text="Te laat")
    with pytest.raises(MinutesLocked):
        services.minutes_adopt(minutes=minutes, at_meeting=held_meeting["next"], chair_name="X", secretary_name="Y")
    minutes.refresh_from_db()
    assert minutes.content == before and minutes.chair_name == "Anna Voorzitter"


def test_adopted_minutes_cannot_be_changed_through_the_page(client, held_meeting):
    minutes = services.minutes_draft(meeting=held_meeting["meeting"], by=held_meeting["board"])
    services.minutes_adopt(minutes=minutes, at_meeting=held_meeting["next"], chair_name="A", secretary_name="B")
    client.login(email=held_meeting["board"].user.email, password=PASSWORD)
    url = reverse(
        "governance:minutes_edit", kwargs={"coop": held_meeting["coop"].slug, "pk": held_meeting["meeting"].pk}
    )
    response = client.post(url, {"general": "Anders", "notes_1": "Anders"}, follow=True)
    assert "niet meer worden gewijzigd" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.content.get("general") == ""


def test_minutes_pdf_text(client, held_meeting):
    minutes = services.minutes_draft(meeting=held_meeting["meeting"], by=held_meeting["board"])
    services.minutes_update(minutes=minutes, general="", notes={1: "De penningmeester licht de kosten toe."})
    services.minutes_adopt(
        minutes=minutes, at_meeting=held_meeting["next"], chair_name="Anna Voorzitter", secretary_name="Sam Secretaris"
    )
    client.login(email=held_meeting["members"][3].user.email, password=PASSWORD)
    url = reverse(
        "governance:minutes_pdf", kwargs={"coop": held_meeting["coop"].slug, "pk": held_meeting["meeting"].pk}
    )
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    coop = held_meeting["coop"]
    for expected in (
        coop.name,
        "Notulen ALV",
        "Aanwezig",
        held_meeting["members"][1].name,
        "Vertegenwoordigd bij volmacht",
        held_meeting["members"][4].name,
        "1. Besluit",
        "De penningmeester licht de kosten toe.",
        held_meeting["decision"].number,
        "Tarieven 2027",
        "aangenomen",
        "Anna Voorzitter",
        "Sam Secretaris",
        "Vastgesteld door de algemene ledenvergadering",
    ):
        assert expected in text, expected


def test_database_refuses_to_change_adopted_minutes_votes_and_decisions(held_meeting):
    """Even a write that bypasses the services (a shell, a buggy admin) is refused."""
    minutes = services.minutes_draft(meeting=held_meeting["meeting"], by=held_meeting["board"])
    Minutes.objects.filter(pk=minutes.pk).update(content={**minutes.content, "general": "Concept mag"})
    services.minutes_adopt(minutes=minutes, at_meeting=held_meeting["next"], chair_name="A", secretary_name="B")
    with pytest.raises(DatabaseError), transaction.atomic():
        Minutes.objects.filter(pk=minutes.pk).update(chair_name="Iemand anders")
    decision = held_meeting["decision"]
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(adopted=not decision.adopted)
    ballot = decision.ballot
    with pytest.raises(DatabaseError), transaction.atomic():
        Vote.objects.filter(ballot=ballot).update(choice="against")
    with pytest.raises(DatabaseError), transaction.atomic():
        Participation.objects.filter(ballot=ballot).update(choice="against")
    with pytest.raises(DatabaseError), transaction.atomic():
        Vote.objects.create(ballot=ballot, choice="for")  # the ballot is closed
    minutes.refresh_from_db()
    assert minutes.chair_name == "A" and minutes.content["general"] == "Concept mag"


def test_minutes_are_adopted_only_by_a_convened_alv(held_meeting):
    minutes = services.minutes_draft(meeting=held_meeting["meeting"], by=held_meeting["board"])
    unconvened = services.meeting_create(
        cooperative=held_meeting["coop"],
        by=held_meeting["board"],
        title="Nooit opgeroepen",
        starts_at=timezone.now() - dt.timedelta(minutes=30),
        location="Buurthuis",
    )
    with pytest.raises(GovernanceError, match="oproeping"):
        services.minutes_adopt(minutes=minutes, at_meeting=unconvened, chair_name="A", secretary_name="B")
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT
