"""The member's "Betalen" page: one amount due, its due date, how it is paid, paid statements as paid."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from deel.formats import format_date
from ledger.services import statements_issue
from members.models import Role
from payments.models import PaymentSettings
from payments.services.postings import receipt_post
from tests.factories import PASSWORD, MemberFactory

from .factories import charge, mandate, stripe_settings

TODAY = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)


def url(coop):
    return reverse("payments:mine", kwargs={"coop": coop.slug})


def page_of(client, member) -> str:
    assert client.login(email=member.user.email, password=PASSWORD)
    response = client.get(url(member.cooperative))
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """What a reader sees: tags dropped, whitespace folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", " ")


def pay(member, cents: int, day: dt.date) -> None:
    receipt_post(
        cooperative=member.cooperative,
        member=member,
        amount_cents=cents,
        date=day,
        description="Overboeking",
        source_key=f"test-pay:{member.pk}:{day}",
    )


def month(member, *, charged: int, first: dt.date, last: dt.date, issued: dt.datetime):
    charge(member, charged, date=first + dt.timedelta(days=9))
    with time_machine.travel(issued, tick=False):
        (statement,) = statements_issue(
            cooperative=member.cooperative, period_start=first, period_end=last, members=[member]
        )
    return statement


@pytest.fixture
def paid_up(coop):
    """Three monthly statements (EUR 600 + 620 + 609 = 1.829), each paid after it came; then a
    trip of EUR 11,38 not yet on a statement."""
    member = MemberFactory(cooperative=coop)
    sep = month(
        member,
        charged=60_000,
        first=dt.date(2026, 9, 1),
        last=dt.date(2026, 9, 30),
        issued=dt.datetime(2026, 10, 1, 6, tzinfo=dt.UTC),
    )
    pay(member, 60_000, dt.date(2026, 10, 5))
    octo = month(
        member,
        charged=62_000,
        first=dt.date(2026, 10, 1),
        last=dt.date(2026, 10, 31),
        issued=dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC),
    )
    pay(member, 62_000, dt.date(2026, 11, 5))
    nov = month(
        member,
        charged=60_900,
        first=dt.date(2026, 11, 1),
        last=dt.date(2026, 11, 30),
        issued=dt.datetime(2026, 12, 1, 6, tzinfo=dt.UTC),
    )
    pay(member, 60_900, dt.date(2026, 12, 2))
    charge(member, 1_138, date=dt.date(2026, 12, 3))
    assert [s.amount_due_cents for s in (sep, octo, nov)] == [60_000, 62_000, 60_900]
    return member, [sep, octo, nov]


@time_machine.travel(TODAY, tick=False)
def test_paid_statements_show_as_paid_and_the_one_amount_is_the_balance(client, paid_up):
    member, statements = paid_up
    seen = text(page_of(client, member))
    # One amount: what the member owes now. Nothing of the paid EUR 1.829 shows as open.
    assert "€ 11,38" in seen
    assert "Openstaande afschriften" not in seen and "Open:" not in seen and "1.829" not in seen
    for st, amount in zip(statements, ("€ 600,00", "€ 620,00", "€ 609,00"), strict=True):
        assert re.search(rf"{st.number} [a-z]+ 2026 {amount} Betaald", seen), st.number
    # The EUR 11,38 is not on a statement yet: no due date claimed for it.
    assert "Komt op je volgende afschrift" in seen


@time_machine.travel(TODAY, tick=False)
def test_an_open_statement_has_a_due_date_and_a_transfer_instruction(client, coop):
    coop.iban = "NL91ABNA0417164300"
    coop.save()
    member = MemberFactory(cooperative=coop)
    old = month(
        member,
        charged=60_000,
        first=dt.date(2026, 10, 1),
        last=dt.date(2026, 10, 31),
        issued=dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC),
    )
    pay(member, 60_000, dt.date(2026, 11, 4))
    latest = month(
        member,
        charged=1_138,
        first=dt.date(2026, 11, 1),
        last=dt.date(2026, 11, 30),
        issued=dt.datetime(2026, 12, 1, 6, tzinfo=dt.UTC),
    )
    assert latest.amount_due_cents == 1_138
    seen = text(page_of(client, member))
    assert "Te betalen € 11,38 Uiterlijk " + format_date(dt.date(2026, 12, 15)) in seen  # issued 1 December + 14 days
    assert "NL91 ABNA 0417 1643 00" in seen and latest.payment_reference in seen
    assert re.search(rf"{old.number} oktober 2026 € 600,00 Betaald", seen)
    assert re.search(rf"{latest.number} november 2026 € 11,38 Open: € 11,38", seen)
    assert "iDEAL" not in seen  # no Stripe keys


