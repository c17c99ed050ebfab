"""Reads of the vehicles app, scoped to a cooperative, each with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from members.models import Cooperative, Member, Role
from members.permissions import has_any_role

from .models import (
    EXPIRY_WARNING_DAYS,
    DamageReport,
    DamageStatus,
    KeyBox,
    KeyCodeRevocation,
    MaintenanceEntry,
    OdometerReading,
    Vehicle,
    VehicleDocument,
    VehicleEvent,
    VehicleStatus,
)

__all__ = ["EXPIRY_WARNING_DAYS"]  # re-exported: the admin's expiry filter uses it

OPEN_DAMAGE = (DamageStatus.REPORTED, DamageStatus.ASSESSED)


def pool(*, cooperative: Cooperative, include_retired: bool = False) -> QuerySet[Vehicle]:
    """The cars of a cooperative with their last odometer reading and open damage count
    (one query)."""
    qs = (
        Vehicle.objects.filter(cooperative=cooperative)
        .select_related("caretaker__user")
        .annotate(
            last_km=Max("odometer_readings__km"),
            open_damage=Count("damage_reports", filter=Q(damage_reports__status__in=OPEN_DAMAGE), distinct=True),
        )
        .order_by("status", "make", "model", "plate")
    )
    if not include_retired:
        qs = qs.exclude(status=VehicleStatus.RETIRED)
    return qs


def vehicle_for_member(*, cooperative: Cooperative, pk: int) -> Vehicle:
    """One car of this cooperative (404 for another cooperative's car)."""
    return get_object_or_404(
        Vehicle.objects.select_related("caretaker__user", "cooperative", "key_box"), pk=pk, cooperative=cooperative
    )


def vehicle_page(*, vehicle: Vehicle) -> dict[str, Any]:
    """Everything a car's page shows, in a fixed number of queries. A document tells its
    own state (`is_expired`, `is_expiring`, `days_left`)."""
    documents = list(vehicle.documents.select_related("uploaded_by__user").order_by("kind", "-expires_on"))
    # Only the newest document of each kind decides whether the papers are in order.
    current: dict[str, VehicleDocument] = {}
    for doc in documents:
        if doc.kind not in current or doc.expires_before > current[doc.kind].expires_before:
            current[doc.kind] = doc
    open_damage = list(
        DamageReport.objects.filter(vehicle=vehicle, status__in=OPEN_DAMAGE)
        .select_related("reported_by__user")
        .prefetch_related("photos")
        .order_by("-reported_at")
    )
    repaired = list(
        DamageReport.objects.filter(vehicle=vehicle, status=DamageStatus.REPAIRED)
        .select_related("reported_by__user")
        .order_by("-repaired_at")[:5]
    )
    readings = list(
        OdometerReading.objects.filter(vehicle=vehicle)
        .select_related("recorded_by__user")
        .order_by("-km", "-recorded_at")[:6]
    )
    maintenance = list(MaintenanceEntry.objects.filter(vehicle=vehicle).select_related("recorded_by__user")[:20])
    contribution = getattr(vehicle, "contribution", None) if hasattr(vehicle, "contribution") else None
    return {
        "documents": documents,
        "current_documents": sorted(current.values(), key=lambda d: d.kind),
        "papers_ok": not any(d.is_expired for d in current.values()),
        "open_damage": open_damage,
        "repaired_damage": repaired,
        "readings": readings,
        "last_km": readings[0].km if readings else None,
        "maintenance": maintenance,
        "contribution": contribution,
    }


def documents_expiring(
    *, cooperative: Cooperative, member: Member | None = None, within_days: int = EXPIRY_WARNING_DAYS
) -> list[VehicleDocument]:
    """Documents expired or expiring within `within_days`, the newest of each kind per car
    only (an old policy replaced by a new one is no warning). A caretaker without board or
    treasurer role sees only their own cars."""
    today = timezone.localdate()
    qs = (
        VehicleDocument.objects.filter(vehicle__cooperative=cooperative, expires_on__isnull=False)
        .exclude(vehicle__status=VehicleStatus.RETIRED)
        .select_related("vehicle")
        .order_by("vehicle_id", "kind", "-expires_on")
    )
    if member is not None and not has_any_role(member, {Role.BOARD, Role.TREASURER}):
        qs = qs.filter(vehicle__caretaker=member)
    seen: set[tuple[int, str]] = set()
    result: list[VehicleDocument] = []
    for doc in qs:
        key = (doc.vehicle_id, doc.kind)
        if key in seen:
            continue
        seen.add(key)
        if doc.expires_before <= today + dt.timedelta(days=within_days):
            result.append(doc)
    return sorted(result, key=lambda d: d.expires_before)


def own_vehicles(*, member: Member) -> list[Vehicle]:
    """Cars the member brought in or looks after."""
    return list(
        Vehicle.objects.filter(
            Q(caretaker=member) | Q(contribution__member=member), cooperative_id=member.cooperative_id
        )
        .exclude(status=VehicleStatus.RETIRED)
        .select_related("contribution__member")
        .annotate(
            last_km=Max("odometer_readings__km"),
            open_damage=Count("damage_reports", filter=Q(damage_reports__status__in=OPEN_DAMAGE), distinct=True),
        )
        .distinct()
        .order_by("make", "model")
    )


def vehicle_history(*, vehicle: Vehicle, limit: int = 50) -> list[VehicleEvent]:
    """The car's latest events, newest first, with who made each (one query)."""
    return list(
        VehicleEvent.objects.filter(vehicle=vehicle)
        .select_related("actor__user")
        .order_by("-created_at", "-pk")[:limit]
    )


def key_box_of(*, vehicle: Vehicle) -> KeyBox | None:
    """The car's key box, or None (a car without one keeps the hand-over note)."""
    return KeyBox.objects.filter(vehicle=vehicle).first()


def key_box_revocations(*, box: KeyBox, now: dt.datetime | None = None) -> list[KeyCodeRevocation]:
    """Revoked code windows still to refuse, soonest-ending first (one query)."""
    now = now or timezone.now()
    return list(box.revocations.filter(valid_until__gt=now).order_by("valid_until", "pk"))


def open_damage_reports(*, vehicle: Vehicle) -> list[DamageReport]:
    """The car's known damage not yet repaired, newest first, with photos (two queries):
    what a member is shown at pick-up, so old damage is not blamed on them."""
    return list(
        DamageReport.objects.filter(vehicle=vehicle, status__in=OPEN_DAMAGE)
        .prefetch_related("photos")
        .order_by("-reported_at")
    )
