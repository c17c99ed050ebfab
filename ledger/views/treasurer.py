"""The treasurer's pages. Readable by the board and the audit committee; only the
treasurer (and caretakers for car costs) can change anything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from members.models import Cooperative
from members.permissions import CoopRequest, coop_view
from reports import charts
from vehicles.models import Vehicle

from .. import figures, selectors, services
from .. import permissions as perms
from ..budgeting import BudgetComparison, budget_comparison
from ..forms import CarCostForm, RefuseForm, ReserveForm, StatementMonthForm, TariffForm
from ..models import Budget, Expense, ExpenseStatus, LedgerEventKind, Period


def _can_manage(request: CoopRequest) -> bool:
    return perms.can_manage_books(request.member)


@coop_view(perms.can_read_books)
def dashboard(request: CoopRequest) -> HttpResponse:
    coop = request.coop
    today = timezone.localdate()
    current = selectors.period_current(cooperative=coop, today=today)
    last_settled = selectors.period_last_settled(cooperative=coop)
    uncharged = selectors.trips_uncharged(cooperative=coop)
    open_expenses = selectors.open_expenses(cooperative=coop)
    cars = selectors.cars_cost_per_km(cooperative=coop, year=today.year)
    first, last = figures.last_months(today=today)
    use = figures.use_by_car(cooperative=coop, start=today.replace(month=1, day=1), end=today)
    return render(
        request,
        "ledger/dashboard.html",
        {
            "can_manage": _can_manage(request),
            "open_expenses": list(open_expenses[:20]),
            "open_expenses_count": open_expenses.count(),
            "unpaid": selectors.unpaid_balances(cooperative=coop),
            "cars": cars,
            "charts": [
                charts.figure(charts.cost_per_km_chart(cars, when=today.year)),
                charts.figure(
                    charts.monthly_costs_chart(
                        figures.monthly_costs_by_category(cooperative=coop, start=first, end=last)
                    )
                ),
                charts.figure(charts.use_chart(use, when=today.year)),
                charts.figure(charts.hours_chart(use, when=today.year)),
            ],
            "year": today.year,
            "current": current,
            "current_result": selectors.period_result_cents(period=current) if current else None,
            "last_settled": last_settled,
            "last_result": selectors.period_result_cents(period=last_settled) if last_settled else None,
            "uncharged": list(uncharged[:20]),
            "uncharged_count": uncharged.count(),
            "budget": _budget_so_far(coop, today),
        },
    )


def _budget_so_far(coop: Cooperative, today: dt.date) -> BudgetComparison | None:
    """This year's budget against the books, or None without a budget."""
    found = Budget.objects.filter(cooperative=coop, year=today.year).first()
    return budget_comparison(found, today=today) if found is not None else None


@require_POST
@coop_view(perms.can_manage_books)
def trips_charge(request: CoopRequest) -> HttpResponse:
    count = services.trips_charge_pending(cooperative=request.coop)
    messages.success(request, _("%(n)s ritten in rekening gebracht.") % {"n": count})
    return redirect("ledger:dashboard", coop=request.coop.slug)


@coop_view(perms.can_read_books)
def expenses(request: CoopRequest) -> HttpResponse:
    coop = request.coop
    status = request.GET.get("status", ExpenseStatus.SUBMITTED)
    show_all = status not in ExpenseStatus.values
    qs = selectors.expenses_of(cooperative=coop, status=None if show_all else status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    treasurers = selectors.treasurer_ids(cooperative=coop)
    member = request.member
    # Each claim with whether this member may decide it now (the template tests the boolean).
    rows = [
        (e, perms.may_decide_expense(e, member, claimant_is_treasurer=perms.involves_treasurer(e, treasurers)))
        for e in page
    ]
    return render(
        request,
        "ledger/expenses.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "show_all": show_all,
            "statuses": ExpenseStatus.choices,
            "refuse_form": RefuseForm(),
        },
    )


