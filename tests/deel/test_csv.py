"""CSV exports neutralise cells a spreadsheet would run as a formula; amounts stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from deel.exports import spreadsheet_cell
from ledger.services import expense_approve, expense_submit
from members.models import Role
from tests.factories import CooperativeFactory, MemberFactory, UserFactory


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x";"klik")', '\'=HYPERLINK("http://x";"klik")'),
        ("+31 70 123", "'+31 70 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12,34", "-12,34"),  # an amount as reports.csv writes it: still a number
        ("-5", "-5"),
        ("-0.5", "-0.5"),
        (-1234, -1234),
        (Decimal("-1.50"), Decimal("-1.50")),
        ("Tanken AB-123-C", "Tanken AB-123-C"),
        ("a=b", "a=b"),
        (None, ""),
    ],
)
def test_spreadsheet_cell(value, cell):
    assert spreadsheet_cell(value) == cell


@pytest.mark.django_db
def test_postings_csv_neutralises_a_members_formula_name_and_keeps_the_negative_amount(client):
    coop = CooperativeFactory()
    treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    evil = MemberFactory(cooperative=coop, user=UserFactory(first_name='=HYPERLINK("http://x")', last_name="@Bos"))
    claim = expense_submit(member=evil, description="-Tanken", amount_cents=999, spent_on=timezone.localdate())
    expense_approve(expense=claim, by=treasurer)
    client.force_login(treasurer.user)
    response = client.get(reverse("ledger:postings_csv", kwargs={"coop": coop.slug}))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    member_rows = [r for r in rows[1:] if "HYPERLINK" in r[6]]
    assert member_rows, rows
    for row in member_rows:
        assert all(not cell.startswith(("=", "+", "@", "\t", "\r")) for cell in row), row
        assert row[6].startswith("'=HYPERLINK")
        assert row[8] in {"9,99", "-9,99"}
    assert {r[8] for r in member_rows} == {"9,99", "-9,99"}
