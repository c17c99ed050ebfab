"""A member signs a direct-debit mandate in a real browser, on a phone-sized screen."""

import pytest

from payments.models import Mandate, MandateStatus
from tests.factories import PASSWORD, MemberFactory
from tests.fixtures.browser import login

pytestmark = pytest.mark.browser


def test_member_signs_a_mandate_on_a_phone(page, live_server, transactional_db):
    member = MemberFactory(cooperative__slug="browser-pay")
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, live_server.url, member.user.email, PASSWORD)

    page.goto(f"{live_server.url}/c/browser-pay/payments/mandate/")
    page.fill("input[name=account_holder]", "Anouk de Vries")
    page.fill("input[name=iban]", "NL44 RABO 0123 4567 89")
    page.check("input[name=agree]")
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("text=Je machtiging is vastgelegd", timeout=30_000)

    assert "Je machtiging is vastgelegd" in page.content()
    assert "Automatische incasso" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide on a 375px screen"
    mandate = Mandate.objects.get(member=member)
    assert mandate.status == MandateStatus.ACTIVE and mandate.bic == "RABONL2U"
