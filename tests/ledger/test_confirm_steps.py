"""Issuing statements and posting a settlement: what will happen is shown first, the button
sends once (static JS), and a repeated POST changes nothing on the server."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from ledger.models import Statement, Transaction
from ledger.services import period_resolve


def url(name, coop, **kw):
    return reverse(f"ledger:{name}", kwargs={"coop": coop.slug, **kw})


def test_statements_are_previewed_then_issued_once(client, coop, treasurer, books):
    client.force_login(treasurer.user)
    before = Statement.objects.count()
    response = client.post(url("statements", coop), {"month": "2026-02"})
    body = response.content.decode()
    assert response.status_code == 200 and Statement.objects.count() == before
    count = int(body.split('data-confirm="count"><strong>')[1].split("<")[0])
    assert count > 0 and 'name="confirmed" value="1"' in body and "data-once" in body
    client.post(url("statements", coop), {"month": "2026-02", "confirmed": "1"})
    feb = Statement.objects.filter(period_end=dt.date(2026, 2, 28))
    assert feb.count() == count
    # The double click: nothing more, and the preview now says there is nothing to do.
    client.post(url("statements", coop), {"month": "2026-02", "confirmed": "1"})
    assert Statement.objects.count() == before + count
    again = client.post(url("statements", coop), {"month": "2026-02"}).content.decode()
    assert 'name="confirmed"' not in again


def test_the_settlement_shows_who_pays_and_who_gets_back_before_posting(client, coop, treasurer, books):
    client.force_login(treasurer.user)
    period = period_resolve(cooperative=coop, period="2026-Q1")
    body = client.get(url("settlement", coop, pk=period.pk)).content.decode()
    assert 'data-confirm="count"' in body and "data-once" in body
    client.post(url("settlement_post", coop, pk=period.pk))
    transactions = Transaction.objects.count()
    client.post(url("settlement_post", coop, pk=period.pk))
    assert Transaction.objects.count() == transactions


def test_the_once_script_is_served_from_our_own_static_files(client, coop, treasurer):
    client.force_login(treasurer.user)
    body = client.get(reverse("coop_home", kwargs={"coop": coop.slug})).content.decode()
    assert '<script src="/static/deel/once.js" defer></script>' in body
    assert "<script>" not in body  # no inline script (CSP)
