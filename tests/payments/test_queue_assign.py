"""The bank-line queue: a suggested member per line, and money from someone who is not a
member (a sponsor) booked as other income, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ledger.models import Account, AccountPurpose, AccountType, Posting, Transaction
from ledger.selectors import member_balance_cents
from members.models import Role
from payments import selectors
from payments.errors import PaymentError
from payments.models import BankImport, BankLine, BankLineStatus
from payments.services import bank_line_assign, bank_line_assign_income
from tests.factories import PASSWORD, MemberFactory, UserFactory
from tests.payments.factories import charge

_n = [0]


def line(coop, *, cents: int = 2_500, name: str = "", iban: str = "", status=BankLineStatus.QUEUED, member=None):
    _n[0] += 1
    imp = BankImport.objects.create(cooperative=coop, filename=f"f{_n[0]}.xml", format="camt053")
    return BankLine.objects.create(
        cooperative=coop,
        bank_import=imp,
        unique_key=f"L{_n[0]}",
        booked_on=dt.date(2026, 11, 2),
        amount_cents=cents,
        counterparty_name=name,
        counterparty_iban=iban,
        status=status,
        member=member,
    )


def _suggestions(coop) -> dict[int, tuple[int | None, str]]:
    members = list(selectors.assignable_members(cooperative=coop))
    return {
        r.line.pk: (r.suggested.pk if r.suggested else None, r.reason)
        for r in selectors.queue_with_suggestions(cooperative=coop, members=members)
    }


def test_suggestions_by_iban_history_then_surname_then_amount(coop, treasurer):
    jansen = MemberFactory(cooperative=coop, user=UserFactory(first_name="Piet", last_name="Jansen"))
    de_vries = MemberFactory(cooperative=coop, user=UserFactory(first_name="Mia", last_name="de Vries"))
    owes = MemberFactory(cooperative=coop, user=UserFactory(first_name="Ali", last_name="Yilmaz"))
    charge(owes, 4_321)
    line(coop, iban="NL02ABNA0123456789", status=BankLineStatus.MATCHED, member=jansen)
    by_iban = line(coop, name="P. Onbekend", iban="NL02ABNA0123456789")
    by_name = line(coop, name="M DE VRIES EO")
    by_amount = line(coop, cents=4_321, name="Stichting X")
    nothing = line(coop, cents=999, name="Stichting Y")
    found = _suggestions(coop)
    assert found[by_iban.pk][0] == jansen.pk
    assert found[by_name.pk][0] == de_vries.pk
    assert found[by_amount.pk][0] == owes.pk
    assert found[nothing.pk] == (None, "")


def test_the_queue_page_preselects_the_suggestion(client, coop, treasurer, django_assert_max_num_queries):
    de_vries = MemberFactory(cooperative=coop, user=UserFactory(first_name="Mia", last_name="de Vries"))
    queued = line(coop, name="M de Vries")
    client.login(email=treasurer.user.email, password=PASSWORD)
    page = reverse("payments:queue", kwargs={"coop": coop.slug})
    with django_assert_max_num_queries(14):
        body = client.get(page).content.decode()
    assert f'<option value="{de_vries.pk}" selected>' in body
    assert f'action="{reverse("payments:assign", kwargs={"coop": coop.slug, "pk": queued.pk})}"' in body


def test_a_sponsor_payment_is_booked_as_other_income_once(client, coop, treasurer):
    sponsor = line(coop, cents=50_000, name="Bakkerij De Linde")
    client.login(email=treasurer.user.email, password=PASSWORD)
    assign = reverse("payments:assign", kwargs={"coop": coop.slug, "pk": sponsor.pk})
    client.post(assign, {"member": "other", "note": "sponsoring 2026"})
    sponsor.refresh_from_db()
    assert sponsor.status == BankLineStatus.ASSIGNED and sponsor.member is None
    income = Account.objects.get(cooperative=coop, purpose=AccountPurpose.OTHER_INCOME)
    assert income.type == AccountType.INCOME and income.code == "8900"
    assert Posting.objects.filter(account=income).get().amount_cents == -50_000
    suspense = Account.objects.get(cooperative=coop, purpose=AccountPurpose.SUSPENSE)
    assert sum(Posting.objects.filter(account=suspense).values_list("amount_cents", flat=True)) == 50_000
    # A second POST (a double click, a reload) changes nothing.
    before = Transaction.objects.count()
    client.post(assign, {"member": "other"})
    assert Transaction.objects.count() == before
    with pytest.raises(PaymentError):
        bank_line_assign_income(line=sponsor, by=treasurer)
    with pytest.raises(PaymentError):
        bank_line_assign(line=sponsor, member=treasurer, by=treasurer)


def test_only_the_treasurer_books_other_income(client, coop):
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    sponsor = line(coop, cents=10_000, name="Sponsor")
    client.login(email=board.user.email, password=PASSWORD)
    response = client.post(
        reverse("payments:assign", kwargs={"coop": coop.slug, "pk": sponsor.pk}), {"member": "other"}
    )
    assert response.status_code == 403
    sponsor.refresh_from_db()
    assert sponsor.status == BankLineStatus.QUEUED


def test_a_member_assignment_still_works_with_the_new_form(client, coop, treasurer, member):
    queued = line(coop, cents=1_250)
    client.login(email=treasurer.user.email, password=PASSWORD)
    client.post(reverse("payments:assign", kwargs={"coop": coop.slug, "pk": queued.pk}), {"member": str(member.pk)})
    assert member_balance_cents(member=member) == -1_250
    response = client.post(reverse("payments:assign", kwargs={"coop": coop.slug, "pk": queued.pk}), {"member": "x"})
    assert response.status_code == 302
