"""Statement and settlement PDFs: the text a member reads, checked with pypdf."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from ledger.services import (
    car_cost_create,
    expense_approve,
    expense_submit,
    fees_charge_month,
    payment_reference,
    reference_is_valid,
    settlement_run,
    statements_issue,
    trip_charge,
)
from members.models import Role
from reports.settlement_report import settlement_pdf
from reports.statements import statement_pdf
from tests.factories import CooperativeFactory, MemberFactory, VehicleFactory
from tests.ledger.factories import aware, make_tariff, make_trip


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def coop(db):
    return CooperativeFactory(name="DEEL Testbuurt", iban="NL91ABNA0417164300")


def test_statement_pdf_shows_trips_fees_expenses_and_how_to_pay(coop):
    treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    member = MemberFactory(
        cooperative=coop, admitted_at=aware(2025, 1, 1), user__first_name="Jan", user__last_name="Bos"
    )
    car = VehicleFactory(cooperative=coop, plate="GZ-123-K")
    make_tariff(coop, per_km="0.25", per_hour="1.00", monthly_fee="3.00")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 3, 2, 9), km=42, hours=3))
    fees_charge_month(cooperative=coop, month=dt.date(2026, 3, 1))
    expense = expense_submit(member=member, description="Tanken Shell", amount_cents=500, spent_on=dt.date(2026, 3, 3))
    expense_approve(expense=expense, by=treasurer)
    (statement,) = statements_issue(
        cooperative=coop, period_start=dt.date(2026, 3, 1), period_end=timezone.localdate(), members=[member]
    )
    text = text_of(statement_pdf(statement))
    assert "DEEL Testbuurt" in text
    assert statement.number in text
    assert member.name in text
    assert "GZ-123-K" in text and "42" in text and "3:00" in text  # km and hours
    assert "Contributie" in text
    assert "NL91 ABNA 0417 1643 00" in text
    assert statement.payment_reference in text
    assert "Tanken Shell" in text
    # 42 * 0.25 + 3 * 1.00 = 13.50; plus fee 3.00, minus the approved claim 5.00 = 11.50
    assert "€ 13,50" in text and "€ 11,50" in text
    assert "Te betalen" in text


def test_statement_numbers_are_gapless_per_year_and_references_valid(coop):
    members = [MemberFactory(cooperative=coop) for _ in range(3)]
    car = VehicleFactory(cooperative=coop)
    make_tariff(coop)
    for m in members:
        trip_charge(trip=make_trip(m, car, start=aware(2026, 1, 10), km=10))
        trip_charge(trip=make_trip(m, car, start=aware(2026, 2, 10), km=10))
    jan = statements_issue(cooperative=coop, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 1, 31))
    again = statements_issue(cooperative=coop, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 1, 31))
    feb = statements_issue(cooperative=coop, period_start=dt.date(2026, 2, 1), period_end=dt.date(2026, 2, 28))
    assert again == []
    numbers = [s.number for s in jan + feb]
    assert numbers == [f"2026-{n:04d}" for n in range(1, 7)]
    assert all(reference_is_valid(s.payment_reference) for s in jan + feb)
    assert len({s.payment_reference for s in jan + feb}) == 6
    # February opens where January closed.
    by_member = {s.member_id: s for s in jan}
    for s in feb:
        assert s.opening_balance_cents == by_member[s.member_id].closing_balance_cents


def test_reference_check_digits_catch_a_typo():
    ref = payment_reference(2026, 42)
    assert reference_is_valid(ref)
    typo = ref[:-3] + str((int(ref[-3]) + 1) % 10) + ref[-2:]
    assert not reference_is_valid(typo)


def test_settlement_report_pdf(coop):
    member = MemberFactory(cooperative=coop, user__first_name="Anna", user__last_name="Smit")  # fits one line
    car = VehicleFactory(cooperative=coop, plate="HX-501-B")
    make_tariff(coop, per_km="0.20", per_hour="0")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 2, 10), km=100))
    car_cost_create(
        vehicle=car, category="insurance", description="Premie", amount_cents=12345, incurred_on=dt.date(2026, 1, 5)
    )
    result = settlement_run(cooperative=coop, period="2026-Q1")
    text = text_of(settlement_pdf(result))
    assert "Nacalculatie 2026-Q1" in text
    assert "HX-501-B" in text
    assert "Verzekering" in text
    assert member.name in text
    assert "€ 103,45" in text  # 123.45 cost - 20.00 tariff income


def test_statement_pdf_carries_the_cooperatives_logo(coop, tmp_path, settings):
    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (31, 111, 92)).save(buffer, format="PNG")
    coop.logo.save("logo.png", ContentFile(buffer.getvalue()))
    member = MemberFactory(cooperative=coop)
    make_tariff(coop, monthly_fee="3.00")
    fees_charge_month(cooperative=coop, month=dt.date(2026, 3, 1))
    (statement,) = statements_issue(
        cooperative=coop, period_start=dt.date(2026, 3, 1), period_end=dt.date(2026, 3, 31), members=[member]
    )
    pdf = PdfReader(io.BytesIO(statement_pdf(statement)))
    assert len(pdf.pages[0].images) == 1


def test_settlement_report_formats_dutch_numbers(coop):
    member = MemberFactory(cooperative=coop, admitted_at=aware(2025, 1, 1))
    car = VehicleFactory(cooperative=coop, plate="GZ-123-K")
    make_tariff(coop, per_km="0.10", per_hour="0", monthly_fee="0")
    trip_charge(trip=make_trip(member, car, start=aware(2026, 2, 2, 9), km=1234, hours=30))
    car_cost_create(
        vehicle=car, category="road_tax", description="MRB", amount_cents=12345, incurred_on=dt.date(2026, 2, 1)
    )
    text = text_of(settlement_pdf(settlement_run(cooperative=coop, period="2026-Q1", simulate=True)))
    assert "1.234" in text and "1234" not in text
    assert "Wegenbelasting" in text  # on one line, not broken up
    assert "€ 0,1000" in text  # 123,45 / 1.234 km, four decimals with a comma


def test_statement_pdf_explains_the_settlement_per_car(coop):
    from ledger.models import Statement
    from ledger.services import statements_issue_month
    from tests.ledger.factories import settled_quarter

    jan, els, _result = settled_quarter(coop)
    march = Statement.objects.get(member=els, period_end=dt.date(2026, 3, 31))
    march_text = text_of(statement_pdf(march))
    statements_issue_month(cooperative=coop, month=dt.date(2026, 4, 1))
    april = Statement.objects.get(member=els, period_end=dt.date(2026, 4, 30))
    text = text_of(statement_pdf(april))
    assert "Nacalculatie 2026-Q1 uitgelegd" in text
    assert "Je krijgt € 20,00 terug" in text
    assert "AA-111-A" in text and "BB-222-B" in text
    assert "€ 0,250" in text and "€ 0,050" in text and "€ 0,200" in text  # real cost vs paid, per km
    assert "Gezamenlijke kosten" in text
    assert "€ 60,00" in text and "€ 40,00" in text  # opened at March's close, closes 20,00 lower
    jans = Statement.objects.get(member=jan, period_end=dt.date(2026, 4, 30))
    assert "Je betaalt € 20,00 bij" in text_of(statement_pdf(jans))
    # March's statement is a snapshot: the settlement dated 31 March does not change it.
    assert "Nacalculatie" not in march_text
    assert text_of(statement_pdf(march)) == march_text


def test_statement_pdf_summary_adds_up_to_the_closing_balance(coop):
    from ledger.models import Statement
    from ledger.selectors import statements_data
    from ledger.services import statements_issue_month
    from tests.ledger.factories import settled_quarter

    settled_quarter(coop)
    statements_issue_month(cooperative=coop, month=dt.date(2026, 4, 1))
    for data in statements_data(statements=list(Statement.objects.filter(cooperative=coop))):
        s = data.statement
        assert s.opening_balance_cents + sum(total for _label, total in data.summary) == s.closing_balance_cents
