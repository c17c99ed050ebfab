"""A car's logbook: odometer readings, damage and maintenance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from deel.files import file_response
from members.permissions import CoopRequest, coop_view

from .. import permissions as perms
from .. import services
from ..forms import DamageForm, DamageStatusForm, MaintenanceForm, OdometerForm
from ..models import DamagePhoto, DamageReport
from .car import back_to_car, car_of


@require_POST
@coop_view(perms.can_record_odometer)
def odometer(request: CoopRequest, pk: int) -> HttpResponse:
    vehicle = car_of(request, pk)
    form = OdometerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een kilometerstand in (een geheel getal)."))
        return back_to_car(request, vehicle)
    try:
        services.odometer_check(vehicle=vehicle, km=form.cleaned_data["km"], by=request.member)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kilometerstand opgeslagen."))
    return back_to_car(request, vehicle)


@coop_view(perms.can_report_damage)
def damage_new(request: CoopRequest, pk: int) -> HttpResponse:
    vehicle = car_of(request, pk)
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
            return back_to_car(request, vehicle)
    return render(request, "vehicles/damage_form.html", {"form": form, "vehicle": vehicle})


@require_POST
@coop_view(perms.can_see_pool)
def damage_status(request: CoopRequest, pk: int) -> HttpResponse:
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
    return back_to_car(request, report.vehicle)


@coop_view(perms.can_see_pool)
def damage_photo(request: CoopRequest, pk: int) -> HttpResponseBase:
    photo = get_object_or_404(DamagePhoto, pk=pk, report__vehicle__cooperative=request.coop)
    return file_response(photo.image)


@coop_view(perms.can_see_pool)
def maintenance_new(request: CoopRequest, pk: int) -> HttpResponse:
    vehicle = car_of(request, pk)
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
            return back_to_car(request, vehicle)
    return render(request, "vehicles/maintenance_form.html", {"form": form, "vehicle": vehicle})
