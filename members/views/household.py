"""A household membership: its extra drivers (each their own log-in and licence)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from deel.errors import DomainError

from .. import households
from ..forms import DateInput
from ..models import HouseholdDriver
from ..permissions import CoopRequest, acting_driver, coop_view


class DriverForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("Voornaam"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Achternaam"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mailadres (om in te loggen)"))
    licence_number = forms.CharField(label=gettext_lazy("Rijbewijsnummer"), max_length=20)
    licence_expires_on = forms.DateField(label=gettext_lazy("Rijbewijs geldig tot"), widget=DateInput())


@coop_view()
def household(request: CoopRequest) -> HttpResponse:
    member = request.member
    may_manage = households.can_manage_household(member, member)
    form = DriverForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                driver = households.household_driver_add(member=member, by=member, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s rijdt nu mee. Met “wachtwoord vergeten” op de inlogpagina stelt hij of zij "
                        "een wachtwoord in."
                    )
                    % {"name": driver.name},
                )
                return redirect("members:household", coop=request.coop.slug)
    return render(
        request,
        "members/household.html",
        {
            "drivers": households.household_drivers(member=member),
            "form": form,
            "may_manage": may_manage,
            "driver": acting_driver(member),
            "max_drivers": request.coop.household_drivers_max,
        },
    )


@require_POST
@coop_view()
def household_driver_remove(request: CoopRequest, pk: int) -> HttpResponse:
    driver = get_object_or_404(HouseholdDriver, pk=pk, member__cooperative=request.coop)
    try:
        households.household_driver_remove(driver=driver, by=request.member)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s rijdt niet meer mee.") % {"name": driver.name})
    return redirect("members:household", coop=request.coop.slug)
