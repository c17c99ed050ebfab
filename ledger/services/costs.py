"""Car costs, depreciation of contributed cars and monthly fees (DESIGN "Cost model")."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Cooperative, Member, MemberStatus
from vehicles.models import ContributionKind, Vehicle, VehicleContribution

from ..allocation import allocate
from ..errors import CarCostCorrectionError, LedgerError, PeriodClosed
from ..models import AccountPurpose, CarCost, CostCategory, Expense, LedgerEventKind, Period, Posting, Transaction
from ..permissions import can_manage_books, is_settled
from .accounts import account_for
from .events import event_record
from .posting import Line, transaction_post
from .tariffs import euros_to_cents, tariff_in_force


def month_start(date: dt.date, offset: int = 0) -> dt.date:
    index = date.year * 12 + date.month - 1 + offset
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(date: dt.date) -> dt.date:
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


def _refuse_settled(cooperative: Cooperative, date: dt.date) -> None:
    """A car cost the treasurer enters is dated by them: into a settled or closed period it
    is refused with the reason (the jobs and late entries go to the next open period)."""
    period = Period.objects.filter(cooperative=cooperative, starts_on__lte=date, ends_on__gte=date).first()
    if period is None:
        return
    if period.is_closed:
        raise PeriodClosed(
            _("Periode %(period)s is afgesloten; boek de correctie in een open periode.") % {"period": period.label}
        )
    if not period.is_open or is_settled(period):
        raise LedgerError(
            _("Periode %(period)s is al afgerekend; boek deze kosten in een latere periode.") % {"period": period.label}
        )


@transaction.atomic
def car_cost_create(
    *,
    vehicle: Vehicle,
    category: str,
    description: str,
    amount_cents: int,
    incurred_on: dt.date,
    spread_months: int = 1,
    paid_by_member: Member | None = None,
    created_by: Member | None = None,
    correction_reason: str = "",
) -> CarCost:
    """Record a car cost. Paid from the bank, it is posted at once: spread over n months,
    in n monthly parts (adding up exactly) via the 'to be processed' account. Paid by a
    member, it moves money to (or from) that member, so it becomes an expense claim
    (`cost.claim`) that another person decides, like any claim; it is posted when approved
    (expenses.expense_approve). A negative amount is a correction: the treasurer's only,
    with a reason. Who entered it is kept on the cost, on its transactions and as a
    LedgerEvent."""
    cooperative = vehicle.cooperative
    if amount_cents == 0:
        raise LedgerError(_("Het bedrag mag niet nul zijn."))
    if category == CostCategory.DEPRECIATION:
        raise LedgerError(_("Afschrijving wordt maandelijks automatisch geboekt."))
    if paid_by_member is not None and paid_by_member.cooperative_id != cooperative.pk:
        raise LedgerError(_("Dit lid hoort niet bij deze coöperatie."))
    correction_reason = correction_reason.strip()
    if amount_cents < 0:
        if created_by is not None and not can_manage_books(created_by):
            raise CarCostCorrectionError(_("Een negatief bedrag (een correctie) boekt alleen de penningmeester."))
        if not correction_reason:
            raise CarCostCorrectionError(_("Geef de reden van de correctie op."))
    _refuse_settled(cooperative, incurred_on)
    cost = CarCost(
        cooperative=cooperative,
        vehicle=vehicle,
        category=category,
        description=description.strip(),
        amount_cents=amount_cents,
        incurred_on=incurred_on,
        spread_months=spread_months,
        paid_by_member=paid_by_member,
        correction_reason=correction_reason if amount_cents < 0 else "",
        created_by=created_by,
    )
    cost.full_clean()
    cost.save()
    event_record(
        cooperative_id=cooperative.pk,
        kind=LedgerEventKind.CAR_COST_CREATED,
        by=created_by,
        car_cost=cost,
        note=cost.correction_reason,
    )
    if paid_by_member is not None:
        claim = Expense(
            cooperative=cooperative,
            member=paid_by_member,
            vehicle=vehicle,
            car_cost=cost,
            category=category,
            description=cost.description,
            amount_cents=amount_cents,
            spent_on=incurred_on,
        )
        claim.full_clean()
        claim.save()
        return cost
    car_cost_post(cost=cost, date=incurred_on, by=created_by)
    return cost


def car_cost_post(*, cost: CarCost, date: dt.date, by: Member | None) -> Transaction:
    """Post a recorded car cost from `date` on (once: source "carcost:<id>"); returns the
    transaction that pays it (from the bank, or credited to the member who advanced it).
    Called inside the caller's transaction (car_cost_create, expense_approve)."""
    cooperative = cost.cooperative
    vehicle = cost.vehicle
    member = cost.paid_by_member
    amount_cents = cost.amount_cents
    cost_account = account_for(
        cooperative=cooperative, purpose=AccountPurpose.CAR_COST, vehicle=vehicle, category=cost.category
    )
    if member is not None:
        paid_from = account_for(cooperative=cooperative, purpose=AccountPurpose.RECEIVABLE, member=member)
    else:
        paid_from = account_for(cooperative=cooperative, purpose=AccountPurpose.BANK)
    label = f"{CostCategory(cost.category).label} {vehicle.plate}: {cost.description}"
    if cost.spread_months == 1:
        txn, _created = transaction_post(
            cooperative=cooperative,
            date=date,
            description=label,
            source_key=f"carcost:{cost.pk}",
            lines=[
                Line(account=cost_account, amount_cents=amount_cents, vehicle=vehicle),
                Line(account=paid_from, amount_cents=-amount_cents, member=member),
            ],
            created_by=by,
        )
        return txn
    suspense = account_for(cooperative=cooperative, purpose=AccountPurpose.SUSPENSE)
    txn, _created = transaction_post(
        cooperative=cooperative,
        date=date,
        description=label,
        source_key=f"carcost:{cost.pk}",
        lines=[
            Line(account=suspense, amount_cents=amount_cents, vehicle=vehicle),
            Line(account=paid_from, amount_cents=-amount_cents, member=member),
        ],
        created_by=by,
    )
    for k, part in enumerate(allocate(amount_cents, [1] * cost.spread_months)):
        part_date = date if k == 0 else month_start(date, k)
        if part == 0:
            continue
        transaction_post(
            cooperative=cooperative,
            date=part_date,
            description=f"{label} ({k + 1}/{cost.spread_months})",
            source_key=f"carcost:{cost.pk}:{k + 1}",
            lines=[
                Line(account=cost_account, amount_cents=part, vehicle=vehicle),
                Line(account=suspense, amount_cents=-part, vehicle=vehicle),
            ],
            created_by=by,
        )
    return txn


