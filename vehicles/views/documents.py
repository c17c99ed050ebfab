"""A car's papers, and the list of papers that expire."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from deel.errors import DomainError
from deel.files import file_response
from members.permissions import CoopRequest, coop_view

from .. import permissions as perms
from .. import selectors, services
from ..forms import DocumentForm
from ..models import VehicleDocument
from .car import back_to_car, car_of


@coop_view(perms.can_see_pool)
def document_new(request: CoopRequest, pk: int) -> HttpResponse:
    vehicle = car_of(request, pk)
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
            return back_to_car(request, vehicle)
    return render(request, "vehicles/document_form.html", {"form": form, "vehicle": vehicle})


@coop_view(perms.can_see_pool)
def document_file(request: CoopRequest, pk: int) -> HttpResponseBase:
    document = get_object_or_404(
        VehicleDocument.objects.select_related("vehicle"), pk=pk, vehicle__cooperative=request.coop
    )
    if not perms.can_see_documents(request.member, document.vehicle):
        raise PermissionDenied
    if not document.file:
        raise Http404
    return file_response(document.file)


@coop_view(perms.can_see_expiring_documents)
def expiring(request: CoopRequest) -> HttpResponse:
    documents = selectors.documents_expiring(cooperative=request.coop, member=request.member)
    return render(request, "vehicles/expiring.html", {"documents": documents})