@require_POST
@coop_view(perms.can_decide_expenses)
def expense_decide(request: CoopRequest, pk: int) -> HttpResponse:
    coop = request.coop
    expense = get_object_or_404(Expense, pk=pk, cooperative=coop)
    try:
        if request.POST.get("decision") == "approve":
            services.expense_approve(expense=expense, by=request.member)
            messages.success(request, _("Declaratie goedgekeurd en bijgeschreven."))
        else:
            form = RefuseForm(request.POST)
            reason = form.data.get("reason", "")
            services.expense_refuse(expense=expense, by=request.member, reason=str(reason))
            messages.success(request, _("Declaratie afgewezen."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("ledger:expenses", coop=coop.slug)


@coop_view(perms.can_read_books)
def tariffs(request: CoopRequest) -> HttpResponse:
    coop = request.coop
    can_manage = _can_manage(request)
    form = TariffForm(request.POST or None, cooperative=coop)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.tariff_create(
                    cooperative=coop,
                    valid_from=d["valid_from"],
                    vehicle_class=d["vehicle_class"] or "",
                    per_km=d["per_km"],
                    per_hour=d["per_hour"] or Decimal(0),
                    day_cap=d["day_cap"],
                    monthly_fee=d["monthly_fee"] or Decimal(0),
                    per_kwh=d["per_kwh"],
                    decision=d["decision"],
                    decision_reference=d["decision_reference"],
                    created_by=request.member,
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Tarief vastgelegd."))
                return redirect("ledger:tariffs", coop=coop.slug)
    events = selectors.ledger_events(cooperative=coop, kinds=[LedgerEventKind.TARIFF_CREATED], limit=20)
    return render(
        request,
        "ledger/tariffs.html",
        {
            "tariffs": selectors.tariffs_of(cooperative=coop),
            "events": events,
            "form": form,
            "can_manage": can_manage,
        },
    )


@coop_view(perms.can_see_car_costs)
def car_costs(request: CoopRequest) -> HttpResponse:
    coop = request.coop
    member = request.member
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
                services.car_cost_create(
                    vehicle=d["vehicle"],
                    category=d["category"],
                    description=d["description"],
                    amount_cents=d["amount"],
                    incurred_on=d["incurred_on"],
                    spread_months=d["spread_months"],
                    paid_by_member=d["paid_by_member"],
                    created_by=member,
                    correction_reason=d["correction_reason"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                if d["paid_by_member"] is not None:
                    messages.success(request, _("Kosten vastgelegd als declaratie; een ander beoordeelt die."))
                else:
                    messages.success(request, _("Kosten geboekt."))
                return redirect("ledger:car_costs", coop=coop.slug)
    sees_all = perms.can_read_books(member) or perms.can_manage_books(member)
    qs = selectors.car_costs_of(cooperative=coop, caretaker=None if sees_all else member)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "ledger/car_costs.html", {"page": page, "form": form, "can_enter": can_enter, "sees_all": sees_all}
    )


@dataclass(frozen=True)
class PeriodRow:
    """A period on the periods page, with what this member may do with it now."""

    period: Period
    manage: bool  # open, and the member keeps the books
    can_set_reserve: bool
    can_close: bool


@coop_view(perms.can_read_books)
def periods(request: CoopRequest) -> HttpResponse:
    coop = request.coop
    can_manage = _can_manage(request)
    today = timezone.localdate()
    rows = [
        PeriodRow(
            period=p,
            manage=can_manage and not p.is_closed,
            can_set_reserve=can_manage and perms.can_set_reserve(p),
            can_close=can_manage and perms.can_close_period(p, today=today),
        )
        for p in selectors.periods_of(cooperative=coop)
    ]
    return render(request, "ledger/periods.html", {"rows": rows, "reserve_form": ReserveForm()})


@require_POST
@coop_view(perms.can_manage_books)
def period_action(request: CoopRequest, pk: int) -> HttpResponse:
    coop = request.coop
    period = get_object_or_404(Period, pk=pk, cooperative=coop)
    try:
        if request.POST.get("action") == "close":
            services.period_close(period=period, by=request.member)
            messages.success(request, _("Periode %(p)s afgesloten.") % {"p": period.label})
        else:
            form = ReserveForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
                return redirect("ledger:periods", coop=coop.slug)
            services.period_set_reserve(
                period=period,
                amount_cents=form.cleaned_data["amount"] or 0,
                decision_reference=form.cleaned_data["decision_reference"],
                by=request.member,
            )
            messages.success(request, _("Reserve vastgelegd."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("ledger:periods", coop=coop.slug)


@coop_view(perms.can_read_books)
def statements(request: CoopRequest) -> HttpResponse:
    coop = request.coop
    can_manage = _can_manage(request)
    form = StatementMonthForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            month = form.cleaned_data["month"]
            try:
                if request.POST.get("confirmed") != "1":
                    # First show how many statements, and for how much, the month would bring.
                    first, last = services.statements_month_window(month=month)
                    preview = selectors.statements_preview(cooperative=coop, period_start=first, period_end=last)
                    return render(request, "ledger/statements_confirm.html", {"preview": preview})
                issued = services.statements_issue_month(cooperative=coop, month=month)
            except DomainError as exc:
                form.add_error("month", str(exc))
            else:
                messages.success(request, _("%(n)s afschriften opgemaakt.") % {"n": len(issued)})
                return redirect("ledger:statements", coop=coop.slug)
    page = Paginator(selectors.statements_of(cooperative=coop), 100).get_page(request.GET.get("page"))
    return render(request, "ledger/statements.html", {"page": page, "form": form, "can_manage": can_manage})
