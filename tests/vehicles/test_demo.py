"""The demo pool: five contributed cars (petrol, 2 hybrid, 2 electric) with papers, readings,
damage and maintenance; a car in the second cooperative; seeding twice changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from deel.demo import members as members_demo
from deel.demo import vehicles as vehicles_demo
from vehicles.models import (
    DamageReport,
    MaintenanceEntry,
    OdometerReading,
    Vehicle,
    VehicleContribution,
    VehicleDocument,
)

pytestmark = pytest.mark.django_db


def _seed():
    ctx = members_demo.DemoContext()
    members_demo.seed(ctx)
    vehicles_demo.seed(ctx)
    return ctx


def _counts():
    return tuple(
        m.objects.count()
        for m in (Vehicle, VehicleContribution, VehicleDocument, OdometerReading, DamageReport, MaintenanceEntry)
    )


def test_demo_pool_is_complete_and_idempotent():
    ctx = _seed()
    cars = ctx.vehicles
    assert len(cars) == 5 and len(ctx.second_vehicles) == 1
    assert sorted(c.fuel for c in cars) == ["electric", "electric", "hybrid", "hybrid", "petrol"]
    for car, contributor in zip(cars, ctx.contributors, strict=True):
        assert car.caretaker == contributor and car.contribution.member == contributor
        assert car.contribution.depreciation_months == 60 and car.photo
        assert car.odometer_readings.exists()
    soon = timezone.localdate() + dt.timedelta(days=30)
    assert VehicleDocument.objects.filter(vehicle__cooperative=ctx.coop, kind="apk", expires_on__lte=soon).count() == 1
    assert DamageReport.objects.filter(vehicle__cooperative=ctx.coop, status="reported").count() == 1
    before = _counts()
    ctx2 = _seed()
    assert _counts() == before
    assert [c.pk for c in ctx2.vehicles] == [c.pk for c in cars]
