"""Extending a running booking from the phone, with the new estimate (the trip charge
function of the books) before confirming. Lives in ledger because the estimate does:
reservations never imports ledger (DESIGN "Layout"); the booking itself is changed by
reservations.services.reservation_extend."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deel.errors import DomainError
from members.permissions import CoopRequest, coop_view
from reservations import permissions as res_perms
from reservations import selectors as res_selectors
from reservations.models import Reservation
from reservations.services import reservation_extend

from ..estimates import extension_preview

# The quick choices on the phone: minutes added to the current end.
QUICK_MINUTES = (30, 60, 120, 240)


class ExtendForm(forms.Form):
    # Entered in Europe/Amsterdam, as in every booking form.
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Nieuw einde"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    km = forms.IntegerField(
        label=gettext_lazy("Verwachte kilometers in totaal (voor de schatting)"),
        min_value=0,
        max_value=5000,
        required=False,
    )


def _reservation(request: CoopRequest, pk: int) -> Reservation:
    try:
        r = res_selectors.reservation_detail(cooperative=request.coop, pk=pk)
    except Reservation.DoesNotExist:
        raise Http404 from None
    if not res_perms.can_change_reservation(request.member, r):
        raise PermissionDenied
    return r


@coop_view()
def extend(request: CoopRequest, pk: int) -> HttpResponseBase:
    """GET: pick a later end (quick +30 min ... +4 h, or a time), see whether the car is
    free then and the new estimate. POST: extend (refused with until when it is taken)."""
    r = _reservation(request, pk)
    if not res_perms.can_extend(request.member, r):
        messages.error(request, _("Deze reservering kan niet meer worden verlengd."))
        return redirect("reservations:detail", coop=request.coop.slug, pk=r.pk)
    current_end = timezone.localtime(r.ends_at)
    source = request.POST if request.method == "POST" else request.GET
    plus = source.get("plus")
    data = source.copy()
    if plus and plus.isdigit() and int(plus) in QUICK_MINUTES:
        data["ends_at"] = (current_end + dt.timedelta(minutes=int(plus))).strftime("%Y-%m-%dT%H:%M")
    form = ExtendForm(data if "ends_at" in data else None, initial={"ends_at": current_end + dt.timedelta(hours=1)})
    preview = None
    if form.is_bound and form.is_valid():
        new_end = form.cleaned_data["ends_at"]
        km = form.cleaned_data["km"] or 0
        if new_end <= r.ends_at:
            form.add_error("ends_at", _("Kies voor verlengen een later einde."))
        elif request.method == "POST" and "confirm" in request.POST:
            try:
                reservation_extend(reservation=r, ends_at=new_end, by=request.member)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Verlengd tot %(end)s.") % {"end": f"{timezone.localtime(new_end):%H:%M}"})
                return redirect("reservations:detail", coop=request.coop.slug, pk=r.pk)
        if form.is_valid():
            preview = extension_preview(reservation=r, ends_at=new_end, km=km)
    quick = [(m, current_end + dt.timedelta(minutes=m)) for m in QUICK_MINUTES]
    return render(
        request,
        "ledger/extend.html",
        {"r": r, "form": form, "preview": preview, "quick": quick, "current_end": current_end},
    )
