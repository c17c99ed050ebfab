"""Demo data of car-sharing operations (issue 14): the statutes' deposit and households,
the ALV's penalty rates on the tariff it decided, one household of two drivers (Anouk and
Wessel), Anouk's deposit, a cleaning penalty on one of her trips, and another member's
late-return penalty with a dispute the board still has to decide. Idempotent."""

from __future__ import annotations

from django.utils import timezone

from ledger.deposits import deposit_charge, deposit_held
from ledger.models import Penalty, PenaltyDispute, PenaltyKind, PenaltyRate, Tariff
from ledger.penalties import penalty_dispute, penalty_impose, penalty_rate_set, penalty_record
from members.households import household_driver_add
from members.models import HouseholdDriver, Member
from reservations.models import Reservation, ReservationStatus

from .members import DEMO_PASSWORD, DemoContext

RATES = (
    (PenaltyKind.LATE_RETURN, 250),
    (PenaltyKind.LOW_ENERGY, 1500),
    (PenaltyKind.NO_SHOW, 1000),
    (PenaltyKind.CLEANING, 2500),
    (PenaltyKind.UNREPORTED_DAMAGE, 5000),
)
PARTNER = "wessel@bomenbuurt.deel.local"


def seed(ctx: DemoContext) -> None:
    coop, treasurer = ctx.coop, ctx.treasurer
    if coop is None or treasurer is None:
        return
    if coop.household_drivers_max == 0:
        coop.deposit_cents = 10_000
        coop.household_drivers_max = 2
        coop.save(update_fields=["deposit_cents", "household_drivers_max"])
    tariff = (
        Tariff.objects.filter(cooperative=coop, vehicle_class="", decision__isnull=False)
        .order_by("-valid_from")
        .first()
    )
    if tariff is not None and not PenaltyRate.objects.filter(tariff__cooperative=coop).exists():
        for kind, cents in RATES:
            penalty_rate_set(tariff=tariff, kind=kind, amount_cents=cents, by=treasurer)
    anouk = Member.objects.select_related("user", "cooperative").get(cooperative=coop, user__email__startswith="anouk@")
    if not HouseholdDriver.objects.filter(member=anouk).exists():
        driver = household_driver_add(
            member=anouk,
            by=anouk,
            email=PARTNER,
            first_name="Wessel",
            last_name=anouk.user.last_name,
            licence_number="5812345678",
            licence_expires_on=timezone.localdate().replace(year=timezone.localdate().year + 6),
        )
        driver.user.set_password(DEMO_PASSWORD)
        driver.user.save(update_fields=["password"])
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=driver.user, email=PARTNER, defaults={"verified": True, "primary": True}
        )
    ctx.logins.insert(1, (PARTNER, "extra bestuurder in Anouks huishouden (household driver)"))
    if deposit_held(member=anouk) is None:
        deposit_charge(member=anouk, by=treasurer)
    _penalties(ctx, anouk)


def _penalties(ctx: DemoContext, anouk: Member) -> None:
    coop = anouk.cooperative
    if Penalty.objects.filter(cooperative=coop).exists() or not PenaltyRate.objects.filter(tariff__cooperative=coop):
        return
    trip = (
        Reservation.objects.filter(member=anouk, status=ReservationStatus.COMPLETED, vehicle__caretaker__isnull=False)
        .select_related("vehicle__caretaker", "cooperative")
        .order_by("-starts_at")
        .first()
    )
    if trip is not None and trip.vehicle.caretaker is not None:
        penalty_record(
            reservation=trip,
            kind=PenaltyKind.CLEANING,
            reason="Zand en hondenharen op de achterbank; de auto is daarna binnen schoongemaakt.",
            by=trip.vehicle.caretaker,
        )
    other = ctx.members[14]
    missed = (
        Reservation.objects.filter(member=other, status=ReservationStatus.COMPLETED)
        .select_related("vehicle", "cooperative")
        .order_by("-starts_at")
        .first()
    )
    if missed is not None:
        penalty = penalty_impose(
            member=other,
            kind=PenaltyKind.LATE_RETURN,
            reason=f"{missed.vehicle.plate} 40 minuten na het einde van de reservering teruggebracht (3 × 15 min).",
            source_key=f"penalty:late:{missed.pk}",
            date=timezone.localdate(missed.ends_at),
            units=3,
            reservation=missed,
        )
        if penalty is not None and not PenaltyDispute.objects.filter(penalty=penalty).exists():
            penalty_dispute(
                penalty=penalty,
                by=other,
                text="De vorige rijder bracht de auto zelf een half uur te laat; ik kon pas later vertrekken.",
            )
