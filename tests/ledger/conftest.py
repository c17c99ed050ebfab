import pytest

from members.models import Role
from tests.factories import CooperativeFactory, MemberFactory, VehicleFactory


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
