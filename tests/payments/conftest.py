import pytest

from members.models import Role
from tests.factories import CooperativeFactory, MemberFactory


@pytest.fixture
def coop(db):
    return CooperativeFactory(bic="ABNANL2A", sepa_creditor_id="NL79ZZZ999999990000", email="kas@example.nl")


@pytest.fixture
def treasurer(coop):
    return MemberFactory(cooperative=coop, roles=[Role.TREASURER])


@pytest.fixture
def member(coop):
    return MemberFactory(cooperative=coop)
