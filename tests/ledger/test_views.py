"""Pages of the books: who sees what, POST changes, pinned query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from deel.formats import format_datetime
from ledger.models import ExpenseStatus, Period, Posting, Statement, Tariff, Transaction
from ledger.services import expense_submit, period_close, period_resolve
from members.models import Role
from tests.factories import CooperativeFactory, MemberFactory, VehicleFactory


def url(name, coop, **kw):
    return reverse(f"ledger:{name}", kwargs={"coop": coop.slug, **kw})


@pytest.mark.parametrize(
    ("roles", "status"),
    [([], 403), ([Role.CARETAKER], 403), ([Role.BOARD], 200), ([Role.AUDIT], 200), ([Role.TREASURER], 200)],
)
def test_dashboard_permission_matrix(client, coop, roles, status):
    member = MemberFactory(cooperative=coop, roles=roles)
    client.force_login(member.user)
    assert client.get(url("dashboard", coop)).status_code == status


def test_other_cooperative_answers_404(client, coop, books):
    stranger = MemberFactory(cooperative=CooperativeFactory(), roles=[Role.TREASURER])
    client.force_login(stranger.user)
    assert client.get(url("dashboard", coop)).status_code == 404
    own = MemberFactory(cooperative=stranger.cooperative, roles=[Role.TREASURER])
    client.force_login(own.user)
    statement = Statement.objects.filter(cooperative=coop).first()
    assert client.get(url("statement_pdf", own.cooperative, pk=statement.pk)).status_code == 404


def test_audit_reads_but_cannot_change(client, coop, books):
    auditor = MemberFactory(cooperative=coop, roles=[Role.AUDIT])
    client.force_login(auditor.user)
    expense = books[0].expenses.first()
    assert client.post(url("expense_decide", coop, pk=expense.pk), {"decision": "approve"}).status_code == 403
    assert client.post(url("tariffs", coop), {"valid_from": "2026-06-01", "per_km": "1"}).status_code == 403
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.SUBMITTED


def test_treasurer_approves_on_the_expense_page(client, coop, treasurer, books):
    client.force_login(treasurer.user)
    expense = books[0].expenses.first()
    response = client.post(url("expense_decide", coop, pk=expense.pk), {"decision": "approve"})
    assert response.status_code == 302
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.APPROVED


def test_treasurers_own_claim_goes_to_the_board(client, coop, treasurer, books):
    own = expense_submit(member=treasurer, description="Laden eigen", amount_cents=2500, spent_on=dt.date(2026, 1, 9))
    client.force_login(treasurer.user)
    page = client.get(url("expenses", coop)).content.decode()
    assert page.count('value="approve"') == len(books)  # every claim but his own
    response = client.post(url("expense_decide", coop, pk=own.pk), {"decision": "approve"}, follow=True)
    assert "eigen declaratie" in response.content.decode()
    own.refresh_from_db()
    assert own.status == ExpenseStatus.SUBMITTED

    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    client.force_login(board.user)
    page = client.get(url("expenses", coop)).content.decode()
    assert page.count('value="approve"') == 1  # only the treasurer's own claim
    client.post(url("expense_decide", coop, pk=books[0].expenses.first().pk), {"decision": "approve"})
    assert books[0].expenses.first().status == ExpenseStatus.SUBMITTED
    client.post(url("expense_decide", coop, pk=own.pk), {"decision": "approve"})
    own.refresh_from_db()
    assert own.status == ExpenseStatus.APPROVED and own.decided_by == board

    auditor = MemberFactory(cooperative=coop, roles=[Role.AUDIT])
    client.force_login(auditor.user)
    assert client.post(url("expense_decide", coop, pk=own.pk), {"decision": "approve"}).status_code == 403


def test_member_submits_a_claim_with_receipt(client, coop, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(member.user)
    pdf = SimpleUploadedFile(
        "bon.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf"
    )
    response = client.post(
        url("expense_new", coop),
        {"description": "Laden", "amount": "12,34", "spent_on": "2026-01-03", "category": "fuel", "attachment": pdf},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    expense = member.expenses.get()
    assert expense.amount_cents == 1234 and expense.status == ExpenseStatus.SUBMITTED


def test_treasurer_records_a_tariff_with_reference(client, coop, treasurer):
    client.force_login(treasurer.user)
    data = {
        "valid_from": "2026-07-01",
        "vehicle_class": "large",
        "per_km": "0,2350",
        "per_hour": "1,5",
        "day_cap": "25,00",
        "monthly_fee": "5",
        "decision_reference": "ALV 1 juni 2026",
    }
    response = client.post(url("tariffs", coop), data)
    assert response.status_code == 302  # the Dutch decimal comma is accepted
    tariff = Tariff.objects.get(cooperative=coop, valid_from=dt.date(2026, 7, 1))
    assert (tariff.vehicle_class, tariff.per_km, tariff.per_hour) == ("large", Decimal("0.2350"), Decimal("1.5"))
    assert tariff.day_cap == Decimal("25") and tariff.decision_reference == "ALV 1 juni 2026"
    page = client.get(url("tariffs", coop)).content.decode()
    assert "0,2350" in page and "Groot" in page

    # Bad input: a clear Dutch message and nothing stored.
    response = client.post(url("tariffs", coop), {**data, "valid_from": "2026-08-01", "per_km": "twee"})
    assert response.status_code == 200 and "Voer een getal in" in response.content.decode()
    response = client.post(url("tariffs", coop), {**data, "valid_from": "2026-08-01", "decision_reference": ""})
    assert "Vermeld het besluit" in response.content.decode()
    assert Tariff.objects.filter(cooperative=coop).count() == 1


def test_my_balance_query_count_is_fixed(client, coop, books, django_assert_max_num_queries):
    member = books[0]
    client.force_login(member.user)
    with django_assert_max_num_queries(14):
        response = client.get(url("my_balance", coop))
    assert response.status_code == 200
    assert "Afschrift" in response.content.decode() or "2026-" in response.content.decode()


def test_dashboard_query_count_is_fixed(client, coop, treasurer, books, django_assert_max_num_queries):
    client.force_login(treasurer.user)
    with django_assert_max_num_queries(21):
        response = client.get(url("dashboard", coop))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tanken 0" in body


def test_dashboard_counts_every_open_claim(client, coop, treasurer, member):
    for i in range(23):
        expense_submit(member=member, description=f"Bon {i}", amount_cents=100 + i, spent_on=dt.date(2026, 1, 5))
    client.force_login(treasurer.user)
    body = client.get(url("dashboard", coop)).content.decode()
    assert '<p class="stat">23</p>' in body


def test_statement_pages_query_counts(client, coop, treasurer, books, django_assert_max_num_queries):
    client.force_login(treasurer.user)
    with django_assert_max_num_queries(12):
        assert client.get(url("statements", coop)).status_code == 200
    statement = Statement.objects.filter(cooperative=coop).first()
    with django_assert_max_num_queries(10):
        response = client.get(url("statement_pdf", coop, pk=statement.pk))
    assert response["Content-Type"] == "application/pdf"


def test_treasurer_issues_a_month_of_statements(client, coop, treasurer, books):
    client.force_login(treasurer.user)
    page = client.get(url("statements", coop)).content.decode()
    assert 'type="month"' in page
    before = Statement.objects.count()
    response = client.post(url("statements", coop), {"month": "2026-02", "confirmed": "1"})
    assert response.status_code == 302
    feb = Statement.objects.filter(period_start=dt.date(2026, 2, 1), period_end=dt.date(2026, 2, 28))
    assert feb.count() == Statement.objects.count() - before > 0
    assert sorted(feb.values_list("number", flat=True))[0] == f"2026-{before + 1:04d}"  # numbering goes on
    client.post(url("statements", coop), {"month": "2026-02", "confirmed": "1"})
    assert Statement.objects.count() == before + feb.count()  # never twice
    running = timezone.localdate()
    response = client.post(url("statements", coop), {"month": f"{running:%Y-%m}"})
    assert response.status_code == 200 and "loopt nog" in response.content.decode()
    response = client.post(url("statements", coop), {"month": "februari"})
    assert "Kies een maand" in response.content.decode()


def test_member_cannot_download_anothers_statement(client, coop, books):
    client.force_login(books[0].user)
    other = Statement.objects.get(member=books[1])
    assert client.get(url("statement_pdf", coop, pk=other.pk)).status_code == 403
    own = Statement.objects.get(member=books[0])
    assert client.get(url("statement_pdf", coop, pk=own.pk)).status_code == 200


def test_postings_filter_and_csv(client, coop, treasurer, books, django_assert_max_num_queries):
    client.force_login(treasurer.user)
    with django_assert_max_num_queries(16):
        response = client.get(url("postings", coop), {"member": books[0].pk})
    assert response.status_code == 200
    csv = b"".join(client.get(url("postings_csv", coop), {"member": books[0].pk}).streaming_content).decode()
    assert csv.startswith("\ufeff")
    assert books[1].name not in csv
    tb = b"".join(client.get(url("trial_balance_csv", coop)).streaming_content).decode()
    assert "1300-M" in tb


def test_settlement_simulate_post_and_report(client, coop, treasurer, books):
    client.force_login(treasurer.user)
    period = period_resolve(cooperative=coop, period="2026-Q1")
    response = client.get(url("settlement", coop, pk=period.pk))
    body = response.content.decode()
    assert response.status_code == 200 and "Simulatie" in body
    for member in books:  # every member's share is shown before posting
        assert member.name in body
    assert "Nacalculatie boeken" in body
    assert not Posting.objects.filter(transaction__source_key__startswith="settlement:").exists()
    client.post(url("settlement_post", coop, pk=period.pk))
    client.post(url("settlement_post", coop, pk=period.pk))
    period.refresh_from_db()
    assert period.settlement is not None
    assert Transaction.objects.filter(source_key="settlement:2026-Q1").count() == 1
    body = client.get(url("settlement", coop, pk=period.pk)).content.decode()
    assert f"Geboekt door {treasurer.name}" in body and "Nacalculatie boeken" not in body
    pdf = client.get(url("settlement_pdf", coop, pk=period.pk))
    assert pdf["Content-Type"] == "application/pdf"
    client.post(url("period_action", coop, pk=period.pk), {"action": "close"})
    period.refresh_from_db()
    assert period.status == "closed" and period.closed_by == treasurer

    # The audit committee sees who closed the period and when, and can change nothing.
    auditor = MemberFactory(cooperative=coop, roles=[Role.AUDIT])
    client.force_login(auditor.user)
    closed_at = format_datetime(period.closed_at)
    body = client.get(url("periods", coop)).content.decode()
    assert treasurer.name in body and closed_at in body
    assert 'value="close"' not in body and "Reserve vastleggen" not in body
    body = client.get(url("settlement", coop, pk=period.pk)).content.decode()
    assert f"Periode afgesloten door {treasurer.name} op {closed_at}" in body
    q2 = period_resolve(cooperative=coop, period="2026-Q2")
    for name, data in [("settlement_post", {}), ("period_action", {"action": "close"})]:
        assert client.post(url(name, coop, pk=q2.pk), data).status_code == 403
    assert not hasattr(Period.objects.get(pk=q2.pk), "settlement")


def test_running_period_offers_no_posting(client, coop, treasurer, books):
    client.force_login(treasurer.user)
    today = timezone.localdate()
    period = period_resolve(cooperative=coop, period=f"{today.year}-Q{(today.month - 1) // 3 + 1}")
    body = client.get(url("settlement", coop, pk=period.pk)).content.decode()
    assert "loopt nog" in body and "Nacalculatie boeken" not in body
    # Nor closing: that would refuse this month's fees and trips.
    response = client.post(url("period_action", coop, pk=period.pk), {"action": "close"}, follow=True)
    assert "loopt nog; afsluiten kan vanaf" in response.content.decode()
    period.refresh_from_db()
    assert period.status == "open"


def test_closed_period_refuses_a_cost_with_a_clear_message(client, coop, treasurer, car):
    period = period_resolve(cooperative=coop, period="2025-Q1")
    period_close(period=period, by=treasurer)  # nothing happened in it: no settlement needed
    client.force_login(treasurer.user)
    data = {
        "vehicle": car.pk,
        "category": "maintenance",
        "description": "Beurt",
        "amount": "100",
        "incurred_on": "2025-02-01",
        "spread_months": "1",
    }
    response = client.post(url("car_costs", coop), data)
    assert response.status_code == 200
    assert "Periode 2025-Q1 is afgesloten" in response.content.decode()
    assert not car.costs.exists() and not Transaction.objects.exists()


def test_caretaker_enters_costs_for_own_car_only(client, coop, car):
    caretaker = MemberFactory(cooperative=coop, roles=[Role.CARETAKER])
    car.caretaker = caretaker
    car.save()
    other_car = VehicleFactory(cooperative=coop)
    client.force_login(caretaker.user)
    data = {
        "category": "maintenance",
        "description": "Beurt",
        "amount": "100",
        "incurred_on": "2026-02-01",
        "spread_months": "1",
    }
    client.post(url("car_costs", coop), {**data, "vehicle": other_car.pk})
    assert not other_car.costs.exists()
    client.post(url("car_costs", coop), {**data, "vehicle": car.pk})
    assert car.costs.count() == 1