def depreciation_parts(contribution: VehicleContribution) -> list[int]:
    """The monthly depreciation amounts of a contributed car (adding up exactly)."""
    total = contribution.agreed_value_cents - contribution.residual_value_cents
    return allocate(total, [1] * contribution.depreciation_months)


def depreciation_due(contribution: VehicleContribution, index: int) -> int:
    """What a contributed car's depreciation should add up to after month `index` (0 = the
    month it came in) at its current agreed value: the sum of the first index+1 parts
    (the whole amount in the last month of the term)."""
    parts = depreciation_parts(contribution)
    return sum(parts[: index + 1])


@transaction.atomic
def depreciation_post_month(*, cooperative: Cooperative, month: dt.date) -> int:
    """Post the month's depreciation of every contributed car: a car cost, credited to the
    contributor's capital or loan account. Once per car and month ("depr:<car>:<YYYY-MM>");
    returns the number of cars posted now.

    Each month posts what brings the car's depreciation so far up to its schedule at the
    current agreed value, so a value corrected after depreciation began is caught up in
    the next month posted, and the whole term adds up to agreed - residual value exactly.
    Nothing is posted after the term."""
    first = month_start(month)
    posted = 0
    contributions = list(
        VehicleContribution.objects.filter(vehicle__cooperative=cooperative).select_related("vehicle", "member__user")
    )
    this_key = {c.vehicle_id: f"depr:{c.vehicle_id}:{first:%Y-%m}" for c in contributions}
    posted_keys: set[str] = set()
    done: dict[int, int] = {}
    rows = Posting.objects.filter(
        transaction__cooperative=cooperative,
        account__purpose=AccountPurpose.CAR_COST,
        account__category=CostCategory.DEPRECIATION,
        transaction__source_key__startswith="depr:",
        vehicle_id__in=list(this_key),
    ).values_list("vehicle_id", "transaction__source_key", "amount_cents")
    for vehicle_id, key, amount in rows:
        if vehicle_id is None:
            continue
        posted_keys.add(key)
        if key < this_key[vehicle_id]:  # "depr:<car>:YYYY-MM" sorts by month
            done[vehicle_id] = done.get(vehicle_id, 0) + int(amount)
    for contribution in contributions:
        vehicle = contribution.vehicle
        if this_key[vehicle.pk] in posted_keys:
            continue
        start = month_start(contribution.contributed_on)
        index = (first.year - start.year) * 12 + first.month - start.month
        if index < 0 or index >= contribution.depreciation_months:
            continue
        amount = depreciation_due(contribution, index) - done.get(vehicle.pk, 0)
        if amount == 0:
            continue
        purpose = (
            AccountPurpose.MEMBER_LOAN if contribution.kind == ContributionKind.LOAN else AccountPurpose.MEMBER_CAPITAL
        )
        _txn, created = transaction_post(
            cooperative=cooperative,
            date=month_end(first),
            description=_("Afschrijving %(plate)s %(month)s") % {"plate": vehicle.plate, "month": f"{first:%m-%Y}"},
            source_key=this_key[vehicle.pk],
            lines=[
                Line(
                    account=account_for(
                        cooperative=cooperative,
                        purpose=AccountPurpose.CAR_COST,
                        vehicle=vehicle,
                        category=CostCategory.DEPRECIATION,
                    ),
                    amount_cents=amount,
                    vehicle=vehicle,
                ),
                Line(
                    account=account_for(cooperative=cooperative, purpose=purpose, member=contribution.member),
                    amount_cents=-amount,
                    member=contribution.member,
                    vehicle=vehicle,
                ),
            ],
        )
        posted += int(created)
    return posted


