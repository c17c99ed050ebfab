"""In Chromium: a member checks in and votes on a proposal; the board closes the ballot and sees the outcome."""

import pytest

from governance import services
from governance.models import Decision
from tests.factories import PASSWORD
from tests.fixtures.browser import login
from tests.governance.factories import convened_meeting, coop_with_members

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_votes_and_board_closes_the_ballot(page, live_server, chromium_browser):
    coop, board, members = coop_with_members(3)
    meeting, proposal = convened_meeting(coop, board, title="Tweede elektrische auto")
    services.attendance_register(meeting=meeting, member=board, now=meeting.starts_at)
    ballot = services.ballot_open(proposal=proposal, by=board)
    member = members[0]

    login(page, live_server.url, member.user.email, PASSWORD)
    page.goto(f"{live_server.url}/c/{coop.slug}/alv/{meeting.pk}/")
    page.fill("input[name=code]", meeting.checkin_code.lower())
    page.click("text=Aanmelden")
    page.wait_for_selector("text=Je bent aangemeld als aanwezig")
    page.click("text=Naar de stemming")
    page.check("input[value=for]")
    page.click("text=Stem uitbrengen")
    page.wait_for_selector("text=Je stem is uitgebracht")
    assert "Voor" in page.inner_text(".my-votes")  # a named ballot: the member sees their own vote

    board_context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    board_page = board_context.new_page()
    board_page.set_default_timeout(15_000)
    login(board_page, live_server.url, board.user.email, PASSWORD)
    board_page.goto(f"{live_server.url}/c/{coop.slug}/alv/stemming/{ballot.pk}/")
    board_page.click("text=Stemming sluiten en tellen")
    board_page.wait_for_selector("text=Uitslag")
    outcome = board_page.inner_text(".outcome")
    assert "Aangenomen" in outcome and "1 voor, 0 tegen" in outcome
    board_page.click("text=Uitslag vaststellen")
    decision = Decision.objects.get(ballot=ballot)
    board_page.wait_for_selector(f"text={decision.number}")
    assert decision.adopted and decision.votes_for == 1
    board_context.close()
