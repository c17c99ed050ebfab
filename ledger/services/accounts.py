"""The chart of accounts of a cooperative, created on first use."""

from __future__ import annotations

from members.models import Cooperative, Member
from vehicles.models import Vehicle

from ..models import Account, AccountPurpose, AccountType, CostCategory

_TYPES = {
    AccountPurpose.BANK: AccountType.ASSET,
    AccountPurpose.STRIPE_CLEARING: AccountType.ASSET,
    AccountPurpose.RECEIVABLE: AccountType.ASSET,
    AccountPurpose.MEMBER_CAPITAL: AccountType.EQUITY,
    AccountPurpose.MEMBER_LOAN: AccountType.LIABILITY,
    AccountPurpose.CAR_COST: AccountType.EXPENSE,
    AccountPurpose.USAGE_INCOME: AccountType.INCOME,
    AccountPurpose.FEE_INCOME: AccountType.INCOME,
    AccountPurpose.SETTLEMENT: AccountType.INCOME,
    AccountPurpose.RESERVE: AccountType.EQUITY,
    AccountPurpose.RESULT: AccountType.EQUITY,
    AccountPurpose.SUSPENSE: AccountType.LIABILITY,
    AccountPurpose.OTHER_INCOME: AccountType.INCOME,
    AccountPurpose.PENALTY_INCOME: AccountType.INCOME,
    AccountPurpose.DEPOSIT: AccountType.LIABILITY,
}
_PREFIX = {
    AccountPurpose.BANK: "1000",
    AccountPurpose.STRIPE_CLEARING: "1010",
    AccountPurpose.RECEIVABLE: "1300",
    AccountPurpose.SUSPENSE: "1900",
    AccountPurpose.MEMBER_CAPITAL: "0500",
    AccountPurpose.RESERVE: "0600",
    AccountPurpose.RESULT: "0900",
    AccountPurpose.MEMBER_LOAN: "0700",
    AccountPurpose.CAR_COST: "4000",
    AccountPurpose.USAGE_INCOME: "8000",
    AccountPurpose.FEE_INCOME: "8100",
    AccountPurpose.SETTLEMENT: "8200",
    AccountPurpose.OTHER_INCOME: "8900",
    AccountPurpose.PENALTY_INCOME: "8300",
    AccountPurpose.DEPOSIT: "1600",
}


def account_for(
    *,
    cooperative: Cooperative,
    purpose: str,
    member: Member | None = None,
    vehicle: Vehicle | None = None,
    category: str = "",
) -> Account:
    """The account of `purpose` (per member, per car and cost category where that applies),
    created on first use with a stable code such as `1300-M17` or `4000-V3-insurance`."""
    purpose = AccountPurpose(purpose)
    code = _PREFIX[purpose]
    name = str(purpose.label)
    if member is not None:
        code += f"-M{member.pk}"
        name = f"{name} {member.name}"
    if vehicle is not None:
        code += f"-V{vehicle.pk}"
        name = f"{name} {vehicle.plate}"
    if category:
        code += f"-{category}"
        name = f"{name} ({CostCategory(category).label})"
    account, _ = Account.objects.get_or_create(
        cooperative=cooperative,
        code=code,
        defaults={
            "name": str(name),
            "type": _TYPES[purpose],
            "purpose": purpose,
            "member": member,
            "vehicle": vehicle,
            "category": category,
        },
    )
    return account


def receivable_accounts(*, cooperative: Cooperative, member_ids: list[int]) -> dict[int, Account]:
    """Member id -> receivable account for many members at once (three queries at most):
    the bulk form of `account_for(purpose=RECEIVABLE, member=...)`, same codes and names."""
    purpose = AccountPurpose.RECEIVABLE
    wanted = set(member_ids)
    found = {
        a.member_id: a
        for a in Account.objects.filter(cooperative=cooperative, purpose=purpose, member_id__in=list(wanted)).only(
            "pk", "cooperative_id", "member_id", "vehicle_id"
        )
        if a.member_id is not None
    }
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        members = Member.objects.filter(pk__in=missing, cooperative=cooperative).select_related("user")
        Account.objects.bulk_create(
            [
                Account(
                    cooperative=cooperative,
                    code=f"{_PREFIX[purpose]}-M{m.pk}",
                    name=f"{purpose.label} {m.name}",
                    type=_TYPES[purpose],
                    purpose=purpose,
                    member=m,
                )
                for m in members
            ],
            ignore_conflicts=True,
        )
        for a in Account.objects.filter(cooperative=cooperative, purpose=purpose, member_id__in=missing):
            if a.member_id is not None:
                found[a.member_id] = a
    return found
