"""A cooperative's year, driven through the real services and the real periodic jobs.

`run_year()` moves the clock (time-machine) through 2026 day by day. Every night the
periodic jobs of deel/periodic.py run as Celery would run them (the task functions,
synchronously): on the 1st at 02:00 `ledger.tasks.monthly_books` (fees, last month's
depreciation, pending trips, last month's statements), at 02:30
`ledger.tasks.charge_pending_trips`, at 03:30 `payments.jobs.lapse_mandates`, at 07:00
`payments.jobs.run_arrears`, and `reservations.tasks.scan_due_notifications_task`.
In between, people act through the services: members join and sign mandates, book cars
and drive (reservation_create, trip_start, trip_end: the ledger charges the trip through its
signal), the board records a tariff decision mid-quarter, claims are submitted and approved,
car costs are entered, the treasurer exports SEPA batches, the banks' statements are
written back (ING MT940, Rabobank CAMT.053, ABN AMRO CAMT.053 with details; the
cooperative moves its account on 1 April and 1 July), one collection is returned,
quarters are settled and closed, and a trip of a settled quarter is charged late.

At the end of every month (and at the end) every check of `checks` runs; a failing check
is recorded under its name with the month, the year goes on, and each test of
test_year.py asserts that one check never failed.
"""

from __future__ import annotations

import datetime as dt
import io
import pathlib
import tempfile
import time
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import time_machine
from django.core.management import call_command
from django.db import transaction

from governance.models import ProposalKind
from governance.services.decisions import decision_record_board
from ledger import tasks as ledger_tasks
from ledger.models import Period, Settlement, Statement
from ledger.services import (
    car_cost_create,
    expense_approve,
    expense_submit,
    period_close,
    period_set_reserve,
    settlement_run,
    tariff_create,
)
from members.models import Cooperative, Member, Role
from members.services import member_admit, member_apply
from payments import jobs as payment_jobs
from payments.models import SepaBatch
from payments.selectors import collectable, earliest_collection_date
from payments.services import bank as bank_service
from payments.services.mandates import mandate_sign
from payments.services.sepa import sepa_batch_create
from reservations import tasks as reservation_tasks
from reservations.services.booking import reservation_create
from reservations.services.trips import trip_end, trip_start
from tests.factories import CooperativeFactory, MemberFactory, UserFactory, VehicleFactory
from vehicles.services import contribution_set

from . import checks
from .bankfiles import ABN_AMRO, ING, RABOBANK, Bank, Entry, pain008_blocks

TZ = zoneinfo.ZoneInfo("Europe/Amsterdam")
YEAR = 2026
# A creditor identifier with valid check digits (ISO 7064 mod 97-10), as a bank hands it out.
CREDITOR_ID = "NL69ZZZ123456780000"

BANKS = {
    ING: ("ING", "NL20INGB0001234567", "INGBNL2A"),
    RABOBANK: ("Rabobank", "NL27RABO0300000005", "RABONL2U"),
    ABN_AMRO: ("ABN AMRO", "NL91ABNA0417164300", "ABNANL2A"),
}
# The cooperative banks with ING in the first quarter, Rabobank in the second, ABN AMRO after.
BANK_FROM = [(dt.date(YEAR, 1, 1), ING), (dt.date(YEAR, 4, 1), RABOBANK), (dt.date(YEAR, 7, 1), ABN_AMRO)]

MEMBER_IBANS = [
    ("NL44RABO0123456789", "RABONL2U"),
    ("NL36INGB0007654321", "INGBNL2A"),
    ("NL75ABNA0555555555", "ABNANL2A"),
    ("NL66ASNB0707070707", "ASNBNL21"),
    ("NL63TRIO0212345678", "TRIONL2U"),
    ("NL09KNAB0255555555", "KNABNL2H"),
]
INSURER = ("NL22SNSB0912345678", "SNSBNL2A", "Verzekeraar Hofstad")
GARAGE = ("NL67INGB0009999999", "INGBNL2A", "Garage Valkenbos B.V.")

