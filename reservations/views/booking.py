"""Finding a free car, booking, the week grid, the lists, changing and cancelling."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from deel.formats import format_datetime
from members.permissions import CoopRequest, coop_view
from vehicles.models import Vehicle

from .. import availability, estimates, keys, permissions, selectors, services, timeline, waitlist
from ..filters import ReservationFilter
from ..forms import (
    BookForm,
    FindForm,
    MaintenanceForm,
    PeriodForm,
    ReturnForm,
    SeriesForm,
    next_quarter_hour,
)
from ..models import Reservation, ReservationKind
from .common import get_reservation, show_error, to_detail


@coop_view(permissions.can_book)
def index(request: CoopRequest) -> HttpResponse:
    return redirect("reservations:find", coop=request.coop.slug)


@coop_view(permissions.can_book)
def find(request: CoopRequest) -> HttpResponse:
    """Which cars are free from ... to ...? Each free car shows what the trip would cost and
    can be booked right there. A past or reversed slot is refused before any car is shown."""
    if "starts_at" in request.GET:
        form = FindForm(request.GET)
    else:
        start = next_quarter_hour()
        form = FindForm(
            initial={"starts_at": start, "ends_at": start + dt.timedelta(hours=2), "km": estimates.DEFAULT_KM}
        )
    free = None
    prices: dict = {}
    waiting = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        free = availability.free_vehicles(
            cooperative=request.coop, starts_at=data["starts_at"], ends_at=data["ends_at"]
        )
        prices = estimates.estimates(
            cooperative=request.coop,
            vehicles=free,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            km=form.expected_km,
        )
        if not free:
            waiting = waitlist.is_waiting(member=request.member, starts_at=data["starts_at"], ends_at=data["ends_at"])
    results = [(v, prices.get(v.pk)) for v in free] if free is not None else None
    return render(
        request,
        "reservations/find.html",
        {
            "form": form,
            "free": free,
            "results": results,
            "km": form.expected_km if free is not None else None,
            "waiting": waiting,
        },
    )


@coop_view(permissions.can_book)
def book(request: CoopRequest) -> HttpResponse:
    """The booking form of one car (from a search result or a free window of its
    timeline): times, expected km and the estimate; posting it books."""
    data = request.POST if request.method == "POST" else request.GET
    if "vehicle" not in data:
        return redirect("reservations:find", coop=request.coop.slug)
    try:
        vehicle_pk = int(data["vehicle"])
    except ValueError:
        raise Http404 from None
    vehicle = get_object_or_404(Vehicle, pk=vehicle_pk, cooperative=request.coop)
    form = BookForm(data if "starts_at" in data else None, initial=_book_initial(vehicle))
    if request.method == "POST" and form.is_valid():
        try:
            reservation = services.reservation_create(
                member=request.member,
                vehicle=vehicle,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Geboekt: %(car)s.") % {"car": f"{vehicle.short_name} ({vehicle.plate})"})
            return to_detail(reservation)
    estimate = None
    if form.is_bound and form.is_valid():
        estimate = estimates.estimates(
            cooperative=request.coop,
            vehicles=[vehicle],
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            km=form.expected_km,
        ).get(vehicle.pk)
    return render(
        request,
        "reservations/book.html",
        {"vehicle": vehicle, "form": form, "estimate": estimate, "priced": form.is_bound and form.is_valid()},
    )


def _book_initial(vehicle: Vehicle) -> dict:
    start = next_quarter_hour()
    return {
        "vehicle": vehicle.pk,
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "km": estimates.DEFAULT_KM,
    }


@coop_view()
def week(request: CoopRequest) -> HttpResponse:
    """All cars × seven days, with who booked (members of this cooperative only)."""
    # Opens at today (on a phone the first column is today, not a Monday that has passed).
    start = _day_param(request, "start") or timezone.localdate()
    grid = selectors.week_grid(cooperative=request.coop, start=start, viewer=request.member)
    # Links of one's own slots are built from this prefix (no {% url %} per cell).
    detail_base = reverse("reservations:index", kwargs={"coop": request.coop.slug})
    context = {
        "grid": grid,
        "today": timezone.localdate(),
        "detail_base": detail_base,
        "book_base": reverse("reservations:book", kwargs={"coop": request.coop.slug}),
        "car_base": f"{detail_base}car/",
    }
    return render(request, "reservations/week.html", context)


def _filtered(
    request: CoopRequest, queryset: QuerySet[Reservation], *, with_vehicle: bool = True
) -> tuple[ReservationFilter, QuerySet[Reservation]]:
    flt = ReservationFilter(request.GET or None, queryset=queryset, cooperative=request.coop, with_vehicle=with_vehicle)
    return flt, flt.qs[:200]


HISTORY_PAGE = 20


@coop_view()
def mine(request: CoopRequest) -> HttpResponse:
    """Upcoming first (soonest first), then the history apart: filtered, newest first, paginated."""
    now = timezone.now()
    # The filters apply to both parts; the form is shown once.
    upcoming_flt = ReservationFilter(
        request.GET or None, queryset=selectors.my_upcoming(member=request.member, now=now), cooperative=request.coop
    )
    upcoming = selectors.with_labels(upcoming_flt.qs[:50])
    flt = ReservationFilter(
        request.GET or None,
        queryset=selectors.my_history(member=request.member, now=now),
        cooperative=request.coop,
    )
    page = Paginator(flt.qs, HISTORY_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reservations/mine.html",
        {
            "filter": flt,
            "upcoming": upcoming,
            "page": page,
            "history": selectors.with_labels(page.object_list),
            "query": query.urlencode(),
        },
    )


OVERVIEW_PAGE = 50


@coop_view(permissions.can_see_all_reservations)
def overview(request: CoopRequest) -> HttpResponse:
    """Every reservation of the cooperative, newest first, 50 a page (filters kept)."""
    queryset = selectors.reservation_list(cooperative=request.coop).order_by("-starts_at", "-pk")
    flt = ReservationFilter(request.GET or None, queryset=queryset, cooperative=request.coop)
    page = Paginator(flt.qs, OVERVIEW_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reservations/overview.html",
        {
            "filter": flt,
            "reservations": selectors.with_labels(page.object_list),
            "page": page,
            "query": query.urlencode(),
        },
    )


@coop_view()
def car_calendar(request: CoopRequest, vehicle_pk: int) -> HttpResponse:
    """The car's availability (free windows link to the booking form) and its bookings."""
    vehicle = get_object_or_404(
        Vehicle.objects.select_related("caretaker__user", "cooperative"), pk=vehicle_pk, cooperative=request.coop
    )
    today = timezone.localdate()
    start = _day_param(request, "dag") or today
    days = 1 if request.GET.get("weergave") == "dag" else 7
    line = timeline.vehicle_timeline(vehicle=vehicle, start=start, viewer=request.member, days=days)
    queryset = selectors.vehicle_reservations(vehicle=vehicle)
    filtering = set(request.GET) - {"dag", "weergave"}
    if not filtering:
        queryset = queryset.filter(ends_at__gte=timezone.now())
    flt, queryset = _filtered(request, queryset, with_vehicle=False)
    reservations = selectors.with_labels(queryset)
    cares_for = permissions.cares_for(request.member, vehicle)
    # The caretaker sees what is still open: not driven (no-show?) or a trip without its end.
    unfinished = list(selectors.vehicle_unfinished(vehicle=vehicle)[:50]) if cares_for else []
    return render(
        request,
        "reservations/car.html",
        {
            "vehicle": vehicle,
            "timeline": line,
            "day_view": days == 1,
            "today": today,
            "can_book": permissions.can_book(request.member) and permissions.is_bookable(vehicle),
            "filter": flt,
            "reservations": reservations,
            "cares_for": cares_for,
            "unfinished": unfinished,
            "sees_names": True,
            "one_car": True,
        },
    )


