from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Cooperative, Member
from vehicles.models import Vehicle


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
    SUSPENSE = "suspense", _("Nog te verwerken")


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

    def __str__(self):
        return f"{self.code} {self.name}"


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Afgesloten")


class Period(models.Model):
    """A settlement period (month, quarter or year per the statutes), e.g. label "2026-Q3"."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="periods")
    label = models.CharField(_("periode"), max_length=10)
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    status = models.CharField(_("status"), max_length=6, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("periode")
        verbose_name_plural = _("periodes")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "label"], name="period_label_unique_per_coop"),
            models.CheckConstraint(condition=models.Q(starts_on__lte=models.F("ends_on")), name="period_start_le_end"),
        ]

    def __str__(self):
        return self.label


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
        indexes = [models.Index(fields=["cooperative", "date"])]

    def __str__(self):
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

    def __str__(self):
        return f"{self.account.code} {self.amount_cents}"