# Settlement quarters: (label, reserve cents, set on, settle at, close on).
QUARTERS = [
    ("2026-Q1", 3000, dt.datetime(YEAR, 4, 3, 9), dt.datetime(YEAR, 4, 10, 9), dt.datetime(YEAR, 4, 20, 9)),
    # The treasurer settles Q2 in the night of 1 July, before the monthly job of 02:00.
    ("2026-Q2", 0, None, dt.datetime(YEAR, 7, 1, 0, 30), dt.datetime(YEAR, 7, 15, 9)),
    ("2026-Q3", 2000, dt.datetime(YEAR, 10, 2, 9), dt.datetime(YEAR, 10, 6, 9), dt.datetime(YEAR, 10, 20, 9)),
    ("2026-Q4", 0, None, dt.datetime(YEAR + 1, 1, 6, 9), dt.datetime(YEAR + 1, 1, 12, 9)),
]
END = dt.date(YEAR + 1, 1, 15)

CHECKS = [
    "steps",
    "statements_chain",
    "settlements_on_statements",
    "trial_balance_zero",
    "collections_booked_once",
    "result_equals_reserve",
    "reserve_account",
    "member_balances",
    "trips_charged",
    "quarters_settled_and_closed",
]


def local(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=TZ)


@dataclass
class YearResult:
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cooperative_id: int | None = None


