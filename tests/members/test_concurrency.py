"""Two board members admitting at the same moment still hand out distinct member numbers."""

import threading

import pytest
from django.db import connection

from members.models import Member, MemberStatus, Role
from members.services import member_admit
from tests.factories import CooperativeFactory, MemberFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_admissions_get_distinct_numbers():
    coop = CooperativeFactory()
    boards = [MemberFactory(cooperative=coop, number=n, roles=[Role.BOARD]) for n in (1, 2)]
    applicants = [
        MemberFactory(cooperative=coop, status=MemberStatus.APPLIED, number=None, admitted_at=None) for _ in range(6)
    ]
    barrier = threading.Barrier(2)
    errors: list[str] = []

    def admit(board, mine):
        try:
            for applicant in mine:
                barrier.wait(timeout=20)
                member_admit(member=applicant, by=board)
        except Exception as exc:  # noqa: BLE001  (reported below, fails the test)
            errors.append(repr(exc))
            barrier.abort()
        finally:
            connection.close()

    threads = [
        threading.Thread(target=admit, args=(boards[0], applicants[0::2])),
        threading.Thread(target=admit, args=(boards[1], applicants[1::2])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    numbers = sorted(Member.objects.filter(pk__in=[a.pk for a in applicants]).values_list("number", flat=True))
    assert numbers == [3, 4, 5, 6, 7, 8]
