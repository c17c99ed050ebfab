"""Written decisions outside a meeting, board decisions and the decision register."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.errors import GovernanceError
from governance.models import Decision, DecisionBody, WrittenResolutionStatus
from members.models import MemberStatus
from tests.factories import PASSWORD, CooperativeFactory, MemberFactory
from tests.governance.factories import coop_with_members

pytestmark = pytest.mark.django_db


def test_written_decision_requires_every_member_entitled_to_vote():
    coop, board, members = coop_with_members(5)
    members[2].status = MemberStatus.SUSPENDED  # still entitled to vote
    members[2].save()
    res = services.written_resolution_create(
        cooperative=coop, by=board, title="Laadpaal", text="Wij plaatsen een laadpaal.", kind="ordinary"
    )
    for m in [board, members[0], members[1]]:
        res = services.written_consent_give(resolution=res, member=m, agrees=True)
        assert res.status == WrittenResolutionStatus.OPEN
    res = services.written_consent_give(resolution=res, member=members[2], agrees=True)
    assert res.status == WrittenResolutionStatus.OPEN  # one member has not agreed yet
    res = services.written_consent_give(resolution=res, member=members[3], agrees=True)
    assert res.status == WrittenResolutionStatus.CARRIED
    assert res.decision.body == DecisionBody.WRITTEN and res.decision.votes_for == 5


def test_written_decision_fails_on_a_single_no():
    coop, board, members = coop_with_members(3)
    res = services.written_resolution_create(cooperative=coop, by=board, title="X", text="Y", kind="ordinary")
    res = services.written_consent_give(resolution=res, member=members[0], agrees=False)
    assert res.status == WrittenResolutionStatus.FAILED
    with pytest.raises(GovernanceError):
        services.written_consent_give(resolution=res, member=members[1], agrees=True)
    assert not Decision.objects.filter(cooperative=coop).exists()


def test_board_decision_is_marked_and_numbered_per_year():
    coop, board, _ = coop_with_members(1)
    d1 = services.decision_record_board(
        cooperative=coop, by=board, title="Verzekering", text="...", kind="ordinary", decided_on=dt.date(2026, 3, 1)
    )
    d2 = services.decision_record_board(
        cooperative=coop, by=board, title="Onderhoud", text="...", kind="ordinary", decided_on=dt.date(2026, 4, 1)
    )
    d3 = services.decision_record_board(
        cooperative=coop, by=board, title="Nieuw jaar", text="...", kind="ordinary", decided_on=dt.date(2027, 1, 5)
    )
    assert (d1.number, d2.number, d3.number) == ("2026-001", "2026-002", "2027-001")
    assert d1.body == DecisionBody.BOARD


def test_decision_register_filters_and_query_count(client, django_assert_max_num_queries):
    coop, board, members = coop_with_members(2)
    for i in range(30):
        services.decision_record_board(
            cooperative=coop,
            by=board,
            title=f"Besluit {i}" if i % 2 else f"Tarief {i}",
            text="...",
            kind="tariff" if i % 2 == 0 else "ordinary",
            decided_on=timezone.localdate() - dt.timedelta(days=i),
        )
    other = CooperativeFactory()
    other_board = MemberFactory(cooperative=other)
    services.decision_record_board(
        cooperative=other,
        by=other_board,
        title="Geheim elders",
        text="...",
        kind="ordinary",
        decided_on=timezone.localdate(),
    )
    client.login(email=members[0].user.email, password=PASSWORD)
    url = reverse("governance:decisions", kwargs={"coop": coop.slug})
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tarief 0" in body and "Geheim elders" not in body
    with django_assert_max_num_queries(10):
        response = client.get(url, {"kind": "tariff", "q": "Tarief 1"})
    body = response.content.decode()
    assert "Tarief 10" in body and "Besluit 11" not in body


def test_decision_register_query_count_does_not_grow_with_alv_decisions(client):
    """ALV decisions show their meeting: the page's queries stay the same for 2 or 20 rows."""
    coop, board, members = coop_with_members(2)
    client.login(email=members[0].user.email, password=PASSWORD)
    url = reverse("governance:decisions", kwargs={"coop": coop.slug})

    def add_alv_decisions(n):
        for _ in range(n):
            meeting = services.meeting_create(
                cooperative=coop, by=board, title="ALV", starts_at=timezone.now(), location="Buurthuis"
            )
            Decision.objects.create(
                cooperative=coop,
                number=services.decision_number_next(cooperative=coop, on=timezone.localdate()),
                decided_on=timezone.localdate(),
                body=DecisionBody.ALV,
                title="Besluit van de ALV",
                text="...",
                votes_for=5,
                votes_against=1,
                votes_abstain=0,
                meeting=meeting,
            )

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add_alv_decisions(2)
    few = queries()
    add_alv_decisions(18)
    assert queries() == few <= 10
