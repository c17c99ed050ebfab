"""Shared bits of the reservation views."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect

from deel.errors import DomainError
from members.models import Member
from members.permissions import CoopRequest

from .. import permissions, selectors
from ..models import Reservation


def get_reservation(
    request: CoopRequest, pk: int, check: Callable[[Member, Reservation], bool] = permissions.can_see_reservation
) -> Reservation:
    """The reservation of the request's cooperative (404 otherwise), 403 when `check` says no."""
    try:
        reservation = selectors.reservation_detail(cooperative=request.coop, pk=pk)
    except Reservation.DoesNotExist:
        raise Http404 from None
    if not check(request.member, reservation):
        raise PermissionDenied
    return reservation


def to_detail(reservation: Reservation) -> HttpResponseRedirect:
    return redirect("reservations:detail", coop=reservation.cooperative.slug, pk=reservation.pk)


def show_error(request: CoopRequest, error: DomainError) -> None:
    messages.error(request, error.message)