class Year:
    def __init__(self, traveller: time_machine.Coordinates):
        self.traveller = traveller
        self.result = YearResult()
        self.tmp = pathlib.Path(tempfile.gettempdir())
        self.events: dict[dt.date, list[tuple[dt.time, str, Callable[[], None]]]] = defaultdict(list)
        self.banks = {layout: Bank(layout, *BANKS[layout], creditor_id=CREDITOR_ID) for layout in BANKS}
        self.expected_price: dict[int, int] = {}
        self.odometer: dict[int, int] = {}
        self.tariffs: list[tuple[dt.date, Decimal, Decimal, Decimal]] = []  # valid_from, per_km, per_hour, cap

    # --- the clock -----------------------------------------------------------------------

    def at(self, moment: dt.datetime, label: str, action: Callable[[], None]) -> None:
        self.events[moment.date()].append((moment.time(), label, action))

    def move(self, moment: dt.datetime) -> None:
        self.traveller.move_to(local(moment))

    def step(self, label: str, action: Callable[[], object]) -> None:
        """Run one action; an error is recorded (a seam bug) and the year goes on."""
        try:
            with transaction.atomic():
                action()
        except Exception as exc:  # noqa: BLE001 - every failure of a step is a finding
            self.result.failures["steps"].append(f"{label}: {type(exc).__name__}: {str(exc)[:300]}")

    def check(self, name: str, action: Callable[[], None], when: str) -> None:
        try:
            action()
        except AssertionError as exc:
            self.result.failures[name].append(f"{when}: {exc}")

    # --- the people and the cars ------------------------------------------------------------

    def setup(self) -> None:
        self.move(dt.datetime(YEAR - 1, 12, 15, 10))
        name, iban, bic = BANKS[ING]
        self.coop: Cooperative = CooperativeFactory(
            tariff_body="board",  # the board sets tariffs in this cooperative (decision_record_board)
            name="Coöperatie Autodelen Bomenbuurt",
            slug="jaar-bomenbuurt",
            iban=iban,
            bic=bic,
            sepa_creditor_id=CREDITOR_ID,
            email="kas@bomenbuurt.example.nl",
        )
        self.result.cooperative_id = self.coop.pk
        self.treasurer = MemberFactory(cooperative=self.coop, roles=[Role.TREASURER])
        self.board = MemberFactory(cooperative=self.coop, roles=[Role.BOARD])
        self.members: list[Member] = [self.treasurer, self.board]
        self.members += [MemberFactory(cooperative=self.coop) for _ in range(3)]
        self.car_a = VehicleFactory(cooperative=self.coop, plate="GX-123-B", make="Toyota", model="Yaris")
        self.car_b = VehicleFactory(cooperative=self.coop, plate="TR-456-K", make="Renault", model="Zoe")
        self.odometer = {self.car_a.pk: 40_000, self.car_b.pk: 20_000}
        # The board member brought car B in on 1 January: EUR 6.000 over 60 months.
        contribution_set(
            vehicle=self.car_b,
            member=self.board,
            contributed_on=dt.date(YEAR, 1, 1),
            agreed_value_cents=600_000,
            depreciation_months=60,
            by=self.treasurer,
        )
        self.tariff_decided(
            dt.date(YEAR - 1, 12, 15), dt.date(YEAR - 1, 12, 1), "0.25", "2.00", "20.00", "5.00", "Tarieven 2026"
        )
        # Four members sign a mandate; member 5 (index 4) pays by transfer.
        for index in (0, 1, 2, 3):
            self.sign(self.members[index], index)

    def tariff_decided(
        self, on: dt.date, valid_from: dt.date, per_km: str, per_hour: str, cap: str, fee: str, title: str
    ) -> None:
        decision = decision_record_board(
            cooperative=self.coop,
            by=self.board,
            title=title,
            text=f"Per km EUR {per_km}, per uur EUR {per_hour} (max EUR {cap} per dag), contributie EUR {fee}.",
            kind=ProposalKind.TARIFF,
            decided_on=on,
        )
        tariff_create(
            cooperative=self.coop,
            valid_from=valid_from,
            per_km=Decimal(per_km),
            per_hour=Decimal(per_hour),
            day_cap=Decimal(cap),
            monthly_fee=Decimal(fee),
            decision=decision,
            created_by=self.treasurer,
        )
        self.tariffs.append((valid_from, Decimal(per_km), Decimal(per_hour), Decimal(cap)))
        self.tariffs.sort()

    def sign(self, member: Member, index: int) -> None:
        iban, _bic = MEMBER_IBANS[index]
        mandate_sign(member=member, iban=iban, account_holder=member.name, agree=True, ip_address="192.0.2.10")

    def join(self) -> None:
        """A resident applies in February; the board admits her; she signs a mandate in March."""
        user = UserFactory(first_name="Fenna", last_name="Kok", email="fenna@example.nl")
        applicant = member_apply(
            cooperative=self.coop,
            user=user,
            street="Esdoornstraat 3",
            postal_code="2564 CD",
            city="Den Haag",
            licence_number="5099999999",
            licence_expires_on=dt.date(YEAR + 5, 1, 1),
        )
        admitted = member_admit(member=applicant, by=self.board)
        self.members.append(admitted)

    # --- money the bank sees ------------------------------------------------------------

    def bank_on(self, day: dt.date) -> Bank:
        layout = [layout for start, layout in BANK_FROM if start <= day][-1]
        return self.banks[layout]

    def move_account(self, layout: str) -> None:
        _name, iban, bic = BANKS[layout]
        # The board enters the new account in the cooperative's details.
        Cooperative.objects.filter(pk=self.coop.pk).update(iban=iban, bic=bic)
        self.coop.refresh_from_db()

    def bank_saw(self) -> dict[int, int]:
        saw: dict[int, int] = defaultdict(int)
        for bank in self.banks.values():
            for member_id, cents in bank.imported_from_members().items():
                saw[member_id] += cents
        return dict(saw)

    def import_day(self, day: dt.date) -> None:
        """The treasurer imports the day's file of each bank: ING and Rabobank on the bank
        page (the service), ABN AMRO with `manage.py bank_import` (the stable command)."""
        for bank in self.banks.values():
            if day in bank.days and day not in bank.imported:
                bank.imported.add(day)
                data = bank.statement(day)
                name = f"{bank.name.replace(' ', '')}-{day:%Y%m%d}.{'sta' if bank.layout == ING else 'xml'}"
                self.step(f"{day} bank_import {bank.name}", lambda data=data, name=name: self.import_file(data, name))
                self.result.counts[f"files_{bank.layout}"] += 1

    def import_file(self, data: bytes, name: str) -> None:
        if name.startswith("ABNAMRO"):
            path = self.tmp / name
            path.write_bytes(data)
            call_command("bank_import", "--coop", self.coop.slug, str(path), stdout=io.StringIO())
        else:
            bank_service.bank_import_file(cooperative=self.coop, data=data, filename=name, by=self.treasurer)

    def export_batch(self) -> None:
        today = dt.datetime.now(TZ).date()
        collection_date = earliest_collection_date(cooperative=self.coop, today=today)
        if not collectable(cooperative=self.coop):
            return  # nothing to collect this month; any other refusal is a finding (the step records it)
        if today.month >= 10:
            # The last quarter's batches through `manage.py sepa_export`; the bank gets the file.
            path = self.tmp / f"incasso-{collection_date:%Y%m%d}.xml"
            call_command(
                "sepa_export",
                "--coop",
                self.coop.slug,
                "--collection-date",
                collection_date.isoformat(),
                "-o",
                str(path),
                stdout=io.StringIO(),
            )
            batch = SepaBatch.objects.filter(cooperative=self.coop).latest("pk")
            xml = path.read_text(encoding="utf-8")
        else:
            batch = sepa_batch_create(cooperative=self.coop, collection_date=collection_date, by=self.treasurer)
            xml = batch.xml
        self.result.counts["batches"] += 1
        bank = self.bank_on(collection_date)
        member_by_e2e = dict(batch.collections.values_list("end_to_end_id", "member_id"))
        for block in pain008_blocks(xml):
            members: dict[int, int] = defaultdict(int)
            for c in block.collections:
                members[member_by_e2e[c.end_to_end_id]] += c.amount_cents
                self.result.counts["collections"] += 1
            bank.book(
                collection_date, Entry("batch", block.total_cents, bank.next_ref(), block=block, members=dict(members))
            )
        self.at(
            dt.datetime.combine(collection_date, dt.time(6)),
            f"bank files {collection_date}",
            lambda: self.import_day(collection_date),
        )
        self.last_batch = batch

    def storno(self, member: Member, reason: str = "MD06") -> None:
        """The member's bank returns their last collection (refund within 8 weeks)."""
        batch = SepaBatch.objects.filter(cooperative=self.coop).order_by("-pk").first()
        assert batch is not None, "no batch to return a collection of"
        collection = batch.collections.select_related("mandate").get(member=member)
        today = dt.datetime.now(TZ).date()
        bank = self.bank_on(today)
        bank.book(
            today,
            Entry(
                "return",
                -collection.amount_cents,
                bank.next_ref(),
                name=collection.mandate.account_holder,
                iban=collection.mandate.iban,
                bic=collection.mandate.bic,
                text="Terugboeking incasso",
                end_to_end_id=collection.end_to_end_id,
                mandate_reference=collection.mandate.reference,
                reason=reason,
                members={member.pk: -collection.amount_cents},
            ),
        )
        self.result.counts["returns"] += 1
        self.import_day(today)

    def transfer(self, member: Member, import_on: dt.date | None = None) -> None:
        """A member without mandate pays their last statement by transfer, with its reference
        (the bank's file imported at once, or on `import_on`)."""
        statement = Statement.objects.filter(member=member).order_by("-period_end").first()
        if statement is None or statement.amount_due_cents <= 0:
            return
        today = dt.datetime.now(TZ).date()
        bank = self.bank_on(today)
        iban, bic = MEMBER_IBANS[4]
        bank.book(
            today,
            Entry(
                "transfer",
                statement.amount_due_cents,
                bank.next_ref(),
                name=member.name,
                iban=iban,
                bic=bic,
                text=f"Afschrift {statement.number} kenmerk {statement.payment_reference}",
                members={member.pk: statement.amount_due_cents},
            ),
        )
        self.result.counts["transfers"] += 1
        if import_on is None:
            self.import_day(today)
        else:
            self.at(
                dt.datetime.combine(import_on, dt.time(10)),
                f"late bank file of {today}",
                lambda: self.import_day(today),
            )

    def car_cost_from_bank(self, vehicle, category: str, text: str, cents: int, spread: int, payee) -> None:
        today = dt.datetime.now(TZ).date()
        car_cost_create(
            vehicle=vehicle,
            category=category,
            description=text,
            amount_cents=cents,
            incurred_on=today,
            spread_months=spread,
            created_by=self.treasurer,
        )
        bank = self.bank_on(today)
        iban, bic, name = payee
        bank.book(today, Entry("outgoing", -cents, bank.next_ref(), name=name, iban=iban, bic=bic, text=text))
        self.import_day(today)

    # --- trips ----------------------------------------------------------------------------

    def price(self, starts: dt.datetime, km: int, hours: int) -> int:
        _from, per_km, per_hour, cap = [t for t in self.tariffs if t[0] <= starts.date()][-1]
        euros = per_km * km + min(per_hour * hours, cap)
        return int((euros * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    def trip(self, member_index: int, vehicle, starts: dt.datetime, hours: int, km: int, end_on=None) -> None:
        """Book the evening before, pick the car up at the start, bring it back at the end
        (the end reading recorded at `end_on` when that is later: a late job)."""
        ends = starts + dt.timedelta(hours=hours)
        state: dict[str, object] = {}

        def book() -> None:
            member = self.members[member_index]
            state["member"] = member
            state["reservation"] = reservation_create(
                member=member, vehicle=vehicle, starts_at=local(starts), ends_at=local(ends)
            )

        def start() -> None:
            start_km = self.odometer[vehicle.pk]
            self.odometer[vehicle.pk] = start_km + km
            trip = trip_start(reservation=state["reservation"], odometer_km=start_km, by=state["member"])
            state["trip"], state["km"] = trip, start_km + km

        def finish() -> None:
            trip = trip_end(trip=state["trip"], odometer_km=state["km"], by=state["member"])
            self.expected_price[trip.pk] = self.price(starts, km, hours)
            self.result.counts["trips"] += 1

        label = f"trip {starts:%m-%d} member {member_index + 1} {vehicle.plate}"
        self.at(starts - dt.timedelta(hours=14), f"book {label}", book)
        self.at(starts, f"start {label}", start)
        self.at(end_on or ends, f"end {label}", finish)

    def plan_trips(self) -> None:
        for month in range(1, 13):
            for idx in range(6 if month >= 3 else 5):
                day = 3 + 4 * idx
                car = self.car_a if (idx + month) % 2 == 0 else self.car_b
                if month == 4 and day <= 12:
                    car = self.car_a  # car B waits for the late end reading of 31 March
                self.trip(
                    idx, car, dt.datetime(YEAR, month, day, 10), hours=2 + (idx + month) % 3, km=20 + 7 * idx + month
                )
        # The late job: a trip of 30-31 March whose end reading comes in on 12 April, after
        # the first quarter was settled.
        self.trip(2, self.car_b, dt.datetime(YEAR, 3, 30, 18), 18, 80, end_on=dt.datetime(YEAR, 4, 12, 20))

    # --- the year's calendar -------------------------------------------------------------------

    def plan(self) -> None:
        self.plan_trips()
        self.at(
            dt.datetime(YEAR, 1, 5, 11),
            "insurance car A",
            lambda: self.car_cost_from_bank(self.car_a, "insurance", "Verzekering 2026", 60_000, 12, INSURER),
        )
        self.at(dt.datetime(YEAR, 2, 3, 19), "member joins", self.join)
        self.at(
            dt.datetime(YEAR, 2, 10, 20),
            "tariff change decided",
            lambda: self.tariff_decided(
                dt.date(YEAR, 2, 10),
                dt.date(YEAR, 2, 15),
                "0.30",
                "2.50",
                "22.50",
                "6.00",
                "Tariefwijziging 15 februari",
            ),
        )
        self.at(dt.datetime(YEAR, 3, 1, 12), "new member signs a mandate", lambda: self.sign(self.members[5], 5))
        self.at(dt.datetime(YEAR, 4, 1, 8), "account to Rabobank", lambda: self.move_account(RABOBANK))
        self.at(dt.datetime(YEAR, 7, 1, 8), "account to ABN AMRO", lambda: self.move_account(ABN_AMRO))
        # Claims: one decided at once, one submitted at the end of Q1 and approved after its settlement.
        self.claim(dt.datetime(YEAR, 2, 20, 12), dt.datetime(YEAR, 2, 22, 12), 2, self.car_a, "fuel", "Tanken", 4_500)
        self.claim(dt.datetime(YEAR, 3, 31, 20), dt.datetime(YEAR, 4, 12, 12), 5, self.car_b, "fuel", "Laden", 1_234)
        self.claim(dt.datetime(YEAR, 8, 10, 12), dt.datetime(YEAR, 8, 11, 12), 3, self.car_b, "fuel", "Laden", 3_000)
        self.claim(
            dt.datetime(YEAR, 11, 5, 12), dt.datetime(YEAR, 11, 6, 12), 1, self.car_b, "parking", "Parkeren", 1_800
        )
        self.at(
            dt.datetime(YEAR, 5, 12, 11),
            "APK car B",
            lambda: self.car_cost_from_bank(self.car_b, "apk", "APK TR-456-K", 5_500, 1, GARAGE),
        )
        self.at(
            dt.datetime(YEAR, 8, 20, 11),
            "repair car A",
            lambda: self.car_cost_from_bank(self.car_a, "repair", "Reparatie remmen GX-123-B", 24_000, 1, GARAGE),
        )
        # A car cost a member paid is a claim another person decides (four eyes): the
        # treasurer enters it, the board approves it, and only then is the member credited.
        advanced: dict[str, object] = {}

        def advance() -> None:
            advanced["cost"] = car_cost_create(
                vehicle=self.car_b,
                category="maintenance",
                description="Ruitenwissers",
                amount_cents=4_250,
                incurred_on=dt.date(YEAR, 9, 15),
                paid_by_member=self.members[3],
                created_by=self.treasurer,
            )

        self.at(dt.datetime(YEAR, 9, 15, 11), "maintenance car B paid by a member", advance)
        self.at(
            dt.datetime(YEAR, 9, 17, 11),
            "board approves the member's car cost",
            lambda: expense_approve(expense=advanced["cost"].claim, by=self.board),
        )
        for month in range(1, 14):
            first = dt.date(YEAR + (month - 1) // 12, (month - 1) % 12 + 1, 1)
            self.at(
                dt.datetime.combine(first + dt.timedelta(days=1), dt.time(9)),
                f"SEPA batch {first:%Y-%m}",
                self.export_batch,
            )
            if month < 12:
                self.at(
                    dt.datetime.combine(first.replace(day=20), dt.time(12)),
                    f"transfer {first:%Y-%m}",
                    lambda: self.transfer(self.members[4]),
                )
        # December's transfer comes in on the 31st; the treasurer imports that file only on
        # 13 January, after the fourth quarter was closed.
        self.at(
            dt.datetime(YEAR, 12, 31, 12),
            "transfer 2026-12",
            lambda: self.transfer(self.members[4], import_on=dt.date(YEAR + 1, 1, 13)),
        )
        # Member 4's bank returns the May collection.
        self.at(dt.datetime(YEAR, 5, 19, 12), "storno", lambda: self.storno(self.members[3]))
        for label, reserve, reserve_on, settle_at, close_at in QUARTERS:
            if reserve_on is not None:
                self.at(
                    reserve_on,
                    f"reserve {label}",
                    lambda label=label, reserve=reserve: period_set_reserve(
                        period=Period.objects.get(cooperative=self.coop, label=label),
                        amount_cents=reserve,
                        decision_reference=f"ALV: reserve {label}",
                        by=self.treasurer,
                    ),
                )
            self.at(settle_at, f"settle {label}", lambda label=label: self.settle(label))
            self.at(
                close_at,
                f"close {label}",
                lambda label=label: period_close(
                    period=Period.objects.get(cooperative=self.coop, label=label), by=self.treasurer
                ),
            )

    def claim(self, submit_at, approve_at, member_index, vehicle, category, text, cents) -> None:
        holder: dict[str, object] = {}

        def submit() -> None:
            holder["expense"] = expense_submit(
                member=self.members[member_index],
                description=text,
                amount_cents=cents,
                spent_on=submit_at.date(),
                category=category,
                vehicle=vehicle,
            )

        self.at(submit_at, f"claim {text}", submit)
        self.at(approve_at, f"approve {text}", lambda: expense_approve(expense=holder["expense"], by=self.treasurer))

    def settle(self, label: str) -> None:
        """Simulate, then post. The last quarter through `manage.py settle` (the stable command)."""
        simulated = settlement_run(cooperative=self.coop, period=label, simulate=True)
        if label.endswith("Q4"):
            call_command("settle", "--coop", self.coop.slug, "--period", label, "--simulate", stdout=io.StringIO())
            call_command("settle", "--coop", self.coop.slug, "--period", label, stdout=io.StringIO())
            settlement = Settlement.objects.get(period__cooperative=self.coop, period__label=label)
            posted = sum(settlement.lines.values_list("difference_cents", flat=True))
        else:
            result = settlement_run(cooperative=self.coop, period=label, posted_by=self.treasurer)
            assert result.created, f"{label} was settled before"
            posted = result.total_difference_cents
        assert simulated.total_difference_cents == posted, "the posted settlement differs from its simulation"
        self.result.counts["settlements"] += 1

    # --- nights and months -------------------------------------------------------------------

    def plan_nights(self, day: dt.date) -> None:
        """deel/periodic.py's schedule for one day, as Celery beat would run it."""
        if day.day == 1:
            self.at(dt.datetime.combine(day, dt.time(2)), "monthly_books", ledger_tasks.monthly_books)
        self.at(dt.datetime.combine(day, dt.time(2, 30)), "charge_pending_trips", ledger_tasks.charge_pending_trips)
        # The jobs whose outcome the money checks do not read (mails, lapsing after 36 months)
        # run on Mondays and on the 1st instead of daily: a third of the year's time otherwise.
        if day.weekday() == 0 or day.day == 1:
            self.at(dt.datetime.combine(day, dt.time(3, 30)), "lapse_mandates", payment_jobs.lapse_mandates)
            self.at(dt.datetime.combine(day, dt.time(7)), "run_arrears", payment_jobs.run_arrears)
            self.at(
                dt.datetime.combine(day, dt.time(7, 5)),
                "scan_due_notifications",
                reservation_tasks.scan_due_notifications_task,
            )

    def run_checks(self, day: dt.date) -> None:
        coop = self.coop
        when = f"{day:%Y-%m-%d}"
        bank_cents = sum(bank.imported_balance() for bank in self.banks.values())
        bank_saw = self.bank_saw()
        self.check("statements_chain", lambda: checks.assert_statements_chain(cooperative=coop), when)
        self.check("settlements_on_statements", lambda: checks.assert_settlements_on_statements(cooperative=coop), when)
        self.check("trial_balance_zero", lambda: checks.assert_trial_balance_zero(cooperative=coop, until=day), when)
        self.check(
            "collections_booked_once",
            lambda: checks.assert_collections_booked_once(cooperative=coop, bank_cents=bank_cents, until=day),
            when,
        )
        self.check("result_equals_reserve", lambda: checks.assert_result_equals_reserve(cooperative=coop), when)
        self.check("reserve_account", lambda: checks.assert_reserve_account(cooperative=coop, until=day), when)
        self.check(
            "member_balances",
            lambda: checks.assert_member_balances(cooperative=coop, bank_saw=bank_saw, until=day),
            when,
        )
        self.check(
            "trips_charged",
            lambda: checks.assert_trips_charged(cooperative=coop, expected=self.expected_price),
            when,
        )

    def run(self) -> YearResult:
        started, cpu_started = time.perf_counter(), time.process_time()
        self.setup()
        self.plan()
        day = dt.date(YEAR, 1, 1)
        now = dt.time(0)
        while day <= END:
            self.plan_nights(day)
            now = dt.time(0)
            # In time order; an event may plan another one for today (a bank file): it runs next.
            while self.events.get(day):
                self.events[day].sort(key=lambda e: e[0])
                moment, label, action = self.events[day].pop(0)
                now = max(now, moment)
                self.move(dt.datetime.combine(day, now))
                self.step(f"{day} {moment:%H:%M} {label}", action)
            self.events.pop(day, None)
            tomorrow = day + dt.timedelta(days=1)
            if tomorrow.day == 1 or day == END:
                self.move(dt.datetime.combine(day, dt.time(23, 30)))
                self.run_checks(day)
            day = tomorrow
        self.check(
            "quarters_settled_and_closed",
            lambda: checks.assert_settlements_posted(cooperative=self.coop, labels=[q[0] for q in QUARTERS]),
            "end",
        )
        self.result.seconds = time.perf_counter() - started
        self.result.cpu_seconds = time.process_time() - cpu_started
        return self.result


def run_year() -> YearResult:
    with (
        tempfile.TemporaryDirectory(prefix="deel-year-") as tmp,
        time_machine.travel(dt.datetime(YEAR - 1, 12, 15, 10, tzinfo=TZ), tick=False) as traveller,
    ):
        year = Year(traveller)
        year.tmp = pathlib.Path(tmp)
        return year.run()
