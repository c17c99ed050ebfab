"""One car: its page (with its history for those who may see it), its facts, its photo and
the contribution of the member who brought it in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from deel.errors import DomainError
from deel.files import file_response
from deel.money import format_cents
from members.permissions import CoopRequest, coop_view

from .. import permissions as perms
from .. import selectors, services
from ..forms import ContributionForm, DamageStatusForm, OdometerForm, VehicleForm
from ..models import Vehicle


def car_of(request: CoopRequest, pk: int) -> Vehicle:
    """The car `pk` of the request's cooperative (404 otherwise)."""
    return selectors.vehicle_for_member(cooperative=request.coop, pk=pk)


def back_to_car(request: CoopRequest, vehicle: Vehicle) -> HttpResponse:
    return redirect("vehicles:detail", coop=request.coop.slug, pk=vehicle.pk)


@coop_view(perms.can_see_pool)
def detail(request: CoopRequest, pk: int) -> HttpResponse:
    vehicle = car_of(request, pk)
    member = request.member
    page = selectors.vehicle_page(vehicle=vehicle)
    can_assess = perms.can_assess_damage(member, vehicle)
    can_see_history = perms.can_see_history(member, vehicle)
    context: dict[str, Any] = {
        "vehicle": vehicle,
        **page,
        # Per open report: the steps it may take next (the form offers only those).
        "open_damage": [(report, perms.damage_next_steps(report)) for report in page["open_damage"]],
        "can_edit": perms.can_edit_vehicle(member, vehicle),
        "can_see_documents": perms.can_see_documents(member, vehicle),
        "can_upload_documents": perms.can_upload_documents(member, vehicle),
        "can_report_damage": perms.can_report_damage(member),
        "can_record_odometer": perms.can_record_odometer(member),
        "can_assess_damage": can_assess,
        "can_log_maintenance": perms.can_log_maintenance(member, vehicle),
        "can_see_contribution": perms.can_see_contribution(member),
        "can_edit_contribution": perms.can_edit_contribution(member),
        "can_see_history": can_see_history,
        "can_manage_key_box": perms.can_manage_key_box(member, vehicle),
        "key_box": getattr(vehicle, "key_box", None),
        "history": selectors.vehicle_history(vehicle=vehicle) if can_see_history else [],
        "odometer_form": OdometerForm(),
        "status_form": DamageStatusForm(),
    }
    return render(request, "vehicles/detail.html", context)


@coop_view(perms.can_see_pool)
def edit(request: CoopRequest, pk: int) -> HttpResponse:
    vehicle = car_of(request, pk)
    if not perms.can_edit_vehicle(request.member, vehicle):
        raise PermissionDenied
    form = VehicleForm(
        request.POST or None,
        request.FILES or None,
        cooperative=request.coop,
        initial=VehicleForm.initial_for(vehicle),
        may_assign_caretaker=perms.can_assign_caretaker(request.member),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        try:
            services.vehicle_update(vehicle=vehicle, by=request.member, photo=photo, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("De gegevens van de auto zijn opgeslagen."))
            return back_to_car(request, vehicle)
    return render(request, "vehicles/vehicle_form.html", {"form": form, "vehicle": vehicle})


@coop_view(perms.can_see_pool)
def photo(request: CoopRequest, pk: int) -> HttpResponseBase:
    vehicle = car_of(request, pk)
    return file_response(vehicle.photo, cache_seconds=3600)  # a car, nothing personal


@coop_view(perms.can_edit_contribution)
def contribution(request: CoopRequest, pk: int) -> HttpResponse:
    vehicle = car_of(request, pk)
    existing = getattr(vehicle, "contribution", None) if hasattr(vehicle, "contribution") else None
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = {
            "member": existing.member,
            "contributed_on": existing.contributed_on,
            "agreed_value": format_cents(existing.agreed_value_cents, symbol=False),
            "depreciation_months": existing.depreciation_months,
            "residual_value": format_cents(existing.residual_value_cents, symbol=False),
            "kind": existing.kind,
        }
    form = ContributionForm(request.POST or None, cooperative=request.coop, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contribution_set(
                vehicle=vehicle,
                member=data["member"],
                contributed_on=data["contributed_on"],
                agreed_value_cents=data["agreed_value"],
                depreciation_months=data["depreciation_months"],
                residual_value_cents=data["residual_value"],
                kind=data["kind"],
                by=request.member,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("De inbreng is vastgelegd."))
            return back_to_car(request, vehicle)
    return render(request, "vehicles/contribution_form.html", {"form": form, "vehicle": vehicle})
