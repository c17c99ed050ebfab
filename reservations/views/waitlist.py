"""The waitlist: asking to be told when a car frees up (from an empty search)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from members.permissions import CoopRequest, coop_view

from .. import permissions, waitlist
from ..forms import PeriodForm


@require_POST
@coop_view(permissions.can_book)
def waitlist_join(request: CoopRequest) -> HttpResponse:
    form = PeriodForm(request.POST)
    back = reverse("reservations:find", kwargs={"coop": request.coop.slug})
    if not form.is_valid():
        messages.error(request, _("Controleer de tijden en probeer het opnieuw."))
        return redirect(back)
    try:
        waitlist.waitlist_join(
            member=request.member, starts_at=form.cleaned_data["starts_at"], ends_at=form.cleaned_data["ends_at"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Je staat op de wachtlijst. Komt er een auto vrij, dan krijg je één e-mail; wie het eerst "
                "reserveert, heeft hem."
            ),
        )
    query = urlencode({"starts_at": request.POST.get("starts_at", ""), "ends_at": request.POST.get("ends_at", "")})
    return redirect(f"{back}?{query}")
