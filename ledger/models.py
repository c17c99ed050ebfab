from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import ActorEvent, Cooperative, Member
from vehicles.models import Vehicle, VehicleClass


class AccountType(models.TextChoices):
    ASSET = "asset", _("Bezit")
    LIABILITY = "liability", _("Schuld")
    EQUITY = "equity", _("Eigen vermogen")
    INCOME = "income", _("Opbrengst")
    EXPENSE = "expense", _("Kosten")


class AccountPurpose(models.TextChoices):
    BANK = "bank", _("Bank")
    STRIPE_CLEARING = "stripe_clearing", _("Stripe tussenrekening")
    RECEIVABLE = "receivable", _("Rekening-courant lid")
    MEMBER_CAPITAL = "member_capital", _("Ledenkapitaal")
    MEMBER_LOAN = "member_loan", _("Ledenlening")
    CAR_COST = "car_cost", _("Autokosten")
    USAGE_INCOME = "usage_income", _("Opbrengst gebruik")
    FEE_INCOME = "fee_income", _("Opbrengst contributie")
    SETTLEMENT = "settlement", _("Nacalculatie")
    RESERVE = "reserve", _("Reserve")
    # Equity: where the settled result of a period goes when it is appropriated to the reserve.
    RESULT = "result", _("Resultaatbestemming")
    SUSPENSE = "suspense", _("Nog te verwerken")
    # Money from someone who is not a member (a sponsor, a subsidy): income of the pool.
    OTHER_INCOME = "other_income", _("Overige opbrengsten")
    PENALTY_INCOME = "penalty_income", _("Opbrengst boetes")
    # Liability: the deposits (borg) members paid, owed back when they leave.
    DEPOSIT = "deposit", _("Borg leden")


class CostCategory(models.TextChoices):
    INSURANCE = "insurance", _("Verzekering")
    ROAD_TAX = "road_tax", _("Wegenbelasting")
    APK = "apk", _("APK")
    MAINTENANCE = "maintenance", _("Onderhoud")
    REPAIR = "repair", _("Reparatie")
    DEPRECIATION = "depreciation", _("Afschrijving")
    PARKING = "parking", _("Parkeervergunning")
    FUEL = "fuel", _("Brandstof en laden")
    OTHER = "other", _("Overig")


