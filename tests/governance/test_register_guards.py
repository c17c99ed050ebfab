"""The register's guards: the board never decides a statute change or dissolution (2:43,
2:19: the general assembly does), and a tariff is set by an adopted decision of the body the
statutes name; only a tariff dated before the cooperative's start in DEEL may refer to a
decision in words. Service and database both refuse."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from governance import services
from governance.errors import DecisionRefused
from governance.models import Decision, DecisionBody, ProposalKind
from ledger.errors import TariffDecisionRefused
from ledger.models import Tariff
from ledger.services import tariff_create
from members.models import TariffBody
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.mark.parametrize("kind", [ProposalKind.STATUTES, ProposalKind.DISSOLUTION])
def test_board_cannot_change_statutes_or_dissolve(kind):
    coop, board, members = coop_with_members(2)
    with pytest.raises(DecisionRefused):
        services.decision_record_board(
            cooperative=coop, by=board, title="x", text="x", kind=kind, decided_on=dt.date(2026, 6, 1)
        )
    assert not Decision.objects.filter(cooperative=coop).exists()


@pytest.mark.parametrize("kind", [ProposalKind.STATUTES, ProposalKind.DISSOLUTION])
def test_database_refuses_board_statute_change(kind):
    coop, board, members = coop_with_members(2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            cooperative=coop,
            number="2026-001",
            decided_on=dt.date(2026, 6, 1),
            body=DecisionBody.BOARD,
            kind=kind,
            title="x",
            text="x",
        )


def _alv_decision(coop, board, members, carried=True):
    meeting, proposal = convened_meeting(coop, board, kind=ProposalKind.TARIFF, title="Tarief")
    present(meeting, board, *members)
    ballot = services.ballot_open(proposal=proposal, by=board)
    for m in [board, *members]:
        services.vote_cast(ballot=ballot, member=m, choice="for" if carried else "against")
    ballot = services.ballot_close(ballot=ballot, by=board)
    return services.ballot_confirm(ballot=ballot, by=board)


def _tariff(coop, **kw):
    return tariff_create(cooperative=coop, valid_from=kw.pop("valid_from", TODAY()), per_km=Decimal("0.25"), **kw)


def test_tariff_from_an_adopted_alv_decision():
    coop, board, members = coop_with_members(3)
    decision = _alv_decision(coop, board, members)
    assert _tariff(coop, decision=decision).decision == decision


def test_tariff_refuses_a_rejected_decision():
    coop, board, members = coop_with_members(3)
    decision = _alv_decision(coop, board, members, carried=False)
    with pytest.raises(TariffDecisionRefused) as err:
        _tariff(coop, decision=decision)
    assert err.value.code == "not_adopted"


def test_tariff_refuses_a_board_decision_when_the_alv_sets_tariffs():
    coop, board, members = coop_with_members(2)
    decision = services.decision_record_board(
        cooperative=coop, by=board, title="Tarief", text="x", kind=ProposalKind.TARIFF, decided_on=TODAY()
    )
    with pytest.raises(TariffDecisionRefused) as err:
        _tariff(coop, decision=decision)
    assert err.value.code == "wrong_body"
    coop.tariff_body = TariffBody.BOARD
    coop.save(update_fields=["tariff_body"])
    assert _tariff(coop, decision=decision).pk


def test_text_reference_only_before_the_start_in_deel():
    coop, board, members = coop_with_members(2, deel_started_on=dt.date(2026, 1, 1))
    assert _tariff(coop, valid_from=dt.date(2025, 7, 1), decision_reference="ALV 3 juni 2025, punt 4").pk
    with pytest.raises(TariffDecisionRefused) as err:
        _tariff(coop, valid_from=dt.date(2026, 1, 1), decision_reference="ALV 3 juni 2025, punt 4")
    assert err.value.code == "decision_required"


def _raw_tariff(coop, valid_from, decision_id=None, reference=""):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_tariff (cooperative_id, valid_from, vehicle_class, per_km, per_hour, monthly_fee,"
            " decision_id, decision_reference, created_at)"
            " VALUES (%s, %s, '', 0.25, 0, 0, %s, %s, %s)",
            [coop.pk, valid_from, decision_id, reference, timezone.now()],
        )


def test_database_refuses_a_text_reference_after_the_start_in_deel():
    coop, board, members = coop_with_members(2, deel_started_on=dt.date(2026, 1, 1))
    _raw_tariff(coop, dt.date(2025, 7, 1), reference="ALV 2025")
    with pytest.raises(Exception) as err, transaction.atomic():
        _raw_tariff(coop, dt.date(2026, 2, 1), reference="ALV 2025")
    assert "decision" in str(err.value)
    assert Tariff.objects.filter(cooperative=coop).count() == 1


def test_database_refuses_a_rejected_decision():
    coop, board, members = coop_with_members(3)
    decision = _alv_decision(coop, board, members, carried=False)
    with pytest.raises(Exception) as err, transaction.atomic():
        _raw_tariff(coop, dt.date(2026, 2, 1), decision_id=decision.pk)
    assert "decision" in str(err.value)
