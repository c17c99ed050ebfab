"""Payments: Stripe payments and their events, SEPA mandates and batches, bank statement lines.

Every external event (Stripe event id, SEPA end-to-end id, bank line key) is stored once
(unique constraint), so a replay changes nothing (DESIGN "Invariants").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from deel.formats import mask_iban
from ledger.models import Statement, Transaction
from members.models import Cooperative, Member


class PainVersion(models.TextChoices):
    V02 = "pain.008.001.02", "pain.008.001.02"
    V08 = "pain.008.001.08", "pain.008.001.08"


PRENOTIFICATION_DAYS_DEFAULT = 14


class PaymentSettings(models.Model):
    """A cooperative's payment settings: Stripe keys (encrypted), SEPA options, arrears limit."""

    cooperative = models.OneToOneField(Cooperative, on_delete=models.CASCADE, related_name="payment_settings")
    stripe_secret_key_encrypted = models.TextField(blank=True)
    stripe_webhook_secret_encrypted = models.TextField(blank=True)
    stripe_key_hint = models.CharField(_("Stripe-sleutel (begin en eind)"), max_length=20, blank=True)
    pain_version = models.CharField(
        _("versie incassobestand"), max_length=20, choices=PainVersion.choices, default=PainVersion.V02
    )
    # The SEPA rulebook's 14 calendar days, unless the cooperative agreed a shorter period with its
    # members; the mandate a member signs states the period (Mandate.prenotification_days).
    prenotification_days = models.PositiveSmallIntegerField(
        _("vooraankondiging (dagen)"), default=PRENOTIFICATION_DAYS_DEFAULT
    )
    arrears_limit_cents = models.BigIntegerField(
        _("achterstandsgrens (centen)"),
        null=True,
        blank=True,
        help_text=_("Boven deze achterstand (meer dan 28 dagen) kan het lid niet reserveren. Leeg: nooit."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("betaalinstellingen")
        verbose_name_plural = _("betaalinstellingen")

    def __str__(self) -> str:
        return f"{self.cooperative}"

    @property
    def stripe_enabled(self) -> bool:
        return bool(self.stripe_secret_key_encrypted and self.stripe_webhook_secret_encrypted)


class PaymentSettingsChange(models.Model):
    """Who changed which payment settings when: appended by every save that changes something,
    never edited (the keys themselves are never recorded, only that they changed)."""

    # What `changed` may hold, and how the settings page names it.
    LABELS = {
        "stripe_secret_key": _("Stripe-sleutel"),
        "stripe_webhook_secret": _("webhookgeheim"),
        "stripe_removed": _("Stripe-sleutels verwijderd"),
        "pain_version": _("versie incassobestand"),
        "prenotification_days": _("vooraankondiging"),
        "arrears_limit_cents": _("achterstandsgrens"),
        "sepa_creditor_id": _("incassant-ID"),
        "bic": _("BIC"),
    }

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    changed = models.JSONField(_("gewijzigd"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wijziging betaalinstellingen")
        verbose_name_plural = _("wijzigingen betaalinstellingen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cooperative} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def changed_labels(self) -> list[str]:
        return [str(self.LABELS.get(name, name)) for name in self.changed]


class PaymentMethod(models.TextChoices):
    IDEAL = "ideal", _("iDEAL | Wero")
    SEPA_DEBIT = "sepa_debit", _("SEPA-incasso via Stripe")
    BANK_TRANSFER = "bank_transfer", _("Overboeking")
    DIRECT_DEBIT = "direct_debit", _("Automatische incasso")


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Aangemaakt")
    PROCESSING = "processing", _("In behandeling")
    SUCCEEDED = "succeeded", _("Betaald")
    FAILED = "failed", _("Mislukt")
    REFUNDED = "refunded", _("Terugbetaald")
    RETURNED = "returned", _("Gestorneerd")
    CANCELLED = "cancelled", _("Geannuleerd")


class Payment(models.Model):
    """Money a member paid (or tried to pay): online through Stripe, by transfer or by direct debit."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="payments")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="payments")
    statement = models.ForeignKey(
        Statement, on_delete=models.PROTECT, null=True, blank=True, related_name="payments", verbose_name=_("afschrift")
    )
    method = models.CharField(_("betaalwijze"), max_length=14, choices=PaymentMethod.choices)
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    refunded_cents = models.BigIntegerField(_("terugbetaald (centen)"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.CREATED)
    attempt = models.PositiveSmallIntegerField(default=1)
    stripe_payment_intent_id = models.CharField(max_length=80, null=True, blank=True, unique=True)
    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    paid_on = models.DateField(_("betaald op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("betaling")
        verbose_name_plural = _("betalingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="payment_amount_positive"),
        ]
        indexes = [models.Index(fields=["member", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount_cents} ({self.get_status_display()})"

    @property
    def is_succeeded(self) -> bool:
        return self.status == PaymentStatus.SUCCEEDED

    @property
    def is_failed(self) -> bool:
        return self.status == PaymentStatus.FAILED

    @property
    def is_sepa_debit(self) -> bool:
        return self.method == PaymentMethod.SEPA_DEBIT


class StripeEvent(models.Model):
    """A Stripe webhook event, stored once: a replay of the same event id changes nothing."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    event_id = models.CharField(max_length=80)
    type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=80, blank=True)
    stripe_created = models.BigIntegerField(default=0)
    outcome = models.CharField(max_length=40, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Stripe-gebeurtenis")
        verbose_name_plural = _("Stripe-gebeurtenissen")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "event_id"], name="stripe_event_once_per_coop"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"


class MandateStatus(models.TextChoices):
    ACTIVE = "active", _("Geldig")
    REVOKED = "revoked", _("Ingetrokken")
    LAPSED = "lapsed", _("Vervallen (36 maanden niet gebruikt)")


class Mandate(models.Model):
    """An electronic SEPA direct-debit mandate (machtiging) a member signed."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="mandates")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="mandates")
    reference = models.CharField(_("machtigingskenmerk"), max_length=35)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    account_holder = models.CharField(_("naam rekeninghouder"), max_length=70)
    signed_on = models.DateField(_("ondertekend op"))
    signed_ip = models.GenericIPAddressField(null=True, blank=True)
    # The pre-notification period the mandate text stated when it was signed: never collected sooner.
    prenotification_days = models.PositiveSmallIntegerField(
        _("vooraankondiging (dagen)"), default=PRENOTIFICATION_DAYS_DEFAULT
    )
    status = models.CharField(_("status"), max_length=8, choices=MandateStatus.choices, default=MandateStatus.ACTIVE)
    last_used_on = models.DateField(_("laatst gebruikt op"), null=True, blank=True)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    # Who ended it: the member (revoked, or replaced by a new mandate) or the treasurer; empty when it lapsed.
    ended_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("beëindigd door")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("machtiging")
        verbose_name_plural = _("machtigingen")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "reference"], name="mandate_reference_unique_per_coop"),
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(status="active"), name="mandate_one_active_per_member"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def iban_masked(self) -> str:
        return mask_iban(self.iban)

    @property
    def is_active(self) -> bool:
        return self.status == MandateStatus.ACTIVE


class SepaBatch(models.Model):
    """An exported pain.008 file: what was collected, from whom, on which date."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="sepa_batches")
    message_id = models.CharField(max_length=35, unique=True)
    collection_date = models.DateField(_("incassodatum"))
    pain_version = models.CharField(max_length=20, choices=PainVersion.choices)
    total_cents = models.BigIntegerField(_("totaal (centen)"))
    count = models.PositiveIntegerField(_("aantal"))
    xml = models.TextField()
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # A batch the bank refused or that was never uploaded: its collections are reversed.
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    cancelled_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("incassobatch")
        verbose_name_plural = _("incassobatches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message_id


class CollectionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Ingepland")
    RETURNED = "returned", _("Gestorneerd")
    CANCELLED = "cancelled", _("Geannuleerd")


class SepaCollection(models.Model):
    """One member's direct debit in a batch. The end-to-end id is unique: never collected twice."""

    batch = models.ForeignKey(SepaBatch, on_delete=models.PROTECT, related_name="collections")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="sepa_collections")
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="collections")
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="sepa_collection")
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    end_to_end_id = models.CharField(max_length=35, unique=True)
    sequence_type = models.CharField(max_length=4)
    # The PmtInfId of the file's block this debit is in (message id + sequence type): a bank
    # reports it for the batch's credit (CAMT Btch/PmtInfId, MT940 /PREF/).
    payment_info_id = models.CharField(max_length=35, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=CollectionStatus.choices, default=CollectionStatus.SCHEDULED)
    return_reason = models.CharField(_("reden storno"), max_length=10, blank=True)
    prenotified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("incasso")
        verbose_name_plural = _("incasso's")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="collection_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.end_to_end_id

    @property
    def is_cancelled(self) -> bool:
        return self.status == CollectionStatus.CANCELLED

    @property
    def is_returned(self) -> bool:
        return self.status == CollectionStatus.RETURNED


class BankImport(models.Model):
    """One uploaded bank statement file (CAMT.053 or MT940)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="bank_imports")
    filename = models.CharField(_("bestand"), max_length=200)
    format = models.CharField(_("formaat"), max_length=10)
    line_count = models.PositiveIntegerField(_("regels"), default=0)
    new_count = models.PositiveIntegerField(_("nieuw"), default=0)
    matched_count = models.PositiveIntegerField(_("gekoppeld"), default=0)
    queued_count = models.PositiveIntegerField(_("te verwerken"), default=0)
    returned_count = models.PositiveIntegerField(_("storno's"), default=0)
    outgoing_count = models.PositiveIntegerField(_("uitgaand"), default=0)
    # Lines dated in a closed period, booked in the first open period after it.
    moved_count = models.PositiveIntegerField(_("in latere periode geboekt"), default=0)
    # Other accounts the file reported on, not imported (a multi-account export).
    skipped_accounts = models.JSONField(_("overgeslagen rekeningen"), default=list, blank=True)
    uploaded_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bankimport")
        verbose_name_plural = _("bankimports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d})"


class BankLineStatus(models.TextChoices):
    MATCHED = "matched", _("Gekoppeld")
    QUEUED = "queued", _("Te verwerken")
    ASSIGNED = "assigned", _("Handmatig gekoppeld")
    RETURN = "return", _("Storno verwerkt")
    BATCH = "batch", _("Incassobatch")
    OUTGOING = "outgoing", _("Uitgaand")
    # Money the bank took back for a direct debit DEEL does not know: the treasurer checks it.
    RETURN_UNKNOWN = "return_unk", _("Storno, incasso onbekend")


BANK_LINE_TONES: dict[str, str] = {
    BankLineStatus.MATCHED: "green",
    BankLineStatus.ASSIGNED: "green",
    BankLineStatus.BATCH: "green",
    BankLineStatus.QUEUED: "amber",
    BankLineStatus.RETURN: "red",
    BankLineStatus.RETURN_UNKNOWN: "red",
}


class BankLine(models.Model):
    """One line of a bank statement, recorded once per cooperative by its `unique_key`."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="bank_lines")
    bank_import = models.ForeignKey(BankImport, on_delete=models.PROTECT, related_name="lines")
    unique_key = models.CharField(max_length=64)
    booked_on = models.DateField(_("boekdatum"))
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    counterparty_name = models.CharField(_("tegenpartij"), max_length=140, blank=True)
    counterparty_iban = models.CharField(_("tegenrekening"), max_length=34, blank=True)
    description = models.CharField(_("omschrijving"), max_length=500, blank=True)
    end_to_end_id = models.CharField(max_length=35, blank=True)
    return_reason = models.CharField(max_length=10, blank=True)
    is_return = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=10, choices=BankLineStatus.choices)
    # Why the line was booked as it was, where that is not obvious (another period, a batch).
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="bank_lines")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sepa_batch = models.ForeignKey(
        SepaBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_lines",
        verbose_name=_("incassobatch"),
    )
    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    assigned_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("bankregel")
        verbose_name_plural = _("bankregels")
        ordering = ["booked_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "unique_key"], name="bankline_once_per_coop"),
        ]
        indexes = [models.Index(fields=["cooperative", "status"])]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount_cents} {self.counterparty_name}"

    @property
    def tone(self) -> str:
        """The colour of the line's status badge: booked green, waiting amber, returned red."""
        return BANK_LINE_TONES.get(self.status, "")


class PaymentFlag(models.Model):
    """A note on a member for the treasurer: a returned direct debit (storno)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="payment_flags")
    reason = models.CharField(_("reden"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("afgehandeld door")
    )

    class Meta:
        verbose_name = _("betaalsignaal")
        verbose_name_plural = _("betaalsignalen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.member}: {self.reason}"


class ArrearsReminder(models.Model):
    """A reminder sent for an overdue balance; one per member, level and statement."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="arrears_reminders")
    level_days = models.PositiveSmallIntegerField()
    due_key = models.CharField(max_length=40)
    amount_cents = models.BigIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "level_days", "due_key"], name="arrears_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.level_days}d"