class Account(models.Model):
    """One account of a cooperative's chart. Member and car accounts carry their member or car."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="accounts")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=120)
    type = models.CharField(_("soort"), max_length=10, choices=AccountType.choices)
    purpose = models.CharField(_("doel"), max_length=20, choices=AccountPurpose.choices)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="accounts")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="accounts")
    category = models.CharField(_("kostensoort"), max_length=14, choices=CostCategory.choices, blank=True)

    class Meta:
        verbose_name = _("rekening")
        verbose_name_plural = _("rekeningen")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "code"], name="account_code_unique_per_coop")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SETTLED = "settled", _("Afgerekend")
    CLOSED = "closed", _("Afgesloten")


class Period(models.Model):
    """A settlement period (month, quarter or year per the statutes), e.g. label "2026-Q3"."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="periods")
    label = models.CharField(_("periode"), max_length=10)
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    status = models.CharField(_("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The reserve contribution the ALV decided for this period, added to the costs at settlement.
    reserve_cents = models.BigIntegerField(_("reserve (centen)"), default=0)
    reserve_decision = models.ForeignKey(
        "governance.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reserve_reference = models.CharField(_("besluit reserve (verwijzing)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("periode")
        verbose_name_plural = _("periodes")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "label"], name="period_label_unique_per_coop"),
            models.CheckConstraint(condition=models.Q(starts_on__lte=models.F("ends_on")), name="period_start_le_end"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def has_ended(self) -> bool:
        return self.ends_on < timezone.localdate()

    @property
    def is_closed(self) -> bool:
        return self.status == PeriodStatus.CLOSED

    @property
    def is_open(self) -> bool:
        """Open for every posting (a settled period takes only its own settlement)."""
        return self.status == PeriodStatus.OPEN


class Transaction(models.Model):
    """A balanced set of postings. `source_key` names what caused it (e.g. "trip:42",
    "stripe:evt_123"): unique per cooperative, so the same source is never booked twice."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="transactions")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="transactions")
    date = models.DateField(_("datum"))
    description = models.CharField(_("omschrijving"), max_length=200)
    source_key = models.CharField(_("bron"), max_length=120)
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "source_key"], name="transaction_source_unique_per_coop")
        ]
        indexes = [
            models.Index(fields=["cooperative", "date"]),
            # The settlement reads the few non-trip transactions of a period; trip charges
            # it reads from TripCharge (ledger.services.settlement).
            models.Index(
                fields=["period"], condition=~models.Q(source_key__startswith="trip:"), name="txn_period_not_trip"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description}"


class Posting(models.Model):
    """One line of a transaction: a signed amount (debit positive, credit negative) in cents.
    Never updated or deleted (database triggers refuse it); corrections are reversals."""

    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="postings")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="postings")

    class Meta:
        verbose_name = _("boekingsregel")
        verbose_name_plural = _("boekingsregels")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=~models.Q(amount_cents=0), name="posting_amount_nonzero")]
        indexes = [models.Index(fields=["account"]), models.Index(fields=["member"])]

    def __str__(self) -> str:
        return f"{self.account.code} {self.amount_cents}"


class Tariff(models.Model):
    """What members pay while driving, valid from a date (until the next tariff of the same
    class). Sub-cent precision is allowed; every posted line is rounded once, half-up."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="tariffs")
    valid_from = models.DateField(_("geldig vanaf"))
    vehicle_class = models.CharField(
        _("klasse"),
        max_length=10,
        choices=VehicleClass.choices,
        blank=True,
        help_text=_("Leeg: voor alle auto's zonder eigen tarief."),
    )
    per_km = models.DecimalField(_("per km (euro)"), max_digits=8, decimal_places=4)
    per_hour = models.DecimalField(_("per uur (euro)"), max_digits=8, decimal_places=4, default=0)
    day_cap = models.DecimalField(
        _("maximum uurtarief per dag (euro)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leeg: geen maximum. Geldt voor de uurprijs per begonnen etmaal."),
    )
    monthly_fee = models.DecimalField(_("contributie per maand (euro)"), max_digits=8, decimal_places=2, default=0)
    # Electric cars (ledger.ev): what a member gets per kWh charged at home, and the fee for
    # returning a car below the rules' battery minimum. Both decided like the other prices.
    per_kwh = models.DecimalField(
        _("thuis laden: vergoeding per kWh (euro)"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Leeg: thuis laden wordt niet per kWh vergoed."),
    )
    decision = models.ForeignKey(
        "governance.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tariffs",
        verbose_name=_("besluit"),
    )
    decision_reference = models.CharField(
        _("besluit (verwijzing)"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: ALV 12 maart 2026, punt 5.")
    )
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tarief")
        verbose_name_plural = _("tarieven")
        ordering = ["-valid_from", "vehicle_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "valid_from", "vehicle_class"], name="tariff_unique_per_date_class"
            ),
            models.CheckConstraint(
                condition=models.Q(per_km__gte=0) & models.Q(per_hour__gte=0) & models.Q(monthly_fee__gte=0),
                name="tariff_nonnegative",
                violation_error_message=_("Een tarief kan niet negatief zijn."),
            ),
            models.CheckConstraint(
                condition=models.Q(day_cap__isnull=True) | models.Q(day_cap__gte=0),
                name="tariff_day_cap_nonnegative",
                violation_error_message=_("Een tarief kan niet negatief zijn."),
            ),
            models.CheckConstraint(
                condition=models.Q(per_kwh__isnull=True) | models.Q(per_kwh__gte=0),
                name="tariff_ev_nonnegative",
                violation_error_message=_("Een tarief kan niet negatief zijn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from} {self.vehicle_class or '*'}"


class TripCharge(models.Model):
    """A finished trip charged to its member: the figures statements and settlements read."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="trip_charges")
    trip = models.OneToOneField("reservations.Trip", on_delete=models.PROTECT, related_name="charge")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="trip_charges")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="trip_charges")
    tariff = models.ForeignKey(Tariff, on_delete=models.PROTECT, related_name="charges")
    # None for a free trip (nothing to post; it still counts for the settlement key).
    transaction = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="trip_charge"
    )
    date = models.DateField(_("datum"))
    km = models.PositiveIntegerField(_("km"))
    minutes = models.PositiveIntegerField(_("minuten"))
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))

    class Meta:
        verbose_name = _("ritkosten")
        verbose_name_plural = _("ritkosten")
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["cooperative", "date"]),
            models.Index(fields=["member", "date"]),
            # The settlement's aggregate per car and member reads this index only (PostgreSQL).
            models.Index(
                fields=["cooperative", "date", "vehicle", "member", "km", "minutes", "amount_cents"],
                name="tripcharge_settlement_keys",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trip_id}: {self.amount_cents}"


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Ingediend")
    APPROVED = "approved", _("Goedgekeurd")
    REFUSED = "refused", _("Afgewezen")


class Expense(models.Model):
    """An expense claim (declaratie): a member paid something for the cooperative."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="expenses")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="expenses")
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="expenses", verbose_name=_("auto")
    )
    receipt = models.OneToOneField(
        "reservations.Receipt", on_delete=models.PROTECT, null=True, blank=True, related_name="expense"
    )
    category = models.CharField(_("soort"), max_length=14, choices=CostCategory.choices, default=CostCategory.FUEL)
    description = models.CharField(_("omschrijving"), max_length=200)
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    spent_on = models.DateField(_("betaald op"))
    attachment = models.FileField(_("bon"), upload_to="expenses/", blank=True)
    # A home-charging claim (ledger.ev): the kWh and the rate it was paid at.
    kwh = models.DecimalField(_("kWh"), max_digits=9, decimal_places=3, null=True, blank=True)
    per_kwh = models.DecimalField(_("per kWh (euro)"), max_digits=8, decimal_places=4, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.SUBMITTED
    )
    decided_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    refusal_reason = models.CharField(_("reden afwijzing"), max_length=200, blank=True)
    transaction = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="expense"
    )
    # A car cost paid by a member (CarCost.paid_by_member) is this claim: posted once decided.
    car_cost = models.OneToOneField(
        "CarCost", on_delete=models.PROTECT, null=True, blank=True, related_name="claim", verbose_name=_("autokosten")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("declaratie")
        verbose_name_plural = _("declaraties")
        ordering = ["-spent_on", "-pk"]
        constraints = [
            # Negative only as a car cost's correction (the treasurer's, with a reason).
            models.CheckConstraint(
                condition=models.Q(amount_cents__gt=0) | (models.Q(car_cost__isnull=False) & ~models.Q(amount_cents=0)),
                name="expense_amount_positive_or_correction",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(transaction__isnull=False),
                name="expense_approved_is_posted",
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "status"])]

    def __str__(self) -> str:
        return f"{self.description} {self.amount_cents}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ExpenseStatus.SUBMITTED

    @property
    def is_approved(self) -> bool:
        return self.status == ExpenseStatus.APPROVED

    @property
    def is_refused(self) -> bool:
        return self.status == ExpenseStatus.REFUSED


class CarCost(models.Model):
    """A car cost entered by the treasurer or caretaker, posted at once or spread over months."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="car_costs")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="costs", verbose_name=_("auto"))
    category = models.CharField(_("kostensoort"), max_length=14, choices=CostCategory.choices)
    description = models.CharField(_("omschrijving"), max_length=200)
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    incurred_on = models.DateField(_("datum"))
    spread_months = models.PositiveSmallIntegerField(
        _("spreiden over (maanden)"), default=1, help_text=_("1: in één keer. 12: een jaarpremie per maand.")
    )
    paid_by_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voorgeschoten door lid"),
        help_text=_("Leeg: betaald van de bankrekening."),
    )
    correction_reason = models.CharField(
        _("reden correctie"), max_length=200, blank=True, help_text=_("Verplicht bij een negatief bedrag.")
    )
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("autokosten")
        verbose_name_plural = _("autokosten")
        ordering = ["-incurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount_cents=0), name="carcost_amount_nonzero"),
            models.CheckConstraint(
                condition=models.Q(spread_months__gte=1) & models.Q(spread_months__lte=60),
                name="carcost_spread_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle_id} {self.category} {self.amount_cents}"


class StatementSequence(models.Model):
    """The last statement number used per cooperative and year (locked to keep numbers gapless)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cooperative", "year"], name="statementseq_unique")]

    def __str__(self) -> str:
        return f"{self.cooperative_id} {self.year}: {self.last}"


class Statement(models.Model):
    """A member's statement (afschrift) of a period: numbered gaplessly per cooperative and year.

    `amount_due_cents`: positive = the member has to pay, negative = the cooperative refunds.
    `payment_reference`: what the member types in a bank transfer (unique per cooperative).
    """

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="statements")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="statements")
    number = models.CharField(_("nummer"), max_length=12)
    period_start = models.DateField(_("van"))
    period_end = models.DateField(_("tot en met"))
    opening_balance_cents = models.BigIntegerField(_("beginsaldo (centen)"))
    closing_balance_cents = models.BigIntegerField(_("eindsaldo (centen)"))
    amount_due_cents = models.BigIntegerField(_("te betalen (centen)"))
    payment_reference = models.CharField(_("betalingskenmerk"), max_length=20)
    issued_at = models.DateTimeField(_("opgemaakt op"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("afschrift")
        verbose_name_plural = _("afschriften")
        ordering = ["-period_end", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="statement_number_unique"),
            models.UniqueConstraint(fields=["cooperative", "payment_reference"], name="statement_reference_unique"),
            models.UniqueConstraint(
                fields=["member", "period_start", "period_end"], name="statement_once_per_member_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="statement_start_le_end"
            ),
        ]
        indexes = [models.Index(fields=["member", "-period_end"])]

    def __str__(self) -> str:
        return self.number


class StatementLineKind(models.TextChoices):
    TRIP = "trip", _("Rit")
    FEE = "fee", _("Contributie")
    EXPENSE = "expense", _("Declaratie")
    SETTLEMENT = "settlement", _("Nacalculatie")
    OTHER = "other", _("Betaling of overige boeking")


class StatementLine(models.Model):
    """One posting on a member's account as a statement showed it, copied at issue (a
    snapshot: later postings never change it). Each posting is on at most one statement."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    posting = models.OneToOneField(Posting, on_delete=models.PROTECT, related_name="statement_line")
    kind = models.CharField(_("soort"), max_length=10, choices=StatementLineKind.choices)
    date = models.DateField(_("datum"))
    description = models.CharField(_("omschrijving"), max_length=200)
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    # A trip: its car, km and minutes as charged.
    plate = models.CharField(_("kenteken"), max_length=12, blank=True)
    km = models.PositiveIntegerField(_("km"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("minuten"), null=True, blank=True)
    # A settlement: its per-car explanation is in the settlement's car lines.
    settlement = models.ForeignKey(
        "Settlement", on_delete=models.PROTECT, null=True, blank=True, related_name="statement_lines"
    )

    class Meta:
        verbose_name = _("afschriftregel")
        verbose_name_plural = _("afschriftregels")
        ordering = ["date", "posting_id"]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.amount_cents}"

    @property
    def hours(self) -> float | None:
        """For display only."""
        return None if self.minutes is None else self.minutes / 60


class SettlementStatus(models.TextChoices):
    POSTED = "posted", _("Geboekt")


class Settlement(models.Model):
    """A posted settlement (nacalculatie) of one period: at most one per period."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="settlements")
    period = models.OneToOneField(Period, on_delete=models.PROTECT, related_name="settlement")
    # None when there was nothing to post (every difference zero).
    transaction = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="settlement"
    )
    cost_cents = models.BigIntegerField(_("kosten (centen)"))
    income_cents = models.BigIntegerField(_("opbrengst (centen)"))
    reserve_cents = models.BigIntegerField(_("reserve (centen)"))
    key = models.CharField(_("verdeelsleutel"), max_length=10)
    scope = models.CharField(_("afrekenen"), max_length=10)
    posted_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    posted_at = models.DateTimeField(_("geboekt op"))

    class Meta:
        verbose_name = _("afrekening")
        verbose_name_plural = _("afrekeningen")
        ordering = ["-period__starts_on"]

    def __str__(self) -> str:
        return f"{self.period}"


class SettlementLine(models.Model):
    """One member's share in a posted settlement."""

    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="lines")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="settlement_lines")
    km = models.PositiveIntegerField(_("km"))
    minutes = models.PositiveIntegerField(_("minuten"))
    paid_cents = models.BigIntegerField(_("betaald via tarief (centen)"))
    share_cents = models.BigIntegerField(_("aandeel in kosten (centen)"))
    difference_cents = models.BigIntegerField(_("verschil (centen)"))
    # How the difference came about, fixed at posting: one entry per car the member drove
    # and one (vehicle None) for their part of the pool (fees, costs without a car, the
    # reserve, cars nobody drove); the entries' differences add up to difference_cents.
    # Each entry: [vehicle id, km, minutes, paid cents, difference cents, the car's cost
    # cents, the car's km, 1 if the car's difference went to the pool]; for the pool: the
    # pool's total and everyone's km as the car's. (Compact JSON, not a row per car: a
    # large settlement has tens of thousands; see CAR_ENTRY in ledger.services.settlement.)
    cars = models.JSONField(_("per auto"), default=list, blank=True)

    class Meta:
        verbose_name = _("afrekenregel")
        verbose_name_plural = _("afrekenregels")
        ordering = ["member_id"]
        constraints = [models.UniqueConstraint(fields=["settlement", "member"], name="settlementline_unique")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.difference_cents}"