def _day_param(request: CoopRequest, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET[name])
    except (KeyError, ValueError):
        return None


@coop_view()
def detail(request: CoopRequest, pk: int) -> HttpResponse:
    r = get_reservation(request, pk)
    member, now = request.member, timezone.now()
    trip = getattr(r, "trip", None)
    context = {
        "r": r,
        "trip": trip,
        "can_change": permissions.can_change(member, r),
        "only_end_editable": "starts_at" not in permissions.editable_fields(r, now),
        "can_cancel": permissions.can_cancel(member, r, now),
        "cancel_is_late": permissions.is_late_cancellation(
            r, rules=selectors.booking_rules_for(r.cooperative), now=now
        ),
        "can_record": permissions.can_record_trip(member, r),
        "can_start_trip": permissions.can_start_trip(member, r),
        "can_end_trip": trip is not None and permissions.can_end_trip(member, trip),
        "can_set_return": permissions.can_set_return(member, r, now),
        "can_no_show": permissions.can_mark_no_show(member, r, now),
        "can_extend": permissions.can_extend(member, r),
        "cares_for": permissions.cares_for_reservation(member, r),
        "events": selectors.reservation_events(reservation=r),
        # The key-box code: only the booking's own member sees it (never others, the feed or the admin).
        "key_box": keys.box_of(r),
        "key_codes": keys.codes_for(r) if permissions.can_see_key_code(member, r) else [],
        # What the finished trip was charged (the ledger charges it when the end reading is in).
        "trip_cost": estimates.trip_cost(trip=trip) if trip is not None and trip.is_finished else None,
        "return_form": ReturnForm(initial={"returned_at": timezone.localtime(now).replace(second=0, microsecond=0)}),
    }
    return render(request, "reservations/detail.html", context)


