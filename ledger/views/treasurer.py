"""The treasurer's pages. Readable by the board and the audit committee; only the
treasurer (and caretakers for car costs) can change anything."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from members.permissions import coop_view
from vehicles.models import Vehicle

from .. import permissions as perms
from .. import selectors
from ..closing import period_close, period_set_reserve
from ..costs import car_cost_create
from ..expenses import expense_approve, expense_refuse
from ..forms import CarCostForm, RefuseForm, ReserveForm, StatementMonthForm, TariffForm
from ..models import CarCost, Expense, ExpenseStatus, Period, Statement, Tariff
from ..statements import statements_issue_month
from ..tariffs import tariff_create
from ..trips import trips_charge_pending, trips_uncharged


def _can_manage(request: HttpRequest) -> bool:
    return perms.can_manage_books(request.member)  # type: ignore[attr-defined]


@coop_view(perms.can_read_books)
def dashboard(request: HttpRequest) -> HttpResponse:
    coop = request.coop  # type: ignore[attr-defined]
    today = timezone.localdate()
    current = Period.objects.filter(cooperative=coop, starts_on__lte=today, ends_on__gte=today).first()
    last_settled = Period.objects.filter(cooperative=coop, settlement__isnull=False).order_by("-starts_on").first()
    uncharged = trips_uncharged(cooperative=coop)
    open_expenses = selectors.open_expenses(cooperative=coop)
    return render(
        request,
        "ledger/dashboard.html",
        {
            "can_manage": _can_manage(request),
            "open_expenses": list(open_expenses[:20]),
            "open_expenses_count": open_expenses.count(),
            "unpaid": selectors.unpaid_balances(cooperative=coop),
            "cars": selectors.cars_cost_per_km(cooperative=coop, year=today.year),
            "year": today.year,
            "current": current,
            "current_result": selectors.period_result_cents(period=current) if current else None,
            "last_settled": last_settled,
            "last_result": selectors.period_result_cents(period=last_settled) if last_settled else None,
            "uncharged": list(uncharged[:20]),
            "uncharged_count": uncharged.count(),
        },
    )


@require_POST
@coop_view(perms.can_manage_books)
def trips_charge(request: HttpRequest) -> HttpResponse:
    count = trips_charge_pending(cooperative=request.coop)  # type: ignore[attr-defined]
    messages.success(request, _("%(n)s ritten in rekening gebracht.") % {"n": count})
    return redirect("ledger:dashboard", coop=request.coop.slug)  # type: ignore[attr-defined]


@coop_view(perms.can_read_books)
def expenses(request: HttpRequest) -> HttpResponse:
    coop = request.coop  # type: ignore[attr-defined]
    status = request.GET.get("status", ExpenseStatus.SUBMITTED)
    qs = Expense.objects.filter(cooperative=coop).select_related("member__user", "vehicle", "decided_by__user")
    if status in ExpenseStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-spent_on", "-pk"), 50).get_page(request.GET.get("page"))
    treasurers = selectors.treasurer_ids(cooperative=coop)
    member = request.member  # type: ignore[attr-defined]
    for expense in page:
        expense.can_decide = perms.can_decide_expense(  # type: ignore[attr-defined]
            member, claimant_is_treasurer=expense.member_id in treasurers, claimant_id=expense.member_id
        )
    return render(
        request,
        "ledger/expenses.html",
        {"page": page, "status": status, "statuses": ExpenseStatus.choices, "refuse_form": RefuseForm()},
    )


@require_POST
@coop_view(perms.can_decide_expenses)
def expense_decide(request: HttpRequest, pk: int) -> HttpResponse:
    coop = request.coop  # type: ignore[attr-defined]
    expense = get_object_or_404(Expense, pk=pk, cooperative=coop)
    try:
        if request.POST.get("decision") == "approve":
            expense_approve(expense=expense, by=request.member)  # type: ignore[attr-defined]
            messages.success(request, _("Declaratie goedgekeurd en bijgeschreven."))
        else:
            form = RefuseForm(request.POST)
            reason = form.data.get("reason", "")
            expense_refuse(expense=expense, by=request.member, reason=str(reason))  # type: ignore[attr-defined]
            messages.success(request, _("Declaratie afgewezen."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("ledger:expenses", coop=coop.slug)


@coop_view(perms.can_read_books)
def tariffs(request: HttpRequest) -> HttpResponse:
    coop = request.coop  # type: ignore[attr-defined]
    can_manage = _can_manage(request)
    form = TariffForm(request.POST or None, cooperative=coop)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                tariff_create(
                    cooperative=coop,
                    valid_from=d["valid_from"],
                    vehicle_class=d["vehicle_class"] or "",
                    per_km=d["per_km"],
                    per_hour=d["per_hour"] or Decimal(0),
                    day_cap=d["day_cap"],
                    monthly_fee=d["monthly_fee"] or Decimal(0),
                    decision=d["decision"],
                    decision_reference=d["decision_reference"],
                    created_by=request.member,  # type: ignore[attr-defined]
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Tarief vastgelegd."))
                return redirect("ledger:tariffs", coop=coop.slug)
    rows = Tariff.objects.filter(cooperative=coop).select_related("decision")
    return render(request, "ledger/tariffs.html", {"tariffs": rows, "form": form, "can_manage": can_manage})


@coop_view(perms.can_see_car_costs)
def car_costs(request: HttpRequest) -> HttpResponse:
    coop = request.coop  # type: ignore[attr-defined]
    member = request.member  # type: ignore[attr-defined]
    vehicles = Vehicle.objects.filter(cooperative=coop)
    if not perms.can_manage_books(member):
        vehicles = vehicles.filter(caretaker=member)
    can_enter = perms.can_enter_car_costs(member) and vehicles.exists()
    form = CarCostForm(request.POST or None, cooperative=coop, vehicles=vehicles)
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                car_cost_create(
                    vehicle=d["vehicle"],
                    category=d["category"],
                    description=d["description"],
                    amount_cents=d["amount"],
                    incurred_on=d["incurred_on"],
                    spread_months=d["spread_months"],
                    paid_by_member=d["paid_by_member"],
                    created_by=member,
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Kosten geboekt."))
                return redirect("ledger:car_costs", coop=coop.slug)
    qs = CarCost.objects.filter(cooperative=coop).select_related("vehicle", "paid_by_member__user")
    if not perms.can_read_books(member) and not perms.can_manage_books(member):
        qs = qs.filter(vehicle__caretaker=member)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "ledger/car_costs.html", {"page": page, "form": form, "can_enter": can_enter})


@coop_view(perms.can_read_books)
def periods(request: HttpRequest) -> HttpResponse:
    coop = request.coop  # type: ignore[attr-defined]
    return render(
        request,
        "ledger/periods.html",
        {
            "periods": selectors.periods_of(cooperative=coop),
            "can_manage": _can_manage(request),
            "reserve_form": ReserveForm(),
        },
    )


@require_POST
@coop_view(perms.can_manage_books)
def period_action(request: HttpRequest, pk: int) -> HttpResponse:
    coop = request.coop  # type: ignore[attr-defined]
    period = get_object_or_404(Period, pk=pk, cooperative=coop)
    try:
        if request.POST.get("action") == "close":
            period_close(period=period, by=request.member)  # type: ignore[attr-defined]
            messages.success(request, _("Periode %(p)s afgesloten.") % {"p": period.label})
        else:
            form = ReserveForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
                return redirect("ledger:periods", coop=coop.slug)
            period_set_reserve(
                period=period,
                amount_cents=form.cleaned_data["amount"] or 0,
                decision_reference=form.cleaned_data["decision_reference"],
                by=request.member,  # type: ignore[attr-defined]
            )
            messages.success(request, _("Reserve vastgelegd."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("ledger:periods", coop=coop.slug)


@coop_view(perms.can_read_books)
def statements(request: HttpRequest) -> HttpResponse:
    coop = request.coop  # type: ignore[attr-defined]
    can_manage = _can_manage(request)
    form = StatementMonthForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                issued = statements_issue_month(cooperative=coop, month=form.cleaned_data["month"])
            except DomainError as exc:
                form.add_error("month", str(exc))
            else:
                messages.success(request, _("%(n)s afschriften opgemaakt.") % {"n": len(issued)})
                return redirect("ledger:statements", coop=coop.slug)
    qs = Statement.objects.filter(cooperative=coop).select_related("member__user").order_by("-period_end", "number")
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "ledger/statements.html", {"page": page, "form": form, "can_manage": can_manage})
