"""Row locks of the vehicles app, always taken in primary-key order (so two transactions
that lock several rows cannot deadlock each other). On PostgreSQL SELECT ... FOR UPDATE;
on SQLite the IMMEDIATE transaction already holds the write lock."""

from __future__ import annotations

from .models import DamageReport, Vehicle, VehicleContribution


def vehicle_lock(*, vehicle: Vehicle) -> Vehicle:
    """Lock the vehicle row for the rest of the transaction and return it freshly read.
    Every write that must see a car's latest state (readings, bookings) takes this first."""
    return Vehicle.objects.filter(pk=vehicle.pk).order_by("pk").select_for_update().get()


def damage_report_lock(*, report: DamageReport) -> DamageReport:
    """Lock one damage report (its status moves one step at a time)."""
    return DamageReport.objects.filter(pk=report.pk).order_by("pk").select_for_update().get()


def contribution_lock(*, vehicle: Vehicle) -> VehicleContribution | None:
    """Lock the car's contribution row, if it has one."""
    return VehicleContribution.objects.filter(vehicle=vehicle).order_by("pk").select_for_update().first()
