"""Penalties the ALV decided: posted when the event is recorded, announced with the reason,
disputable once, reversed when the board grants the dispute (issue 14)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from governance.models import Decision
from ledger.models import (
    AccountPurpose,
    DisputeOutcome,
    Penalty,
    PenaltyDispute,
    PenaltyKind,
    PenaltyRate,
    Posting,
    Transaction,
)
from ledger.penalties import (
    PenaltyDisputeRefused,
    PenaltyError,
    late_units,
    penalty_dispute,
    penalty_dispute_decide,
    penalty_rate_set,
    penalty_record,
)
from ledger.selectors import member_balance_cents
from members.models import Role
from reservations.models import Reservation, ReservationStatus
from reservations.services import reservation_mark_no_show, reservation_set_return, trip_end, trip_start
from tests.factories import MemberFactory, VehicleFactory

from .factories import make_tariff


@pytest.fixture
def board(coop):
    return MemberFactory(cooperative=coop, roles=[Role.BOARD])


@pytest.fixture
def caretaker(coop):
    return MemberFactory(cooperative=coop, roles=[Role.CARETAKER])


@pytest.fixture
def cared_car(coop, caretaker):
    return VehicleFactory(cooperative=coop, caretaker=caretaker, plate="GZ-123-K")


@pytest.fixture
def rates(coop, treasurer):
    decision = Decision.objects.create(
        cooperative=coop,
        number="2026-07",
        decided_on=dt.date(2026, 3, 12),
        title="Tarieven en boetes 2026",
        text="De ALV stelt de boetes vast.",
    )
    tariff = make_tariff(coop, valid_from=dt.date(2020, 1, 1))
    tariff.decision = decision
    tariff.save()
    return {
        kind: penalty_rate_set(tariff=tariff, kind=kind, amount_cents=cents, by=treasurer)
        for kind, cents in (
            (PenaltyKind.LATE_RETURN, 250),
            (PenaltyKind.NO_SHOW, 1000),
            (PenaltyKind.CLEANING, 2500),
            (PenaltyKind.UNREPORTED_DAMAGE, 5000),
        )
    }


def running_booking(member, car, *, hours_ago=3, hours=2) -> Reservation:
    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=hours_ago)
    end = start + dt.timedelta(hours=hours)
    return Reservation.objects.create(
        cooperative=car.cooperative, vehicle=car, member=member, starts_at=start, ends_at=end, blocked_until=end
    )


def test_late_units_count_every_started_quarter():
    end = timezone.now()
    assert late_units(booked_end=end, returned_at=end) == 0
    assert late_units(booked_end=end, returned_at=end + dt.timedelta(minutes=1)) == 1
    assert late_units(booked_end=end, returned_at=end + dt.timedelta(minutes=15)) == 1
    assert late_units(booked_end=end, returned_at=end + dt.timedelta(minutes=31)) == 3


def test_late_return_is_posted_when_the_return_is_recorded(
    coop, member, cared_car, rates, django_capture_on_commit_callbacks
):
    r = running_booking(member, cared_car)
    with django_capture_on_commit_callbacks(execute=True):
        reservation_set_return(reservation=r, returned_at=r.ends_at + dt.timedelta(minutes=31), by=member)
    penalty = Penalty.objects.get()
    assert (penalty.kind, penalty.units, penalty.amount_cents) == (PenaltyKind.LATE_RETURN, 3, 750)
    assert penalty.recorded_by is None  # automatic
    assert member_balance_cents(member=member) == 750
    # The reason is on the posting's transaction (the balance and the statement line show it).
    assert "31 minuten" in penalty.transaction.description
    income = Posting.objects.get(transaction=penalty.transaction, account__purpose=AccountPurpose.PENALTY_INCOME)
    assert income.amount_cents == -750 and income.vehicle_id == cared_car.pk
    # Announced by e-mail with the reason and the decision.
    (message,) = mail.outbox
    assert message.to == [member.user.email]
    assert penalty.reason in message.body and "2026-07" in message.body


def test_on_time_return_posts_nothing(coop, member, cared_car, rates):
    r = running_booking(member, cared_car)
    reservation_set_return(reservation=r, returned_at=r.ends_at - dt.timedelta(minutes=10), by=member)
    assert not Penalty.objects.exists()


def test_without_a_rate_no_penalty_is_posted(coop, member, cared_car):
    make_tariff(coop)
    r = running_booking(member, cared_car)
    reservation_set_return(reservation=r, returned_at=r.ends_at + dt.timedelta(minutes=20), by=member)
    assert not Penalty.objects.exists()
    assert member_balance_cents(member=member) == 0


def test_no_show_is_posted_when_the_caretaker_marks_it(coop, member, caretaker, cared_car, rates):
    r = running_booking(member, cared_car)
    reservation_mark_no_show(reservation=r, by=caretaker)
    r.refresh_from_db()
    assert r.status == ReservationStatus.NO_SHOW
    penalty = Penalty.objects.get()
    assert (penalty.kind, penalty.amount_cents, penalty.recorded_by) == (PenaltyKind.NO_SHOW, 1000, caretaker)
    assert member_balance_cents(member=member) == 1000


def test_caretaker_records_cleaning_with_a_reason_once(coop, member, caretaker, cared_car, rates):
    r = running_booking(member, cared_car)
    penalty = penalty_record(reservation=r, kind=PenaltyKind.CLEANING, reason="Zand en hondenharen", by=caretaker)
    assert penalty.amount_cents == 2500 and penalty.reason == "Zand en hondenharen"
    assert "Zand en hondenharen" in penalty.transaction.description
    with pytest.raises(PenaltyError):
        penalty_record(reservation=r, kind=PenaltyKind.CLEANING, reason="Nog eens", by=caretaker)
    other = MemberFactory(cooperative=coop)
    with pytest.raises(PenaltyError):
        penalty_record(reservation=r, kind=PenaltyKind.UNREPORTED_DAMAGE, reason="Deuk", by=other)
    with pytest.raises(PenaltyError):  # follows from what was recorded, not by hand
        penalty_record(reservation=r, kind=PenaltyKind.LATE_RETURN, reason="Te laat", by=caretaker)
    with pytest.raises(PenaltyError):  # a reason is required
        penalty_record(reservation=r, kind=PenaltyKind.UNREPORTED_DAMAGE, reason="  ", by=caretaker)
    assert member_balance_cents(member=member) == 2500


def test_dispute_once_and_granted_reverses(
    coop, member, caretaker, board, cared_car, rates, django_capture_on_commit_callbacks
):
    r = running_booking(member, cared_car)
    penalty = penalty_record(reservation=r, kind=PenaltyKind.CLEANING, reason="Vies", by=caretaker)
    original = list(Posting.objects.filter(transaction=penalty.transaction).values_list("pk", "amount_cents"))
    with pytest.raises(PenaltyDisputeRefused):
        penalty_dispute(penalty=penalty, by=caretaker, text="Niet van mij")
    dispute = penalty_dispute(penalty=penalty, by=member, text="De auto was al vies toen ik hem ophaalde.")
    with pytest.raises(PenaltyDisputeRefused):
        penalty_dispute(penalty=penalty, by=member, text="Nog een keer")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decided = penalty_dispute_decide(dispute=dispute, by=board, grant=True, note="Foto's bij ophalen tonen het.")
    assert decided.outcome == DisputeOutcome.GRANTED and decided.decided_by == board
    assert decided.reversal.reverses_id == penalty.transaction_id
    assert member_balance_cents(member=member) == 0
    # The original postings are untouched: the correction is a new transaction.
    assert list(Posting.objects.filter(transaction=penalty.transaction).values_list("pk", "amount_cents")) == original
    assert Transaction.objects.count() == 2
    assert len(mail.outbox) == 1 and "teruggedraaid" in mail.outbox[0].body
    with pytest.raises(PenaltyError):
        penalty_dispute_decide(dispute=dispute, by=board, grant=False)


def test_upheld_dispute_keeps_the_penalty(coop, member, caretaker, board, cared_car, rates):
    r = running_booking(member, cared_car)
    penalty = penalty_record(reservation=r, kind=PenaltyKind.UNREPORTED_DAMAGE, reason="Kras achterklep", by=caretaker)
    dispute = penalty_dispute(penalty=penalty, by=member, text="Die kras zat er al.")
    with pytest.raises(PenaltyError):  # not the treasurer, not the caretaker: the board
        penalty_dispute_decide(dispute=dispute, by=caretaker, grant=True)
    decided = penalty_dispute_decide(dispute=dispute, by=board, grant=False, note="Gemeld door volgende rijder")
    assert decided.outcome == DisputeOutcome.UPHELD and decided.reversal is None
    assert member_balance_cents(member=member) == 5000


def test_balance_page_shows_the_reason_and_disputes_once(
    client, coop, member, caretaker, cared_car, rates, django_assert_max_num_queries
):
    r = running_booking(member, cared_car)
    penalty_record(reservation=r, kind=PenaltyKind.CLEANING, reason="Zand op de achterbank", by=caretaker)
    client.force_login(member.user)
    url = reverse("ledger:my_balance", kwargs={"coop": coop.slug})
    with django_assert_max_num_queries(25):
        html = client.get(url).content.decode()
    assert "Zand op de achterbank" in html and 'data-testid="penalty"' in html
    penalty = Penalty.objects.get()
    dispute_url = reverse("ledger:penalty_dispute", kwargs={"coop": coop.slug, "pk": penalty.pk})
    assert client.post(dispute_url, {"text": "Was al zo"}).status_code == 302
    assert client.post(dispute_url, {"text": "Tweede"}).status_code == 302
    assert penalty.__class__.objects.get().dispute.text == "Was al zo"
    html = client.get(url).content.decode()
    assert dispute_url not in html  # no second dispute offered


def test_board_page_decides_and_others_are_refused(client, coop, member, caretaker, board, cared_car, rates):
    r = running_booking(member, cared_car)
    penalty = penalty_record(reservation=r, kind=PenaltyKind.CLEANING, reason="Vies", by=caretaker)
    dispute = penalty_dispute(penalty=penalty, by=member, text="Niet waar")
    url = reverse("ledger:disputes", kwargs={"coop": coop.slug})
    client.force_login(member.user)
    assert client.get(url).status_code == 403
    client.force_login(board.user)
    assert "Niet waar" in client.get(url).content.decode()
    decide = reverse("ledger:dispute_decide", kwargs={"coop": coop.slug, "pk": dispute.pk})
    assert client.post(decide, {"outcome": "granted", "note": "ok"}).status_code == 302
    dispute.refresh_from_db()
    assert dispute.outcome == DisputeOutcome.GRANTED
    assert member_balance_cents(member=member) == 0


def test_caretaker_page_records_a_penalty(client, coop, member, caretaker, cared_car, rates):
    r = running_booking(member, cared_car)
    url = reverse("ledger:penalty_record", kwargs={"coop": coop.slug, "pk": r.pk})
    client.force_login(member.user)
    assert client.get(url).status_code == 403
    client.force_login(caretaker.user)
    response = client.post(url, {"kind": PenaltyKind.CLEANING, "reason": "Koffie gemorst"})
    assert response.status_code == 302
    assert Penalty.objects.get().reason == "Koffie gemorst"


def test_treasurer_sets_a_penalty_rate_on_a_tariff(client, coop, treasurer, member):
    tariff = make_tariff(coop)
    url = reverse("ledger:penalty_rates", kwargs={"coop": coop.slug})
    client.force_login(member.user)
    assert client.get(url).status_code == 403
    client.force_login(treasurer.user)
    response = client.post(url, {"tariff": tariff.pk, "kind": PenaltyKind.CLEANING, "amount": "35,00"})
    assert response.status_code == 302
    rate = tariff.penalty_rates.get()
    assert (rate.kind, rate.amount_cents, rate.created_by) == (PenaltyKind.CLEANING, 3500, treasurer)
    with pytest.raises(PenaltyError):  # one line per kind and tariff
        penalty_rate_set(tariff=tariff, kind=PenaltyKind.CLEANING, amount_cents=4000, by=treasurer)
    with pytest.raises(PenaltyError):
        penalty_rate_set(tariff=tariff, kind=PenaltyKind.NO_SHOW, amount_cents=5000, by=member)
    assert "35,00" in client.get(url).content.decode()


def test_the_database_keeps_penalties_and_decided_disputes(coop, member, caretaker, board, cared_car, rates):
    r = running_booking(member, cared_car)
    penalty = penalty_record(reservation=r, kind=PenaltyKind.CLEANING, reason="Vies", by=caretaker)
    with pytest.raises(DatabaseError), transaction.atomic():
        Penalty.objects.filter(pk=penalty.pk).update(amount_cents=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        PenaltyRate.objects.filter(pk=penalty.rate_id).update(amount_cents=1)
    dispute = penalty_dispute(penalty=penalty, by=member, text="Niet waar")
    penalty_dispute_decide(dispute=dispute, by=board, grant=False)
    with pytest.raises(DatabaseError), transaction.atomic():
        PenaltyDispute.objects.filter(pk=dispute.pk).update(outcome=DisputeOutcome.GRANTED)
    assert Penalty.objects.get().amount_cents == 2500


def test_trip_ended_with_a_late_return_posts_the_penalty(coop, member, cared_car, rates):
    r = running_booking(member, cared_car)
    trip = trip_start(reservation=r, odometer_km=20_000, by=member)
    trip_end(trip=trip, odometer_km=20_050, by=member, returned_at=r.ends_at + dt.timedelta(minutes=16))
    penalty = Penalty.objects.get()
    assert (penalty.kind, penalty.units, penalty.amount_cents) == (PenaltyKind.LATE_RETURN, 2, 500)
    assert penalty.reservation_id == r.pk and penalty.member == member


def test_disputes_page_takes_a_fixed_number_of_queries(
    client, coop, caretaker, board, cared_car, rates, django_assert_max_num_queries
):
    for _i in range(4):
        member = MemberFactory(cooperative=coop)
        r = running_booking(member, cared_car, hours_ago=30 + _i * 5)
        penalty = penalty_record(reservation=r, kind=PenaltyKind.CLEANING, reason="Vies", by=caretaker)
        penalty_dispute(penalty=penalty, by=member, text="Niet waar")
    client.force_login(board.user)
    with django_assert_max_num_queries(10):
        html = client.get(reverse("ledger:disputes", kwargs={"coop": coop.slug})).content.decode()
    assert html.count('data-testid="dispute"') == 4
