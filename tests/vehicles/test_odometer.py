"""Odometer readings never decrease per vehicle, also with two writers at the same time."""

import random
import threading

import pytest
from django.db import connection

from tests.factories import CooperativeFactory, MemberFactory, VehicleFactory
from vehicles.errors import OdometerDecrease
from vehicles.models import OdometerReading
from vehicles.services import odometer_last_km, odometer_record


@pytest.mark.django_db
def test_lower_reading_is_refused_with_the_last_known_reading():
    vehicle = VehicleFactory()
    odometer_record(vehicle=vehicle, km=12_345, recorded_by=None)
    with pytest.raises(OdometerDecrease) as exc:
        odometer_record(vehicle=vehicle, km=12_000, recorded_by=None)
    assert "12.345" in exc.value.message and exc.value.last_km == 12_345
    assert OdometerReading.objects.filter(vehicle=vehicle).count() == 1
    odometer_record(vehicle=vehicle, km=12_345, recorded_by=None)  # equal is fine (car not moved)
    assert odometer_last_km(vehicle=vehicle) == 12_345


@pytest.mark.django_db
def test_readings_of_other_cars_do_not_interfere():
    coop = CooperativeFactory()
    a, b = VehicleFactory(cooperative=coop), VehicleFactory(cooperative=coop)
    odometer_record(vehicle=a, km=90_000, recorded_by=None)
    odometer_record(vehicle=b, km=10, recorded_by=None)
    assert odometer_last_km(vehicle=b) == 10


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writers_never_store_a_decrease():
    """Two threads, each with its own database connection, race to record readings of one
    car. Whatever the interleaving, the stored sequence (in insertion order) never goes down
    and every refused reading was refused with OdometerDecrease."""
    member = MemberFactory()
    vehicle = VehicleFactory(cooperative=member.cooperative)
    odometer_record(vehicle=vehicle, km=1_000, recorded_by=None)
    rounds = 12
    barrier = threading.Barrier(2)
    outcomes: dict[str, list] = {"stored": [], "refused": [], "errors": []}
    lock = threading.Lock()

    def writer(seed: int):
        rng = random.Random(seed)
        try:
            for i in range(rounds):
                km = 1_000 + i * 100 + rng.randint(0, 150)
                barrier.wait(timeout=20)
                try:
                    odometer_record(vehicle=vehicle, km=km, recorded_by=member)
                except OdometerDecrease:
                    with lock:
                        outcomes["refused"].append(km)
                else:
                    with lock:
                        outcomes["stored"].append(km)
        except Exception as exc:  # noqa: BLE001  (reported below, fails the test)
            with lock:
                outcomes["errors"].append(repr(exc))
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not outcomes["errors"], outcomes["errors"]
    assert len(outcomes["stored"]) + len(outcomes["refused"]) == 2 * rounds
    kms = list(OdometerReading.objects.filter(vehicle=vehicle).order_by("pk").values_list("km", flat=True))
    assert kms == sorted(kms), kms
    assert len(kms) == 1 + len(outcomes["stored"])
