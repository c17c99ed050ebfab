"""Security headers on every page: a strict Content-Security-Policy (DEEL runs no script of
its own and has no inline style), a Permissions-Policy that grants nothing, and
`Cache-Control: no-store` so that no page with personal or financial data stays in a cache."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from members.models import Role
from tests.factories import CooperativeFactory, MemberFactory

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = (p.strip().split(" ", 1) for p in header.split(";") if p.strip())
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


def assert_strict_headers(response) -> None:
    csp = policy(response)
    for directive, value in STRICT.items():
        assert csp.get(directive) == value, (directive, response["Content-Security-Policy"])
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_logged_in_pages_have_a_strict_policy_and_are_never_stored(client):
    coop = CooperativeFactory()
    treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    client.force_login(treasurer.user)
    for url in (
        reverse("coop_home", kwargs={"coop": coop.slug}),
        reverse("ledger:my_balance", kwargs={"coop": coop.slug}),
        reverse("ledger:dashboard", kwargs={"coop": coop.slug}),
        reverse("ledger:postings_csv", kwargs={"coop": coop.slug}),
        reverse("governance:meetings", kwargs={"coop": coop.slug}),
        reverse("home"),
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_strict_headers(response)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


@pytest.mark.django_db
def test_public_pages_have_the_policy_too(client):
    for url in (reverse("landing"), reverse("account_login")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_headers(response)


@pytest.mark.django_db
def test_a_404_and_a_post_redirect_carry_the_headers(client):
    coop = CooperativeFactory()
    member = MemberFactory(cooperative=coop)
    client.force_login(member.user)
    response = client.get(reverse("ledger:statement_pdf", kwargs={"coop": coop.slug, "pk": 999999}))
    assert response.status_code == 404
    assert_strict_headers(response)
    assert "no-store" in response["Cache-Control"]


# Anything a strict policy blocks: an inline script (one with code, not `src` or JSON data),
# a style attribute or element, an event-handler attribute, a javascript: URL.
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_needs_unsafe_inline():
    base = Path(settings.BASE_DIR)
    found = []
    for path in sorted(base.glob("*/templates/**/*.html")):
        if ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(base)}:{line}: {what}")
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_only_the_payment_confirm_page_may_post_on_to_the_bank(client):
    """Its POST is redirected to the bank's iDEAL page, which browsers check against the
    page's form-action: that one page allows https, every other page only itself."""
    from payments.models import Payment, PaymentMethod

    coop = CooperativeFactory()
    member = MemberFactory(cooperative=coop)
    payment = Payment.objects.create(cooperative=coop, member=member, method=PaymentMethod.IDEAL, amount_cents=2750)
    client.force_login(member.user)
    response = client.get(reverse("payments:confirm", kwargs={"coop": coop.slug, "pk": payment.pk}))
    assert response.status_code == 200
    assert policy(response)["form-action"] == "'self' https:"
    assert policy(response)["script-src"] == "'self'"
    assert "no-store" in response["Cache-Control"]
