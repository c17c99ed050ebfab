"""Trips: odometer at start and end, receipts (photo served after a permission check), damage."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.errors import DomainError
from deel.files import file_response
from deel.money import format_cents
from members.permissions import CoopRequest, coop_view
from vehicles.models import Fuel
from vehicles.selectors import open_damage_reports

from .. import estimates, permissions, selectors, services
from ..forms import DamageForm, ReceiptForm, TripEndForm, TripStartForm
from ..models import Receipt, Reservation, Trip, TripPhoto
from .common import get_reservation, to_detail


def _trip_or_404(r: Reservation) -> Trip:
    trip = getattr(r, "trip", None)
    if trip is None:
        raise Http404
    return trip


def _form_options(r: Reservation) -> dict:
    rules = selectors.booking_rules_for(r.cooperative)
    return {"electric": r.vehicle.fuel == Fuel.ELECTRIC, "photos_min": rules.trip_photos_min}


@coop_view()
def trip_start(request: CoopRequest, pk: int) -> HttpResponse:
    """Pick-up: the car's known damage first (so it is not blamed on the member), then the
    odometer, the battery of an electric car and a few photos."""
    r = get_reservation(request, pk, check=permissions.can_record_trip)
    last_km = services.suggested_start_km(r)
    options = _form_options(r)
    form = TripStartForm(request.POST or None, request.FILES or None, initial={"odometer_km": last_km}, **options)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.trip_start(
                reservation=r,
                odometer_km=data["odometer_km"],
                by=request.member,
                battery_percent=data.get("battery_percent"),
                photos=data["photos"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Goede rit! Vul na afloop de eindstand in."))
            return to_detail(r)
    context = {"r": r, "form": form, "last_km": last_km, "damage": open_damage_reports(vehicle=r.vehicle)}
    return render(request, "reservations/trip_start.html", context)


@coop_view()
def trip_end(request: CoopRequest, pk: int) -> HttpResponse:
    """Return: odometer, battery or tank, photos and any new damage, in one step."""
    r = get_reservation(request, pk, check=permissions.can_record_trip)
    trip = _trip_or_404(r)
    options = _form_options(r)
    form = TripEndForm(request.POST or None, request.FILES or None, **options)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.trip_end(
                trip=trip,
                odometer_km=data["odometer_km"],
                returned_at=data["returned_at"],
                by=request.member,
                battery_percent=data.get("battery_percent"),
                fuel_level=data.get("fuel_level") or "",
                photos=data["photos"],
                damage_description=data["damage_description"],
                damage_photos=data["damage_photos"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            cost = estimates.trip_cost(trip=trip)
            if cost is not None:
                messages.success(
                    request,
                    _("De rit is afgesloten: %(km)s km, kosten %(cost)s. Dank je!")
                    % {"km": cost.km, "cost": format_cents(cost.amount_cents)},
                )
            else:
                messages.success(request, _("De rit is afgesloten. Dank je!"))
            return to_detail(r)
    rules = selectors.booking_rules_for(r.cooperative)
    context = {
        "r": r,
        "trip": trip,
        "form": form,
        "electric": options["electric"],
        "min_battery": rules.ev_min_battery_percent,
    }
    return render(request, "reservations/trip_end.html", context)


@coop_view()
def trip_photo(request: CoopRequest, photo_pk: int):  # noqa: ANN201  a FileResponse
    """A photo of the car at pick-up or return: whoever may see the reservation."""
    photo = get_object_or_404(
        TripPhoto.objects.select_related("trip__reservation__vehicle"), pk=photo_pk, trip__cooperative=request.coop
    )
    if not permissions.can_see_reservation(request.member, photo.trip.reservation):
        raise PermissionDenied
    return file_response(photo.image)


@coop_view()
def receipt_add(request: CoopRequest, pk: int) -> HttpResponse:
    r = get_reservation(request, pk, check=permissions.can_record_trip)
    trip = _trip_or_404(r)
    form = ReceiptForm(request.POST or None, request.FILES or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.receipt_add(
                trip=trip,
                by=request.member,
                kind=data["kind"],
                amount_cents=data["amount"],
                paid_on=data["paid_on"],
                photo=data["photo"],
                litres=data["litres"],
                kwh=data["kwh"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De bon is toegevoegd; de penningmeester verwerkt hem als declaratie."))
            return to_detail(r)
    return render(request, "reservations/receipt_add.html", {"r": r, "form": form})


@coop_view()
def receipt_photo(request: CoopRequest, receipt_pk: int):  # noqa: ANN201  a FileResponse, which coop_view's HttpResponse typing does not cover
    receipt = get_object_or_404(
        Receipt.objects.select_related("trip__reservation__vehicle"), pk=receipt_pk, trip__cooperative=request.coop
    )
    member = request.member
    if not (permissions.can_see_reservation(member, receipt.trip.reservation)):
        raise PermissionDenied
    return file_response(receipt.photo)


@coop_view()
def damage(request: CoopRequest, pk: int) -> HttpResponse:
    r = get_reservation(request, pk, check=permissions.can_record_trip)
    trip = _trip_or_404(r)
    form = DamageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.trip_report_damage(trip=trip, by=request.member, description=form.cleaned_data["description"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De schade is gemeld bij de autobeheerder."))
            return to_detail(r)
    return render(request, "reservations/damage.html", {"r": r, "form": form})
