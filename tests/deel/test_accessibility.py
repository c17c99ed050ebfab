"""axe-core in Chromium on the key pages of every role, on a phone and on a desktop:
no serious or critical violation (contrast, labels, landmarks, list markup, focusable regions...).

axe-core comes from the npm registry (package.json / package-lock.json at the repository root,
`npm ci`); nothing is downloaded at run time. Without it the test skips locally and fails in CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.models import Meeting
from ledger.models import Period, Statement
from members.models import Member, Role
from tests.factories import PASSWORD, CooperativeFactory, MemberFactory
from tests.fixtures.services import need
from tests.governance.factories import convened_meeting
from tests.ledger.factories import settled_quarter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)"""


def _pages(coop) -> dict[str, list[str]]:
    """The key pages of each role, by the e-mail address of a member who holds it."""
    c = f"/c/{coop.slug}"
    statement = Statement.objects.filter(cooperative=coop).order_by("-pk").first()
    period = Period.objects.filter(cooperative=coop).order_by("starts_on").first()
    meeting = Meeting.objects.filter(cooperative=coop).get()
    member = Statement.objects.get(pk=statement.pk).member
    by_role = {r: Member.objects.filter(cooperative=coop, roles__role=r).first() for r in Role.values}
    return {
        member.user.email: [
            f"{c}/",
            f"{c}/cars/",
            f"{c}/reservations/find/",
            f"{c}/reservations/mine/",
            f"{c}/reservations/week/",
            f"{c}/books/",
            f"{c}/books/statements/{statement.pk}/",
            f"{c}/payments/",
            f"{c}/members/",
            f"{c}/alv/",
            f"{c}/alv/{meeting.pk}/",
            f"{c}/alv/besluiten/",
            f"{c}/profile/",
        ],
        by_role[Role.TREASURER].user.email: [
            f"{c}/books/treasurer/",
            f"{c}/books/expenses/",
            f"{c}/books/tariffs/",
            f"{c}/books/periods/",
            f"{c}/books/periods/{period.pk}/settlement/",
            f"{c}/books/statements/",
            f"{c}/books/postings/",
            f"{c}/books/trial-balance/",
            f"{c}/payments/sepa/",
            f"{c}/payments/bank/",
            f"{c}/payments/bank/queue/",
            f"{c}/payments/arrears/",
        ],
        by_role[Role.BOARD].user.email: [f"{c}/", f"{c}/board/", f"{c}/members/", f"{c}/alv/{meeting.pk}/agenda/"],
        by_role[Role.AUDIT].user.email: [f"{c}/books/treasurer/", f"{c}/books/postings/"],
        by_role[Role.CARETAKER].user.email: [f"{c}/cars/", f"{c}/cars/documents/expiring/"],
    }


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_key_pages_of_every_role_have_no_serious_axe_violations(chromium_browser, live_server, viewport):
    need(AXE.exists(), f"axe-core not installed ({AXE}): run `npm ci`")
    coop = CooperativeFactory()
    settled_quarter(coop)
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    MemberFactory(cooperative=coop, roles=[Role.AUDIT])
    MemberFactory(cooperative=coop, roles=[Role.CARETAKER])
    convened_meeting(coop, board)

    found: list[str] = []
    pages = 0
    for email, paths in _pages(coop).items():
        # axe is injected as a script tag: the page's Content-Security-Policy is bypassed for that only.
        context = chromium_browser.new_context(viewport=VIEWPORTS[viewport], locale="nl-NL", bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")
        for path in [None, *paths]:  # None: the page right after logging in, with its message
            if path is not None:
                response = page.goto(f"{live_server.url}{path}")
                assert response is not None and response.status == 200, path
            page.add_script_tag(path=str(AXE))
            found += [f"{path or 'after login'}: {v}" for v in page.evaluate(RUN_AXE)]
            pages += 1
        context.close()
    assert pages >= 30
    assert found == []


@pytest.mark.parametrize("role", [None, Role.TREASURER, Role.BOARD])
def test_every_menu_place_is_on_screen_on_a_phone_and_on_a_desktop(chromium_browser, live_server, role):
    """On a 390 px phone the bottom bar's five places fit the screen (the rest behind "Meer");
    on a desktop the top menu shows every entry."""
    member = MemberFactory(roles=[role] if role else [])
    for viewport in ("phone", "desktop"):
        context = chromium_browser.new_context(viewport=VIEWPORTS[viewport], locale="nl-NL")
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", member.user.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.goto(f"{live_server.url}/c/{member.cooperative.slug}/")
        width = VIEWPORTS[viewport]["width"]
        if viewport == "phone":
            assert not page.is_visible("nav.menu")
            places = page.locator(".bottombar__item")
            assert places.count() == 5
            for i in range(5):
                box = places.nth(i).bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
            page.click(".bottombar__more summary")
            assert page.locator(".bottombar__panel a").first.is_visible()
        else:
            assert not page.is_visible(".bottombar")
            links = page.locator("nav.menu a")
            assert links.count() >= 9
            for i in range(links.count()):
                box = links.nth(i).bounding_box()
                assert box is not None and box["x"] + box["width"] <= width, links.nth(i).inner_text()
        context.close()
