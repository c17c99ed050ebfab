"""Calendar feeds (secret addresses) and the cooperative's booking rules."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members.permissions import SEEING_STATUSES, CoopRequest, coop_view
from vehicles.models import Vehicle

from .. import permissions, selectors, services
from ..forms import RulesForm
from ..ical import feed_for_token
from ..models import CalendarToken


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """GET /cal/<token>.ics: no login (calendar apps cannot log in); the token is the secret."""
    found = (
        CalendarToken.objects.select_related("member", "vehicle")
        .filter(token=token, revoked_at__isnull=True, member__status__in=SEEING_STATUSES)
        .first()
    )
    if found is None:
        raise Http404
    # A car's feed shows who booked it: only while its holder still looks after that car.
    vehicle = found.vehicle
    if vehicle is not None and (
        vehicle.cooperative_id != found.member.cooperative_id or not permissions.cares_for(found.member, vehicle)
    ):
        raise Http404
    response = HttpResponse(feed_for_token(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deel.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@coop_view()
def tokens(request: CoopRequest) -> HttpResponse:
    """The member's secret feed addresses: create, renew (revokes the old one), revoke."""
    member = request.member
    cared = [v for v in Vehicle.objects.filter(cooperative=request.coop) if permissions.cares_for(member, v)]
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            vehicle = None
            if request.POST.get("vehicle"):
                vehicle = get_object_or_404(Vehicle, pk=request.POST["vehicle"], cooperative=request.coop)
            services.calendar_token_issue(member=member, vehicle=vehicle)
            messages.success(request, _("Er is een nieuw agenda-adres gemaakt; een eerder adres werkt niet meer."))
        elif action == "revoke":
            token = get_object_or_404(CalendarToken, pk=request.POST.get("token"), member=member)
            services.calendar_token_revoke(token=token, by=member)
            messages.success(request, _("Het agenda-adres is ingetrokken."))
        return redirect("reservations:tokens", coop=request.coop.slug)
    active = selectors.active_tokens(member=member)
    base = request.build_absolute_uri("/").rstrip("/")
    feeds = [(t, base + reverse("calendar_feed", kwargs={"token": t.token})) for t in active]
    has_own = any(t.vehicle_id is None for t in active)
    return render(request, "reservations/tokens.html", {"feeds": feeds, "cared": cared, "has_own": has_own})


@coop_view(permissions.can_edit_rules)
def rules(request: CoopRequest) -> HttpResponse:
    current = selectors.booking_rules_for(request.coop)
    form = RulesForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.booking_rules_update(
            cooperative=request.coop,
            by=request.member,
            **{k: form.cleaned_data[k] for k in services.BOOKING_RULE_FIELDS},
        )
        messages.success(request, _("De boekingsregels zijn opgeslagen."))
        return redirect("reservations:rules", coop=request.coop.slug)
    # Each earlier save: when, by whom, and per changed rule its label, old and new value.
    history = [
        {
            "change": change,
            "lines": [
                (form.fields[name].label if name in form.fields else name, old, new)
                for name, (old, new) in change.changes.items()
            ],
        }
        for change in selectors.booking_rules_history(cooperative=request.coop)
    ]
    return render(request, "reservations/rules.html", {"form": form, "history": history})
