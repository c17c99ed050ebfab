"""Deposits (borg): charged at admission, held on a liability account, returned on leaving."""

import pytest
from django.urls import reverse

from ledger.deposits import DepositError, deposit_charge, deposit_held
from ledger.models import Account, AccountPurpose, AccountType, Posting
from ledger.selectors import member_balance_cents
from members.models import MemberStatus, Role
from members.services import member_admit, member_leave
from tests.factories import MemberFactory


def held_cents(coop) -> int:
    return -sum(
        Posting.objects.filter(account__cooperative=coop, account__purpose=AccountPurpose.DEPOSIT).values_list(
            "amount_cents", flat=True
        )
    )


@pytest.fixture
def board(coop):
    return MemberFactory(cooperative=coop, roles=[Role.BOARD])


def test_deposit_is_charged_at_admission_and_returned_on_leaving(coop, board):
    coop.deposit_cents = 10_000
    coop.save()
    applicant = MemberFactory(cooperative=coop, status=MemberStatus.APPLIED, number=None, admitted_at=None)
    member_admit(member=applicant, by=board)
    deposit = deposit_held(member=applicant)
    assert deposit is not None and deposit.amount_cents == 10_000
    assert member_balance_cents(member=applicant) == 10_000
    assert held_cents(coop) == 10_000
    account = Account.objects.get(cooperative=coop, purpose=AccountPurpose.DEPOSIT)
    assert account.type == AccountType.LIABILITY
    member_leave(member=applicant, by=applicant)
    deposit.refresh_from_db()
    assert deposit.refund is not None and deposit.refund.reverses_id == deposit.charge_id
    assert member_balance_cents(member=applicant) == 0
    assert held_cents(coop) == 0


def test_no_deposit_when_the_statutes_set_none(coop, board):
    applicant = MemberFactory(cooperative=coop, status=MemberStatus.APPLIED, number=None, admitted_at=None)
    member_admit(member=applicant, by=board)
    assert deposit_held(member=applicant) is None
    assert member_balance_cents(member=applicant) == 0


def test_treasurer_charges_a_deposit_once(coop, treasurer, member):
    coop.deposit_cents = 5_000
    coop.save()
    deposit_charge(member=member, by=treasurer)
    with pytest.raises(DepositError):
        deposit_charge(member=member, by=treasurer)
    with pytest.raises(DepositError):
        deposit_charge(member=MemberFactory(cooperative=coop), by=member)  # not the treasurer
    assert held_cents(coop) == 5_000


def test_balance_page_and_treasurer_page_show_the_deposit(client, coop, treasurer, member):
    coop.deposit_cents = 7_500
    coop.save()
    client.force_login(treasurer.user)
    url = reverse("ledger:deposits", kwargs={"coop": coop.slug})
    assert client.post(url, {"member": member.pk}).status_code == 302
    assert deposit_held(member=member).amount_cents == 7_500
    assert "75,00" in client.get(url).content.decode()
    client.force_login(member.user)
    assert client.get(url).status_code == 403
    html = client.get(reverse("ledger:my_balance", kwargs={"coop": coop.slug})).content.decode()
    assert 'data-testid="deposit"' in html and "75,00" in html