@coop_view()
def edit(request: CoopRequest, pk: int) -> HttpResponse:
    """Move, extend or shorten."""
    r = get_reservation(request, pk, check=permissions.can_change_reservation)
    initial = {"starts_at": timezone.localtime(r.starts_at), "ends_at": timezone.localtime(r.ends_at)}
    if request.method == "POST":
        form = PeriodForm(request.POST, initial=initial)
        _lock_start_once_begun(form, r)
        if form.is_valid():
            try:
                services.reservation_change(
                    reservation=r,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    by=request.member,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("De reservering is gewijzigd."))
                return to_detail(r)
    else:
        form = PeriodForm(initial=initial)
        _lock_start_once_begun(form, r)
    return render(request, "reservations/edit.html", {"r": r, "form": form})


def _lock_start_once_begun(form: PeriodForm, r: Reservation) -> None:
    # Once a booking has begun only its end can change: show the start, do not offer it.
    if "starts_at" not in permissions.editable_fields(r, timezone.now()):
        form.fields["starts_at"].disabled = True
        form.fields["starts_at"].help_text = _("De reservering is begonnen; alleen het einde kan nog veranderen.")


@coop_view()
def cancel(request: CoopRequest, pk: int) -> HttpResponse:
    """Cancel. A late cancellation (within the rules' notice) first shows what it costs and
    asks to confirm; so does a GET (the page works without JavaScript)."""
    r = get_reservation(request, pk, check=permissions.can_change_reservation)
    now = timezone.now()
    rules = selectors.booking_rules_for(request.coop)
    late = permissions.is_late_cancellation(r, rules=rules, now=now)
    if request.method != "POST" or (late and "confirm" not in request.POST):
        if not permissions.can_cancel(request.member, r, now):
            return to_detail(r)
        return render(
            request,
            "reservations/cancel.html",
            {"r": r, "late": late, "fee_cents": rules.late_cancellation_fee_cents if late else 0, "rules": rules},
        )
    try:
        r = services.reservation_cancel(reservation=r, by=request.member)
    except DomainError as error:
        show_error(request, error)
    else:
        if r.late_cancellation:
            messages.warning(request, _("Geannuleerd. Let op: dit is een late annulering."))
        else:
            messages.success(request, _("De reservering is geannuleerd."))
    return to_detail(r)


