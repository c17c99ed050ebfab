"""Penalties the ALV decided (boetes) and deposits (borg): their rates, what was imposed,
disputes and the deposits held. Services: ledger.penalties and ledger.deposits."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Cooperative, Member
from vehicles.models import Vehicle

from .models import Tariff, Transaction


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
