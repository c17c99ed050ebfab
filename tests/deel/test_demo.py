"""`manage.py seed_demo`, the data `make run` shows a new user: complete, consistent and
idempotent. Runs the real command on the test database (about half a minute)."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from deel.demo.members import DEMO_PASSWORD, DEMO_SLUG, SECOND_SLUG
from governance.models import Meeting, Minutes, MinutesStatus
from ledger.models import Period, PeriodStatus, Posting, Statement, Tariff
from members.models import Cooperative, Member
from reservations.models import Reservation, ReservationStatus, Trip
from vehicles.models import Vehicle

pytestmark = pytest.mark.django_db

COUNTED = (Member, Vehicle, Reservation, Trip, Posting, Statement, Meeting, Period, Tariff)


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_demo_is_complete_consistent_and_idempotent(demo, client):
    coop = Cooperative.objects.get(slug=DEMO_SLUG)
    # The printed log-ins, with the password.
    assert DEMO_PASSWORD in demo and "anouk@bomenbuurt.deel.local" in demo

    # A year of bookings and trips; the demo member has bookings ahead.
    assert Trip.objects.filter(reservation__cooperative=coop).count() > 300
    anouk = Member.objects.get(cooperative=coop, user__email="anouk@bomenbuurt.deel.local")
    ahead = Reservation.objects.filter(member=anouk, starts_at__gt=timezone.now(), status=ReservationStatus.BOOKED)
    assert ahead.count() == 2

    # The books: settled quarters, statements, a balanced ledger per cooperative.
    assert Period.objects.filter(cooperative=coop, status=PeriodStatus.CLOSED).count() >= 2
    assert Statement.objects.filter(cooperative=coop).exists()
    for each in Cooperative.objects.all():
        assert (Posting.objects.filter(transaction__cooperative=each).aggregate(s=Sum("amount_cents"))["s"] or 0) == 0

    # The tariffs in force link to the assembly's decision and start after it was taken.
    current = Tariff.objects.filter(cooperative=coop, decision__isnull=False).order_by("-valid_from").first()
    assert current is not None and current.decision.decided_on < current.valid_from

    # A past assembly with adopted minutes and one to come.
    assert Minutes.objects.filter(meeting__cooperative=coop, status=MinutesStatus.ADOPTED).exists()
    assert Meeting.objects.filter(cooperative=coop, starts_at__gt=timezone.now()).exists()

    # The member's home page shows the next booking; the other cooperative stays closed.
    assert client.login(email="anouk@bomenbuurt.deel.local", password=DEMO_PASSWORD)
    home = client.get(reverse("coop_home", kwargs={"coop": DEMO_SLUG})).content.decode()
    first = ahead.order_by("starts_at").select_related("vehicle").first()
    assert first.vehicle.plate in home
    assert client.get(reverse("coop_home", kwargs={"coop": SECOND_SLUG})).status_code == 404

    # Seeding again changes nothing.
    before = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before


def test_demo_has_this_years_budget_and_next_years_on_the_alv_agenda(demo, client):
    from ledger.budgeting import budget_comparison, tariff_calculation
    from ledger.models import Budget, BudgetStatus

    coop = Cooperative.objects.get(slug=DEMO_SLUG)
    today = timezone.localdate()
    current = Budget.objects.get(cooperative=coop, year=today.year)
    assert current.status == BudgetStatus.ADOPTED and current.tariff is not None and current.decision is not None
    comparison = budget_comparison(current, today=today)
    assert comparison.budget_cents > 0 and comparison.actual_cents > 0
    upcoming = Budget.objects.exclude(year=today.year).get(cooperative=coop)
    assert upcoming.status == BudgetStatus.PROPOSED
    meeting = upcoming.proposal.item.meeting
    assert meeting.starts_at > timezone.now() and upcoming.proposal.kind == "tariff"
    calc = tariff_calculation(upcoming)
    assert calc.expected_km > 0 and calc.per_km > 0 and calc.reserve_cents > 0
    client.login(email="anouk@bomenbuurt.deel.local", password=DEMO_PASSWORD)
    html = client.get(reverse("ledger:budget", kwargs={"coop": coop.slug, "year": upcoming.year})).content.decode()
    assert f"{calc.per_km}".replace(".", ",") in html
