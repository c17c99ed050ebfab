"""The budget pages: every member reads a budget put to the ALV (how the tariff came about); the
treasurer draws it up, the board puts it on the agenda."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from governance import selectors as governance_selectors
from members.permissions import CoopRequest, coop_view
from vehicles.models import Vehicle

from .. import permissions as perms
from ..budgeting import budget_comparison, budgets_visible, tariff_calculation
from ..forms import BudgetCarForm, BudgetNewForm, BudgetProposeForm, BudgetSettingsForm
from ..models import Budget
from ..services import budget as service


@coop_view(perms.can_see_budgets)
def budgets(request: CoopRequest) -> HttpResponse:
    form = BudgetNewForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST":
        if not perms.can_edit_budget(request.member):
            raise PermissionDenied
        if form.is_valid():
            try:
                made = service.budget_create(
                    cooperative=request.coop, year=form.cleaned_data["year"], by=request.member
                )
            except DomainError as exc:
                form.add_error("year", exc.message)
            else:
                messages.success(
                    request, _("Begroting %(year)s opgesteld uit de boeken van het jaar ervoor.") % {"year": made.year}
                )
                return redirect("ledger:budget", coop=request.coop.slug, year=made.year)
    return render(
        request,
        "ledger/budgets.html",
        {
            "budgets": budgets_visible(cooperative=request.coop, member=request.member),
            "form": form,
            "can_create": perms.can_edit_budget(request.member),
        },
    )


def _agenda_items(request: CoopRequest):  # type: ignore[no-untyped-def]
    return governance_selectors.agenda_items_in_preparation(cooperative=request.coop)


@coop_view(perms.can_see_budgets)
def budget(request: CoopRequest, year: int) -> HttpResponse:
    found = get_object_or_404(
        Budget.objects.select_related("proposal", "decision", "tariff"), cooperative=request.coop, year=year
    )
    if not perms.can_see_budget(request.member, found):
        raise PermissionDenied
    calculation = tariff_calculation(found)
    can_edit = perms.can_edit_budget(request.member, found)
    settings_form = BudgetSettingsForm(
        initial={
            "reserve": _euros(found.reserve_cents),
            "per_hour": found.per_hour,
            "day_cap": found.day_cap,
            "monthly_fee": found.monthly_fee,
            "expected_members": found.expected_members,
            "valid_from": found.valid_from,
        }
    )
    car_forms = []
    if can_edit:
        for car in calculation.cars:
            initial: dict[str, object] = {f"cost_{category}": _euros(cents) for category, cents in car.costs.items()}
            initial.update(expected_km=car.expected_km, expected_hours=car.expected_hours)
            form = BudgetCarForm(
                initial=initial, prefix=f"car{car.vehicle_id or 0}", with_usage=car.vehicle_id is not None
            )
            car_forms.append((car, form))
    can_propose = perms.can_propose_budget(request.member, found)
    return render(
        request,
        "ledger/budget.html",
        {
            "budget": found,
            "calc": calculation,
            "comparison": budget_comparison(found) if found.year <= timezone.localdate().year else None,
            "can_edit": can_edit,
            "settings_form": settings_form,
            "car_forms": car_forms,
            "can_propose": can_propose,
            "propose_form": BudgetProposeForm(items=_agenda_items(request)) if can_propose else None,
            "events": found.events.select_related("by__user")[:20],
        },
    )


@require_POST
@coop_view(perms.can_see_budgets)
def budget_settings(request: CoopRequest, year: int) -> HttpResponse:
    found = get_object_or_404(Budget, cooperative=request.coop, year=year)
    if not perms.can_edit_budget(request.member):
        raise PermissionDenied
    form = BudgetSettingsForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            service.budget_update(
                budget=found,
                by=request.member,
                reserve_cents=d["reserve"] or 0,
                per_hour=d["per_hour"],
                day_cap=d["day_cap"],
                monthly_fee=d["monthly_fee"],
                expected_members=d["expected_members"],
                valid_from=d["valid_from"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("De uitgangspunten zijn opgeslagen."))
    else:
        messages.error(request, _("Controleer de uitgangspunten: %(errors)s") % {"errors": _form_errors(form)})
    return redirect("ledger:budget", coop=request.coop.slug, year=found.year)


@require_POST
@coop_view(perms.can_see_budgets)
def budget_car(request: CoopRequest, year: int, vehicle: int) -> HttpResponse:
    found = get_object_or_404(Budget, cooperative=request.coop, year=year)
    if not perms.can_edit_budget(request.member):
        raise PermissionDenied
    car = get_object_or_404(Vehicle, pk=vehicle, cooperative=request.coop) if vehicle else None
    form = BudgetCarForm(request.POST, prefix=f"car{vehicle}", with_usage=car is not None)
    if form.is_valid():
        try:
            service.budget_car_set(
                budget=found,
                by=request.member,
                vehicle=car,
                costs=form.costs(),
                expected_km=form.cleaned_data.get("expected_km") or 0,
                expected_hours=form.cleaned_data.get("expected_hours") or 0,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Begroting van %(car)s opgeslagen.") % {"car": car.plate if car else _("de coöperatie")}
            )
    else:
        messages.error(request, _("Controleer de bedragen: %(errors)s") % {"errors": _form_errors(form)})
    return redirect("ledger:budget", coop=request.coop.slug, year=found.year)


@require_POST
@coop_view(perms.can_see_budgets)
def budget_propose(request: CoopRequest, year: int) -> HttpResponse:
    found = get_object_or_404(Budget, cooperative=request.coop, year=year)
    if not perms.can_propose_budget(request.member, found):
        raise PermissionDenied
    form = BudgetProposeForm(request.POST, items=_agenda_items(request))
    if form.is_valid():
        try:
            service.budget_propose(budget=found, item=form.cleaned_data["item"], by=request.member)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("De begroting staat als tariefvoorstel op de agenda van de ALV."))
    else:
        messages.error(request, _("Kies een agendapunt van een ALV in voorbereiding."))
    return redirect("ledger:budget", coop=request.coop.slug, year=found.year)


def _euros(cents: int) -> str:
    """Cents as the euros a form shows ('1234,50')."""
    return f"{Decimal(cents) / 100:.2f}".replace(".", ",")


def _form_errors(form) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label} {' '.join(errors)}".strip())
    return "; ".join(parts)
