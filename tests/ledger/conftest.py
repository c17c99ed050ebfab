import datetime as dt

import pytest

from ledger.services import car_cost_create, expense_submit, fees_charge_month, statements_issue, trip_charge
from members.models import Role
from tests.factories import CooperativeFactory, MemberFactory, VehicleFactory

from .factories import aware, make_tariff, make_trip


@pytest.fixture
def coop(db):
    return CooperativeFactory()


@pytest.fixture
def treasurer(coop):
    return MemberFactory(cooperative=coop, roles=[Role.TREASURER])


@pytest.fixture
def member(coop):
    return MemberFactory(cooperative=coop)


@pytest.fixture
def car(coop):
    return VehicleFactory(cooperative=coop)


@pytest.fixture
def books(coop, treasurer, car):
    make_tariff(coop, per_km="0.25", per_hour="1.00", monthly_fee="3.00")
    members = [MemberFactory(cooperative=coop) for _ in range(6)]
    for i, m in enumerate(members):
        for d in range(3):
            trip_charge(trip=make_trip(m, car, start=aware(2026, 1, 5 + d + i * 3), km=20 + i, hours=2))
        expense_submit(member=m, description=f"Tanken {i}", amount_cents=3000 + i, spent_on=dt.date(2026, 1, 20))
    car_cost_create(
        vehicle=car, category="insurance", description="Premie", amount_cents=60000, incurred_on=dt.date(2026, 1, 2)
    )
    fees_charge_month(cooperative=coop, month=dt.date(2026, 1, 1))
    statements_issue(cooperative=coop, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 1, 31))
    return members
