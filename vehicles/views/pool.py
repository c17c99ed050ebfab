"""The pool: every car of the cooperative, and adding one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from deel.errors import DomainError
from members.permissions import CoopRequest, coop_view

from .. import permissions as perms
from .. import selectors, services
from ..forms import VehicleForm


@coop_view(perms.can_see_pool)
def pool(request: CoopRequest) -> HttpResponse:
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
def vehicle_new(request: CoopRequest) -> HttpResponse:
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
            return redirect("vehicles:detail", coop=request.coop.slug, pk=vehicle.pk)
    return render(request, "vehicles/vehicle_form.html", {"form": form, "vehicle": None})