@transaction.atomic
def fees_charge_month(*, cooperative: Cooperative, month: dt.date) -> int:
    """Charge the monthly fee of the tariff in force on the month's first day to every
    active member, once per member and month ("fee:<member>:<YYYY-MM>"). Returns the
    number of members charged now."""
    first = month_start(month)
    tariff = tariff_in_force(cooperative=cooperative, date=first)
    if tariff is None or tariff.monthly_fee <= 0:
        return 0
    amount = euros_to_cents(tariff.monthly_fee)
    income = account_for(cooperative=cooperative, purpose=AccountPurpose.FEE_INCOME)
    members = Member.objects.filter(
        cooperative=cooperative, status=MemberStatus.ACTIVE, admitted_at__date__lte=month_end(first)
    ).select_related("user")
    charged = 0
    for member in members:
        _txn, created = transaction_post(
            cooperative=cooperative,
            date=first,
            description=_("Contributie %(month)s") % {"month": f"{first:%m-%Y}"},
            source_key=f"fee:{member.pk}:{first:%Y-%m}",
            lines=[
                Line(
                    account=account_for(cooperative=cooperative, purpose=AccountPurpose.RECEIVABLE, member=member),
                    amount_cents=amount,
                    member=member,
                ),
                Line(account=income, amount_cents=-amount, member=member),
            ],
        )
        charged += int(created)
    return charged
