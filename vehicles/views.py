"""Pages of the car pool: parse, check permission, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from deel.files import file_response
from members.permissions import coop_view

from . import permissions as perms
from . import selectors, services
from .forms import (
    ContributionForm,
    DamageForm,
    DamageStatusForm,
    DocumentForm,
    MaintenanceForm,
    OdometerForm,
    VehicleForm,
)
from .models import DamagePhoto, DamageReport, VehicleDocument


def _vehicle(request, pk):
    return selectors.vehicle_for_member(cooperative=request.coop, pk=pk)


def _back(request, vehicle):
    return redirect("vehicles:detail", coop=request.coop.slug, pk=vehicle.pk)


@coop_view(perms.can_see_pool)
def pool(request):
    vehicles = list(selectors.pool(cooperative=request.coop))
    return render(
        request,
        "vehicles/pool.html",
        {
            "vehicles": vehicles,
            "can_add": perms.can_add_vehicle(request.member),
            "can_see_expiring": perms.can_see_expiring_documents(request.member),
        },
    )


@coop_view(perms.can_add_vehicle)
def vehicle_new(request):
    form = VehicleForm(request.POST or None, request.FILES or None, cooperative=request.coop)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        data.pop("status", None)
        try:
            vehicle = services.vehicle_create(cooperative=request.coop, by=request.member, photo=photo, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(car)s staat in de pool.") % {"car": vehicle})
            return _back(request, vehicle)
    return render(request, "vehicles/vehicle_form.html", {"form": form, "vehicle": None})


@coop_view(perms.can_see_pool)
def detail(request, pk):
    vehicle = _vehicle(request, pk)
    member = request.member
    context = {
        "vehicle": vehicle,
        **selectors.vehicle_page(vehicle=vehicle),
        "can_edit": perms.can_edit_vehicle(member, vehicle),
        "can_see_documents": perms.can_see_documents(member, vehicle),
        "can_upload_documents": perms.can_upload_documents(member, vehicle),
        "can_report_damage": perms.can_report_damage(member),
        "can_record_odometer": perms.can_record_odometer(member),
        "can_assess_damage": perms.can_assess_damage(member, vehicle),
        "can_log_maintenance": perms.can_log_maintenance(member, vehicle),
        "can_see_contribution": perms.can_see_contribution(member),
        "can_edit_contribution": perms.can_edit_contribution(member),
        "odometer_form": OdometerForm(),
        "status_form": DamageStatusForm(),
    }
    return render(request, "vehicles/detail.html", context)


@coop_view(perms.can_see_pool)
def edit(request, pk):
    vehicle = _vehicle(request, pk)
    if not perms.can_edit_vehicle(request.member, vehicle):
        raise PermissionDenied
    form = VehicleForm(
        request.POST or None,
        request.FILES or None,
        cooperative=request.coop,
        initial=VehicleForm.initial_for(vehicle),
        may_assign_caretaker=perms.can_add_vehicle(request.member),
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
            return _back(request, vehicle)
    return render(request, "vehicles/vehicle_form.html", {"form": form, "vehicle": vehicle})


@coop_view(perms.can_see_pool)
def photo(request, pk):
    vehicle = _vehicle(request, pk)
    return file_response(vehicle.photo)


@require_POST
@coop_view(perms.can_record_odometer)
def odometer(request, pk):
    vehicle = _vehicle(request, pk)
    form = OdometerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een kilometerstand in (een geheel getal)."))
        return _back(request, vehicle)
    try:
        services.odometer_record(
            vehicle=vehicle,
            km=form.cleaned_data["km"],
            recorded_by=request.member,
            max_jump_km=None if perms.can_edit_vehicle(request.member, vehicle) else services.MAX_CHECK_JUMP_KM,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kilometerstand opgeslagen."))
    return _back(request, vehicle)


@coop_view(perms.can_report_damage)
def damage_new(request, pk):
    vehicle = _vehicle(request, pk)
    form = DamageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.damage_report(
                vehicle=vehicle,
                reported_by=request.member,
                description=form.cleaned_data["description"],
                photos=form.cleaned_data["photos"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Bedankt, de schade is gemeld bij de autobeheerder."))
            return _back(request, vehicle)
    return render(request, "vehicles/damage_form.html", {"form": form, "vehicle": vehicle})


@require_POST
@coop_view(perms.can_see_pool)
def damage_status(request, pk):
    report = get_object_or_404(DamageReport.objects.select_related("vehicle"), pk=pk, vehicle__cooperative=request.coop)
    if not perms.can_assess_damage(request.member, report.vehicle):
        raise PermissionDenied
    form = DamageStatusForm(request.POST)
    if form.is_valid():
        try:
            services.damage_set_status(
                report=report,
                status=form.cleaned_data["status"],
                assessment=form.cleaned_data["assessment"],
                by=request.member,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("De schademelding is bijgewerkt."))
    else:
        messages.error(request, _("Kies een geldige status."))
    return _back(request, report.vehicle)


@coop_view(perms.can_see_pool)
def damage_photo(request, pk):
    photo = get_object_or_404(DamagePhoto, pk=pk, report__vehicle__cooperative=request.coop)
    return file_response(photo.image)


@coop_view(perms.can_see_pool)
def document_new(request, pk):
    vehicle = _vehicle(request, pk)
    if not perms.can_upload_documents(request.member, vehicle):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(vehicle=vehicle, by=request.member, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Document opgeslagen."))
            return _back(request, vehicle)
    return render(request, "vehicles/document_form.html", {"form": form, "vehicle": vehicle})


@coop_view(perms.can_see_pool)
def document_file(request, pk):
    document = get_object_or_404(
        VehicleDocument.objects.select_related("vehicle"), pk=pk, vehicle__cooperative=request.coop
    )
    if not perms.can_see_documents(request.member, document.vehicle):
        raise PermissionDenied
    if not document.file:
        raise Http404
    return file_response(document.file, inline=True)


@coop_view(perms.can_see_expiring_documents)
def expiring(request):
    documents = selectors.documents_expiring(cooperative=request.coop, member=request.member)
    return render(request, "vehicles/expiring.html", {"documents": documents})


@coop_view(perms.can_see_pool)
def maintenance_new(request, pk):
    vehicle = _vehicle(request, pk)
    if not perms.can_log_maintenance(request.member, vehicle):
        raise PermissionDenied
    form = MaintenanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.maintenance_add(vehicle=vehicle, by=request.member, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Onderhoud vastgelegd."))
            return _back(request, vehicle)
    return render(request, "vehicles/maintenance_form.html", {"form": form, "vehicle": vehicle})


@coop_view(perms.can_edit_contribution)
def contribution(request, pk):
    vehicle = _vehicle(request, pk)
    existing = getattr(vehicle, "contribution", None) if hasattr(vehicle, "contribution") else None
    initial = {}
    if existing is not None:
        from deel.money import format_cents

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
            return _back(request, vehicle)
    return render(request, "vehicles/contribution_form.html", {"form": form, "vehicle": vehicle})