class LedgerEventKind(models.TextChoices):
    TARIFF_CREATED = "tariff_created", _("Tarief vastgelegd")
    RESERVE_SET = "reserve_set", _("Reserve vastgelegd")
    SETTLEMENT_POSTED = "settlement_posted", _("Nacalculatie geboekt")
    PERIOD_CLOSED = "period_closed", _("Periode afgesloten")
    EXPENSE_APPROVED = "expense_approved", _("Declaratie goedgekeurd")
    EXPENSE_REFUSED = "expense_refused", _("Declaratie afgewezen")
    CAR_COST_CREATED = "car_cost_created", _("Autokosten geboekt")
    PENALTY_RATE_SET = "penalty_rate_set", _("Boetetarief vastgelegd")
    PENALTY_POSTED = "penalty_posted", _("Boete opgelegd")
    PENALTY_DISPUTED = "penalty_disputed", _("Bezwaar tegen boete")
    DISPUTE_UPHELD = "dispute_upheld", _("Boete gehandhaafd")
    DISPUTE_GRANTED = "dispute_granted", _("Boete teruggedraaid")
    DEPOSIT_CHARGED = "deposit_charged", _("Borg in rekening gebracht")
    DEPOSIT_RETURNED = "deposit_returned", _("Borg terugbetaald")


