"""A member claims home charging of an electric car at the kWh rate the ALV decided."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from deel.errors import DomainError
from members.permissions import CoopRequest, coop_view

from .. import permissions as perms
from ..ev import charging_claim_submit
from ..forms import ChargingClaimForm


@coop_view(perms.is_member)
def charging_claim_new(request: CoopRequest) -> HttpResponseBase:
    coop = request.coop
    form = ChargingClaimForm(request.POST or None, request.FILES or None, cooperative=coop)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            charging_claim_submit(
                member=request.member,
                vehicle=data["vehicle"],
                charged_on=data["charged_on"],
                kwh=data["kwh"],
                meter_start=data["meter_start"],
                meter_end=data["meter_end"],
                export_file=data["export_file"],
                attachment=data["attachment"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Je laaddeclaratie is ingediend. De penningmeester beoordeelt haar."))
            return redirect("ledger:my_balance", coop=coop.slug)
    return render(request, "ledger/charging_claim_form.html", {"form": form})
