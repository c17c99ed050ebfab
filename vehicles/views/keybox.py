"""A car's key box: set it up, rotate its secret (shown once), the revocation list to sync."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from members.permissions import CoopRequest, coop_view

from .. import permissions as perms
from .. import selectors, services
from ..forms import KeyBoxForm
from ..models import KeyBox, Vehicle
from .car import car_of


def _managed_car(request: CoopRequest, pk: int) -> Vehicle:
    vehicle = car_of(request, pk)
    if not perms.can_manage_key_box(request.member, vehicle):
        raise PermissionDenied
    return vehicle


def _page(request: CoopRequest, vehicle: Vehicle, form: KeyBoxForm, provisioned=None) -> HttpResponse:
    box = selectors.key_box_of(vehicle=vehicle)
    revocations = selectors.key_box_revocations(box=box) if box else []
    context = {"vehicle": vehicle, "box": box, "form": form, "provisioned": provisioned, "revocations": revocations}
    response = render(request, "vehicles/keybox.html", context)
    if provisioned is not None:
        response["Cache-Control"] = "no-store"  # the secret is on this page, once
    return response


@coop_view(perms.can_see_pool)
def keybox(request: CoopRequest, pk: int) -> HttpResponse:
    vehicle = _managed_car(request, pk)
    box = selectors.key_box_of(vehicle=vehicle)
    initial = {name: getattr(box, name) for name in services.KEYBOX_FIELDS} if box else {"box_id": vehicle.plate}
    form = KeyBoxForm(request.POST or None, initial=initial)
    provisioned = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.keybox_set(vehicle=vehicle, by=request.member, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if isinstance(result, services.ProvisionedSecret):
                provisioned = result
                messages.warning(
                    request, _("Nieuw geheim: programmeer het nu in de kast. Het wordt niet nog eens getoond.")
                )
            else:
                messages.success(request, _("De sleutelkast is opgeslagen."))
    return _page(request, vehicle, form, provisioned)


@require_POST
@coop_view(perms.can_see_pool)
def keybox_rotate(request: CoopRequest, pk: int) -> HttpResponse:
    vehicle = _managed_car(request, pk)
    box = selectors.key_box_of(vehicle=vehicle)
    if box is None:
        raise PermissionDenied
    provisioned = None
    try:
        provisioned = services.keybox_rotate_secret(box=box, by=request.member)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.warning(request, _("Nieuw geheim: programmeer het nu in de kast. Het wordt niet nog eens getoond."))
    form = KeyBoxForm(initial={name: getattr(box, name) for name in services.KEYBOX_FIELDS})
    return _page(request, vehicle, form, provisioned)


@coop_view(perms.can_see_pool)
def keybox_revocations(request: CoopRequest, pk: int) -> HttpResponse:
    """The revocation list as the box loads it (JSON): windows to refuse until they end."""
    vehicle = _managed_car(request, pk)
    box: KeyBox | None = selectors.key_box_of(vehicle=vehicle)
    if box is None:
        raise PermissionDenied
    body = {
        "box_id": box.box_id,
        "step_seconds": box.step_seconds,
        "generated_at": timezone.now().isoformat(),
        "revoked": [
            {"start_step": r.start_step, "end_step": r.end_step, "valid_until": r.valid_until.isoformat()}
            for r in selectors.key_box_revocations(box=box)
        ],
    }
    response = HttpResponse(json.dumps(body, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="intrekkingen-{box.box_id}.json"'
    response["Cache-Control"] = "private, no-store"
    return response