@time_machine.travel(TODAY, tick=False)
def test_the_payment_term_is_the_cooperatives(client, coop):
    coop.payment_term_days = 30
    coop.save()
    member = MemberFactory(cooperative=coop)
    month(
        member,
        charged=1_138,
        first=dt.date(2026, 11, 1),
        last=dt.date(2026, 11, 30),
        issued=dt.datetime(2026, 12, 1, 6, tzinfo=dt.UTC),
    )
    assert format_date(dt.date(2026, 12, 31)) in text(page_of(client, member))


@time_machine.travel(TODAY, tick=False)
def test_a_mandate_holder_sees_the_collection_date_not_a_transfer(client, coop):
    coop.iban = "NL91ABNA0417164300"
    coop.save()
    member = MemberFactory(cooperative=coop)
    # A cooperative whose members agreed to 5 days' pre-notification (the default is 14).
    PaymentSettings.objects.create(cooperative=coop, prenotification_days=5)
    mandate(member, prenotification_days=5)
    latest = month(
        member,
        charged=1_138,
        first=dt.date(2026, 11, 1),
        last=dt.date(2026, 11, 30),
        issued=dt.datetime(2026, 12, 1, 6, tzinfo=dt.UTC),
    )
    seen = text(page_of(client, member))
    # Due 15 December (a Tuesday), well after the pre-notification period: collected that day.
    assert f"Wordt op {format_date(dt.date(2026, 12, 15))} automatisch afgeschreven" in seen
    assert "Maak" not in seen and "overmaken" not in seen.lower()
    assert latest.payment_reference in seen


@time_machine.travel(TODAY, tick=False)
def test_with_stripe_the_member_pays_the_open_amount_with_ideal(client, coop):
    stripe_settings(coop)
    member = MemberFactory(cooperative=coop)
    month(
        member,
        charged=60_000,
        first=dt.date(2026, 10, 1),
        last=dt.date(2026, 10, 31),
        issued=dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC),
    )
    pay(member, 58_862, dt.date(2026, 11, 4))
    seen = text(page_of(client, member))
    assert "Te betalen € 11,38" in seen and "Betaal € 11,38 online" in seen
    assert "iDEAL" in seen


@time_machine.travel(TODAY, tick=False)
def test_nothing_open_says_so(client, coop):
    member = MemberFactory(cooperative=coop)
    month(
        member,
        charged=1_000,
        first=dt.date(2026, 11, 1),
        last=dt.date(2026, 11, 30),
        issued=dt.datetime(2026, 12, 1, 6, tzinfo=dt.UTC),
    )
    pay(member, 1_000, dt.date(2026, 12, 2))
    seen = text(page_of(client, member))
    assert "Je hoeft nu niets te betalen" in seen


@time_machine.travel(TODAY, tick=False)
def test_betalen_page_query_count_does_not_grow_with_statements(client, coop, django_assert_max_num_queries):
    member = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    mandate(member)
    for m in range(1, 12):
        first = dt.date(2026, m, 1)
        last = dt.date(2026, m + 1, 1) - dt.timedelta(days=1)
        month(member, charged=1_000 * m, first=first, last=last, issued=dt.datetime(2026, m + 1, 1, 6, tzinfo=dt.UTC))
        pay(member, 1_000 * m, last + dt.timedelta(days=3))
    assert client.login(email=member.user.email, password=PASSWORD)
    with django_assert_max_num_queries(16):
        response = client.get(url(coop))
    assert response.status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_an_unpaid_older_statement_points_to_the_latest_and_is_not_added_twice(client, coop):
    member = MemberFactory(cooperative=coop)
    old = month(
        member,
        charged=60_000,
        first=dt.date(2026, 10, 1),
        last=dt.date(2026, 10, 31),
        issued=dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC),
    )
    latest = month(
        member,
        charged=1_138,
        first=dt.date(2026, 11, 1),
        last=dt.date(2026, 11, 30),
        issued=dt.datetime(2026, 12, 1, 6, tzinfo=dt.UTC),
    )
    assert latest.amount_due_cents == 61_138  # October's EUR 600 carried forward
    seen = text(page_of(client, member))
    assert "Te betalen € 611,38" in seen and "1.211,38" not in seen
    assert f"{old.number} oktober 2026 € 600,00 Open, zie {latest.number}" in seen
    assert f"{latest.number} november 2026 € 611,38 Open: € 611,38" in seen


@time_machine.travel(TODAY, tick=False)
def test_paying_a_paid_statement_online_starts_nothing(client, coop, paid_up):
    stripe_settings(coop)
    member, statements = paid_up
    assert client.login(email=member.user.email, password=PASSWORD)
    response = client.post(
        reverse("payments:pay", kwargs={"coop": coop.slug}), {"statement": statements[-1].pk, "method": "ideal"}
    )
    assert response.status_code == 302
    assert not member.payments.exists()