@require_POST
@coop_view()
def set_return(request: CoopRequest, pk: int) -> HttpResponse:
    r = get_reservation(request, pk, check=permissions.can_record_trip)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een geldig tijdstip in."))
        return to_detail(r)
    try:
        r = services.reservation_set_return(
            reservation=r, returned_at=form.cleaned_data["returned_at"], by=request.member
        )
    except DomainError as error:
        show_error(request, error)
    else:
        if r.returned_late:
            messages.warning(request, _("Vastgelegd als te laat teruggebracht; het volgende lid krijgt bericht."))
        else:
            messages.success(request, _("De terugkomst is vastgelegd."))
    return to_detail(r)


@require_POST
@coop_view()
def no_show(request: CoopRequest, pk: int) -> HttpResponse:
    r = get_reservation(request, pk, check=permissions.cares_for_reservation)
    try:
        services.reservation_mark_no_show(reservation=r, by=request.member)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Gemarkeerd als niet gebruikt."))
    return to_detail(r)


@coop_view(permissions.can_book)
def series(request: CoopRequest) -> HttpResponse:
    """A recurring booking: first the plan (which weeks are free), then book the free ones."""
    vehicles = selectors.bookable_vehicles(cooperative=request.coop)
    plan = None
    form = SeriesForm(request.POST or None, vehicles=vehicles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs: dict = {
            "member": request.member,
            "vehicle": data["vehicle"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "weeks": data["weeks"],
        }
        # The plan page lists the free weeks as ticked boxes; the member books the ticked ones.
        chosen = set(request.POST.getlist("pick")) if "picking" in request.POST else None
        try:
            if "confirm" in request.POST and chosen == set():
                form.add_error(None, _("Vink minstens één week aan om te boeken."))
                plan = services.reservation_series_plan(**kwargs)
            elif "confirm" in request.POST:
                result = services.reservation_series_create(**kwargs, chosen=chosen)
                messages.success(
                    request,
                    _("%(booked)s keer geboekt, %(skipped)s keer overgeslagen.")
                    % {"booked": len(result.booked), "skipped": len(result.skipped)},
                )
                for item in result.skipped:
                    if not item.left_out:  # taken since the plan was shown
                        messages.warning(
                            request,
                            _("%(when)s niet geboekt: %(problem)s")
                            % {
                                "when": format_datetime(item.starts_at),
                                "problem": item.problem,
                            },
                        )
                return redirect("reservations:mine", coop=request.coop.slug)
            plan = services.reservation_series_plan(**kwargs)
        except DomainError as error:
            form.add_error(None, error.message)
    elif request.method != "POST":
        start = next_quarter_hour() + dt.timedelta(days=1)
        form = SeriesForm(
            vehicles=vehicles, initial={"starts_at": start, "ends_at": start + dt.timedelta(hours=4), "weeks": 8}
        )
    bookable = sum(1 for item in plan or () if not item.problem)
    return render(request, "reservations/series.html", {"form": form, "plan": plan, "bookable": bookable})


@coop_view()
def maintenance_block(request: CoopRequest, vehicle_pk: int) -> HttpResponse:
    vehicle = get_object_or_404(Vehicle, pk=vehicle_pk, cooperative=request.coop)
    if not permissions.cares_for(request.member, vehicle):
        raise PermissionDenied
    form = MaintenanceForm(request.POST or None, charging=permissions.can_block_for_charging(vehicle))
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data.get("kind") or ReservationKind.MAINTENANCE
        try:
            services.maintenance_block_create(
                vehicle=vehicle,
                by=request.member,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                note=form.cleaned_data["note"],
                kind=kind,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if kind == ReservationKind.CHARGING:
                messages.success(request, _("De auto is geblokkeerd om te laden."))
            else:
                messages.success(request, _("De auto is geblokkeerd voor onderhoud."))
            return redirect("reservations:car", coop=request.coop.slug, vehicle_pk=vehicle.pk)
    return render(request, "reservations/block.html", {"vehicle": vehicle, "form": form})
