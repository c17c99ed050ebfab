"""In Chromium: a hybrid meeting. The board opens a ballot in the meeting; a member on a
phone, logged in, registers online attendance (no room code), sees the open ballot on the
live page, votes; the board sees the count."""

import pytest

from governance import services
from governance.models import AttendanceSource, Participation
from tests.factories import PASSWORD
from tests.fixtures.browser import login
from tests.governance.factories import convened_meeting, coop_with_members

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_online_member_votes_live_in_a_hybrid_meeting(live_server, chromium_browser):
    coop, board, members = coop_with_members(3, remote_participation_allowed=True)
    meeting, proposal = convened_meeting(coop, board, title="Laadpaal bij de Regentes")
    services.attendance_register(meeting=meeting, member=board, by=board, now=meeting.starts_at)
    member = members[0]
    base = f"{live_server.url}/c/{coop.slug}/alv"

    board_context = chromium_browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    board_page = board_context.new_page()
    board_page.set_default_timeout(15_000)
    login(board_page, live_server.url, board.user.email, PASSWORD)
    board_page.goto(f"{base}/{meeting.pk}/")
    board_page.click("text=Stemming openen")
    board_page.wait_for_selector("text=De stemming is geopend")
    ballot_url = board_page.url

    phone = chromium_browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    login(page, live_server.url, member.user.email, PASSWORD)
    page.goto(f"{base}/{meeting.pk}/")
    page.click("text=Vergadering live volgen")
    page.wait_for_selector("text=Open stemmingen")
    assert page.is_visible("text=Laadpaal bij de Regentes")
    page.click("button:has-text('Online aanwezig melden')")
    page.wait_for_selector("text=Je bent online aanwezig")
    page.check("input[value=for]")
    page.click("text=Stem uitbrengen")
    page.wait_for_selector("text=Je stem is uitgebracht")
    assert page.is_visible("text=Je hebt gestemd")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on the phone

    participation = Participation.objects.get(member=member)
    assert participation.ballot.proposal == proposal and not participation.electronic
    assert member.pk in {a.member_id for a in meeting.attendances.filter(source=AttendanceSource.ONLINE)}
    board_page.goto(ballot_url)
    assert board_page.inner_text(".stat").strip() == "1"
    board_page.click("text=Stemming sluiten en tellen")
    board_page.wait_for_selector(".outcome")
    assert "1 voor, 0 tegen" in board_page.inner_text(".outcome")
    phone.close()
    board_context.close()
