"""Mijn saldo: the member's account by month, in plain words, with totals and the balance after each month."""

import datetime as dt
import re

import time_machine
from django.urls import reverse

from ledger.services import expense_approve, expense_submit, fees_charge_month, trip_charge
from payments.services.postings import receipt_post
from tests.factories import VehicleFactory

from .factories import aware, make_tariff, make_trip

TODAY = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def page(client, member) -> str:
    client.force_login(member.user)
    response = client.get(reverse("ledger:my_balance", kwargs={"coop": member.cooperative.slug}))
    assert response.status_code == 200
    return text(response.content.decode())


def two_months(coop, member, treasurer):
    car = VehicleFactory(cooperative=coop, plate="GZ-123-K")
    make_tariff(coop, per_km="0.25", per_hour="1.00", monthly_fee="3.00")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 11, 10, 9), km=42, hours=3))  # 10,50 + 3,00
    claim = expense_submit(member=member, description="Tanken Shell", amount_cents=500, spent_on=dt.date(2026, 11, 12))
    expense_approve(expense=claim, by=treasurer)
    receipt_post(
        cooperative=coop,
        member=member,
        amount_cents=1_150,
        date=dt.date(2026, 12, 2),
        description="Bankafschrift 2 december 2026 (camt.xml)",
        source_key="bankimport:test:1",
    )
    fees_charge_month(cooperative=coop, month=dt.date(2026, 12, 1))


@time_machine.travel(TODAY, tick=False)
def test_the_account_reads_by_month_in_plain_words(client, coop, member, treasurer):
    two_months(coop, member, treasurer)
    seen = page(client, member)
    # Newest month first, each with what came on and off and the balance after it.
    assert seen.index("december 2026") < seen.index("november 2026")
    assert "november 2026 bij € 13,50 saldo € 13,50" in seen
    # The claim is credited when approved (today), the transfer on 2 December.
    assert "december 2026 bij € 3,00 af € 16,50 saldo € 0,00" in seen
    # Lines a member understands, not booking codes.
    assert "Rit met GZ-123-K: 42 km, 3:00 uur € 13,50" in seen
    assert "Contributie december 2026 € 3,00" in seen
    assert "Terug voor je declaratie: Tanken Shell -€ 5,00" in seen
    assert "Je overboeking is ontvangen" in seen
    assert "camt.xml" not in seen and "bankimport" not in seen


@time_machine.travel(TODAY, tick=False)
def test_balance_page_queries_do_not_grow_with_months(client, coop, member, treasurer, django_assert_max_num_queries):
    two_months(coop, member, treasurer)
    car = VehicleFactory(cooperative=coop)
    for m in range(1, 11):
        trip_charge(trip=make_trip(member, car, start=aware(2026, m, 3, 9), km=10))
        fees_charge_month(cooperative=coop, month=dt.date(2026, m, 1))
    client.force_login(member.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ledger:my_balance", kwargs={"coop": coop.slug}))
    assert response.status_code == 200
    assert "januari 2026" in response.content.decode()