class LedgerEvent(ActorEvent):
    """A decision in the books, by whom and when (STYLE 16): tariffs, reserves, settlements,
    closings, claims and car costs. Appended, never changed; the board reads it on the
    object's page (the tariffs page shows who set each tariff)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="ledger_events")
    kind = models.CharField(_("gebeurtenis"), max_length=20, choices=LedgerEventKind.choices)
    tariff = models.ForeignKey(Tariff, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    expense = models.ForeignKey(Expense, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    car_cost = models.ForeignKey(CarCost, on_delete=models.PROTECT, null=True, blank=True, related_name="events")

    class Meta:
        verbose_name = _("gebeurtenis boekhouding")
        verbose_name_plural = _("gebeurtenissen boekhouding")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["cooperative", "kind", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PROPOSED = "proposed", _("Voorgelegd aan de ALV")
    ADOPTED = "adopted", _("Vastgesteld")


class Budget(models.Model):
    """A financial year's budget (begroting): the expected costs per car and cost category, the
    expected use, and the tariff parameters from which DEEL calculates the tariff to propose
    (ledger.budgeting). Edited while a draft; proposed to the ALV as a tariff proposal; adopted
    by that decision, which then sets the tariff."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("boekjaar"))
    status = models.CharField(_("status"), max_length=10, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT)
    # The reserve contribution planned for the year (the reserve policy), added to the costs.
    reserve_cents = models.BigIntegerField(_("reserve (centen)"), default=0)
    # The tariff parameters the board chooses; the price per km is what balances the budget.
    per_hour = models.DecimalField(_("per uur (euro)"), max_digits=8, decimal_places=4, default=0)
    day_cap = models.DecimalField(
        _("maximum uurtarief per dag (euro)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    monthly_fee = models.DecimalField(_("contributie per maand (euro)"), max_digits=8, decimal_places=2, default=0)
    expected_members = models.PositiveIntegerField(_("verwacht aantal leden"), default=0)
    valid_from = models.DateField(_("tarief geldig vanaf"))
    proposal = models.OneToOneField(
        "governance.Proposal", on_delete=models.PROTECT, null=True, blank=True, related_name="budget"
    )
    decision = models.OneToOneField(
        "governance.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="budget"
    )
    tariff = models.OneToOneField(Tariff, on_delete=models.PROTECT, null=True, blank=True, related_name="budget")
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("begroting")
        verbose_name_plural = _("begrotingen")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "year"], name="budget_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(reserve_cents__gte=0)
                & models.Q(per_hour__gte=0)
                & models.Q(monthly_fee__gte=0)
                & (models.Q(day_cap__isnull=True) | models.Q(day_cap__gte=0)),
                name="budget_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}"

    @property
    def is_draft(self) -> bool:
        return self.status == BudgetStatus.DRAFT


class BudgetLine(models.Model):
    """The expected cost of one category for one car (or, without a car, for the cooperative)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    category = models.CharField(_("kostensoort"), max_length=14, choices=CostCategory.choices)
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["vehicle_id", "category"]
        constraints = [
            # One line per car and category, and one per category for the cooperative's own costs
            # (two partial indexes: both databases treat NULLs as distinct in a plain one).
            models.UniqueConstraint(
                fields=["budget", "vehicle", "category"],
                condition=models.Q(vehicle__isnull=False),
                name="budgetline_unique_per_car",
            ),
            models.UniqueConstraint(
                fields=["budget", "category"],
                condition=models.Q(vehicle__isnull=True),
                name="budgetline_unique_general",
            ),
            models.CheckConstraint(condition=models.Q(amount_cents__gte=0), name="budgetline_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id} {self.vehicle_id or '-'} {self.category}: {self.amount_cents}"


class BudgetUsage(models.Model):
    """The expected use of one car in the budget year: km, and hours charged (after the day cap)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="usage")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="+")
    expected_km = models.PositiveIntegerField(_("verwachte km"))
    expected_hours = models.PositiveIntegerField(_("verwachte uren"), default=0)

    class Meta:
        verbose_name = _("verwacht gebruik")
        verbose_name_plural = _("verwacht gebruik")
        ordering = ["vehicle_id"]
        constraints = [models.UniqueConstraint(fields=["budget", "vehicle"], name="budgetusage_unique")]

    def __str__(self) -> str:
        return f"{self.budget_id} {self.vehicle_id}: {self.expected_km} km"


class BudgetEventKind(models.TextChoices):
    CREATED = "created", _("Begroting opgesteld")
    CHANGED = "changed", _("Begroting gewijzigd")
    PROPOSED = "proposed", _("Voorgelegd aan de ALV")
    ADOPTED = "adopted", _("Vastgesteld door de ALV")
    REJECTED = "rejected", _("Verworpen door de ALV")


class BudgetEvent(ActorEvent):
    """Who drew up, changed, proposed a budget, and the decision on it (STYLE 16)."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("gebeurtenis"), max_length=10, choices=BudgetEventKind.choices)

    class Meta:
        verbose_name = _("gebeurtenis begroting")
        verbose_name_plural = _("gebeurtenissen begroting")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


# Penalties (the ALV's rates on a tariff, imposed, disputed) and deposits (borg):
# services in ledger.penalties and ledger.deposits.


class PenaltyKind(models.TextChoices):
    LATE_RETURN = "late_return", _("Te laat terugbrengen (per begonnen kwartier)")
    LOW_ENERGY = "low_energy", _("Te weinig brandstof of accu")
    NO_SHOW = "no_show", _("Niet komen opdagen")
    CLEANING = "cleaning", _("Schoonmaken")
    UNREPORTED_DAMAGE = "unreported_damage", _("Niet gemelde schade")


# Kinds a caretaker records with a reason; the others follow from what was recorded.
RECORDED_KINDS = (PenaltyKind.LOW_ENERGY, PenaltyKind.CLEANING, PenaltyKind.UNREPORTED_DAMAGE)
# The late-return penalty counts every started quarter of an hour.
LATE_UNIT_MINUTES = 15


class PenaltyRate(models.Model):
    """One penalty line of a tariff: the amount per unit (per started quarter for a late
    return, per event for the others). The tariff links to the decision that set it."""

    tariff = models.ForeignKey(Tariff, on_delete=models.PROTECT, related_name="penalty_rates", verbose_name=_("tarief"))
    kind = models.CharField(_("soort"), max_length=20, choices=PenaltyKind.choices)
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("boetetarief")
        verbose_name_plural = _("boetetarieven")
        ordering = ["tariff", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["tariff", "kind"], name="penaltyrate_once_per_tariff"),
            models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="penaltyrate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.tariff} {self.kind} {self.amount_cents}"


class Penalty(models.Model):
    """A penalty imposed on a member, posted to their account once (`source_key`).
    Never changed: a granted dispute reverses its transaction."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="penalties")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="penalties", verbose_name=_("lid"))
    kind = models.CharField(_("soort"), max_length=20, choices=PenaltyKind.choices)
    rate = models.ForeignKey(PenaltyRate, on_delete=models.PROTECT, related_name="penalties")
    reservation = models.ForeignKey(
        "reservations.Reservation", on_delete=models.PROTECT, null=True, blank=True, related_name="penalties"
    )
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="penalties")
    units = models.PositiveIntegerField(_("aantal"), default=1)
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    reason = models.CharField(_("reden"), max_length=200)
    transaction = models.OneToOneField(Transaction, on_delete=models.PROTECT, related_name="penalty")
    source_key = models.CharField(_("bron"), max_length=120)
    # None: imposed automatically (a late return or no-show as recorded).
    recorded_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("opgelegd door")
    )
    recorded_at = models.DateTimeField(_("opgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("boete")
        verbose_name_plural = _("boetes")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "source_key"], name="penalty_once_per_source"),
            models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="penalty_positive"),
        ]
        indexes = [models.Index(fields=["member", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.member_id} {self.amount_cents}"


class DisputeOutcome(models.TextChoices):
    OPEN = "open", _("Ligt bij het bestuur")
    UPHELD = "upheld", _("Boete blijft staan")
    GRANTED = "granted", _("Boete teruggedraaid")


class PenaltyDispute(models.Model):
    """The member's one dispute (bezwaar) of a penalty and the board's decision on it."""

    penalty = models.OneToOneField(Penalty, on_delete=models.PROTECT, related_name="dispute")
    text = models.TextField(_("bezwaar"))
    submitted_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    outcome = models.CharField(_("besluit"), max_length=8, choices=DisputeOutcome.choices, default=DisputeOutcome.OPEN)
    decision_note = models.CharField(_("toelichting bestuur"), max_length=200, blank=True)
    decided_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    reversal = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="penalty_dispute"
    )

    class Meta:
        verbose_name = _("bezwaar tegen boete")
        verbose_name_plural = _("bezwaren tegen boetes")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="granted") | models.Q(reversal__isnull=False),
                name="dispute_granted_is_reversed",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="open") | models.Q(decided_by__isnull=False),
                name="dispute_decided_has_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.penalty_id}: {self.outcome}"

    @property
    def is_open(self) -> bool:
        return self.outcome == DisputeOutcome.OPEN

    @property
    def is_granted(self) -> bool:
        return self.outcome == DisputeOutcome.GRANTED

    @property
    def is_upheld(self) -> bool:
        return self.outcome == DisputeOutcome.UPHELD


class Deposit(models.Model):
    """A member's (or household's) deposit (borg), held on the deposit liability account
    from its charge until it is returned (the charge reversed) when they leave."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="deposits")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="deposits", verbose_name=_("lid"))
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    charge = models.OneToOneField(Transaction, on_delete=models.PROTECT, related_name="deposit_charged")
    charged_at = models.DateTimeField(_("in rekening gebracht op"), default=timezone.now)
    charged_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    refund = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="deposit_returned"
    )
    returned_at = models.DateTimeField(_("terugbetaald op"), null=True, blank=True)
    returned_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("borg")
        verbose_name_plural = _("borgsommen")
        ordering = ["-charged_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="deposit_positive"),
            # One deposit held per membership at a time.
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(refund__isnull=True), name="deposit_one_held_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.amount_cents}"

    @property
    def is_held(self) -> bool:
        return self.refund_id is None
