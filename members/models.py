from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A driving licence that expires within this many days is flagged.
LICENCE_WARNING_DAYS = 60


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Logs in with e-mail; their memberships say what they may do where."""

    username = None  # type: ignore[assignment]  # log-in is by e-mail, there is no user name
    email = models.EmailField(_("e-mailadres"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # ours creates users by e-mail

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self):
        return self.get_full_name() or self.email


class SettlementPeriod(models.TextChoices):
    MONTH = "month", _("Maand")
    QUARTER = "quarter", _("Kwartaal")
    YEAR = "year", _("Jaar")


class SettlementKey(models.TextChoices):
    KM = "km", _("Kilometers")
    KM_HOURS = "km_hours", _("Kilometers en uren")


class SettlementScope(models.TextChoices):
    PER_CAR = "per_car", _("Per auto")
    POOL = "pool", _("De hele pool samen")


class ElectionMethod(models.TextChoices):
    """How the statutes fill seats in an election (docs/alv.md "Verkiezingen")."""

    PLURALITY = "plurality", _("Meeste stemmen (relatieve meerderheid)")
    ABSOLUTE = "absolute", _("Volstrekte meerderheid, met een tweede ronde")


class ElectionTieBreak(models.TextChoices):
    """What the statutes say when the votes tie for the last seat."""

    NEW_ROUND = "new_round", _("Herstemming tussen de gelijken (staken ze weer: loting)")
    LOT = "lot", _("Loting")


class TariffBody(models.TextChoices):
    """Which body sets the tariffs (its values are those of governance.DecisionBody)."""

    ALV = "alv", _("Algemene ledenvergadering")
    BOARD = "board", _("Bestuur")


class Cooperative(models.Model):
    """A car-sharing cooperative, with the settings its statutes (statuten) fix."""

    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("korte naam"), unique=True, max_length=60)
    city = models.CharField(_("plaats"), max_length=80)
    # Printed on every statement: a Dutch invoice names the sender's address and KvK number.
    street = models.CharField(_("straat en huisnummer"), max_length=120, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    kvk_number = models.CharField(
        _("KvK-nummer"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("Een KvK-nummer heeft 8 cijfers."))],
    )
    payment_term_days = models.PositiveSmallIntegerField(
        _("betaaltermijn (dagen)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Zoveel dagen na de datum van het afschrift moet het bedrag betaald zijn."),
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    sepa_creditor_id = models.CharField(_("incassant-ID"), max_length=35, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)

    # Statutes: cost settlement.
    settlement_period = models.CharField(
        _("afrekenperiode"), max_length=10, choices=SettlementPeriod.choices, default=SettlementPeriod.QUARTER
    )
    settlement_key = models.CharField(
        _("verdeelsleutel"), max_length=10, choices=SettlementKey.choices, default=SettlementKey.KM
    )
    settlement_scope = models.CharField(
        _("afrekenen"), max_length=10, choices=SettlementScope.choices, default=SettlementScope.PER_CAR
    )
    settlement_km_weight = models.PositiveSmallIntegerField(_("gewicht kilometers"), default=1)
    settlement_hour_weight = models.PositiveSmallIntegerField(_("gewicht uren"), default=0)

    # Statutes: general assembly (defaults from Book 2 of the Dutch civil code).
    proxy_cap = models.PositiveSmallIntegerField(_("maximum volmachten per lid"), default=1)
    notice_days = models.PositiveSmallIntegerField(_("oproepingstermijn (dagen)"), default=14)
    ordinary_majority_percent = models.DecimalField(
        _("meerderheid gewone besluiten (% van uitgebrachte stemmen, meer dan)"),
        max_digits=5,
        decimal_places=2,
        default=50,
    )
    qualified_majority_numerator = models.PositiveSmallIntegerField(_("gekwalificeerde meerderheid: teller"), default=2)
    qualified_majority_denominator = models.PositiveSmallIntegerField(
        _("gekwalificeerde meerderheid: noemer"), default=3
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (% van de leden)"), null=True, blank=True, help_text=_("Leeg: geen quorum.")
    )
    electronic_voting_allowed = models.BooleanField(_("elektronisch stemmen toegestaan"), default=False)
    remote_participation_allowed = models.BooleanField(
        _("online deelnemen en stemmen tijdens de vergadering toegestaan"),
        default=False,
        help_text=_(
            "Alleen als de statuten het toestaan (art. 2:38 BW: deelnemen langs elektronische weg): leden volgen "
            "de vergadering dan online, melden zich met hun eigen inlog aan en stemmen live mee."
        ),
    )
    election_method = models.CharField(
        _("verkiezingen"), max_length=10, choices=ElectionMethod.choices, default=ElectionMethod.PLURALITY
    )
    election_tie_break = models.CharField(
        _("staking van stemmen bij de laatste zetel"),
        max_length=10,
        choices=ElectionTieBreak.choices,
        default=ElectionTieBreak.NEW_ROUND,
    )
    tariff_body = models.CharField(
        _("tarieven vastgesteld door"), max_length=10, choices=TariffBody.choices, default=TariffBody.ALV
    )
    deel_started_on = models.DateField(
        _("in DEEL sinds"),
        null=True,
        blank=True,
        help_text=_(
            "Tarieven van vóór deze datum mogen naar een besluit van buiten DEEL verwijzen. Leeg: de datum "
            "waarop de coöperatie in DEEL is aangemaakt."
        ),
    )
    electronic_voting_conditions = models.TextField(
        _("voorwaarden elektronisch stemmen"),
        blank=True,
        help_text=_("Voorwaarden die de statuten stellen aan elektronisch stemmen; ze staan in elke oproeping."),
    )
    meeting_request_percent = models.PositiveSmallIntegerField(
        _("ALV-verzoek: deel van de stemmen (%)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Zoveel procent van de stemmen kan een ALV afdwingen; de wet zegt 10, de statuten mogen minder."),
    )
    inspection_location = models.CharField(
        _("plaats van terinzagelegging"),
        max_length=200,
        blank=True,
        help_text=_("Waar de letterlijke tekst van een voorgestelde statutenwijziging ter inzage ligt (naast DEEL)."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("bewaartermijn na vertrek (jaren)"),
        default=7,
        validators=[MinValueValidator(7)],
        help_text=_(
            "Na zoveel jaar worden de persoonsgegevens van een oud-lid geanonimiseerd. Minimaal 7: de fiscale "
            "bewaarplicht van de boeken."
        ),
    )

    # Statutes: deposit (borg) and households.
    deposit_cents = models.BigIntegerField(
        _("borg per lidmaatschap (centen)"),
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("0: geen borg. Een huishouden betaalt één borg."),
    )
    household_drivers_max = models.PositiveSmallIntegerField(
        _("extra bestuurders per huishouden"),
        default=0,
        help_text=_(
            "0: geen huishoudlidmaatschap. Een huishouden is één lid met één stem, één rekening en één "
            "afschrift; de extra bestuurders rijden op die rekening."
        ),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("coöperatie")
        verbose_name_plural = _("coöperaties")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(qualified_majority_numerator__lte=models.F("qualified_majority_denominator")),
                name="coop_qualified_majority_le_one",
            ),
            models.CheckConstraint(
                condition=models.Q(payment_term_days__gte=1, payment_term_days__lte=60),
                name="coop_payment_term_1_60",
            ),
            models.CheckConstraint(
                condition=models.Q(meeting_request_percent__gte=1, meeting_request_percent__lte=10),
                name="coop_meeting_request_percent_1_10",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        """One line for letterheads: "Laan 1, 2500 AA Den Haag" (what is filled in)."""
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def deel_start(self) -> dt.date:
        """From this day decisions are taken in DEEL: a tariff valid from then on links to one.
        Without `deel_started_on`, the (UTC) day the cooperative was created; the database
        trigger on ledger_tariff computes the same."""
        if self.deel_started_on is not None:
            return self.deel_started_on
        return (self.created_at or timezone.now()).astimezone(dt.UTC).date()


class MemberStatus(models.TextChoices):
    APPLIED = "applied", _("Aangemeld")
    ACTIVE = "active", _("Actief")
    SUSPENDED = "suspended", _("Geschorst")
    LEFT = "left", _("Uitgeschreven")
    REFUSED = "refused", _("Afgewezen")


class Role(models.TextChoices):
    """Roles beyond plain membership; every active member is a `lid`."""

    CARETAKER = "caretaker", _("Autobeheerder")
    TREASURER = "treasurer", _("Penningmeester")
    BOARD = "board", _("Bestuur")
    AUDIT = "audit", _("Kascommissie")


class Member(models.Model):
    """A person's membership of one cooperative, through its life cycle."""

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, related_name="members", verbose_name=_("coöperatie")
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("gebruiker"))
    number = models.PositiveIntegerField(_("lidnummer"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.APPLIED)

    street = models.CharField(_("straat en huisnummer"), max_length=120)
    postal_code = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("plaats"), max_length=80)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)

    may_drive = models.BooleanField(_("rijdt zelf"), default=True)
    licence_number = models.CharField(_("rijbewijsnummer"), max_length=20, blank=True)
    licence_expires_on = models.DateField(_("rijbewijs geldig tot"), null=True, blank=True)

    applied_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)
    admitted_at = models.DateTimeField(_("toegelaten op"), null=True, blank=True)
    admitted_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("toegelaten door")
    )
    suspended_at = models.DateTimeField(_("geschorst op"), null=True, blank=True)
    suspension_reason = models.CharField(_("reden schorsing"), max_length=200, blank=True)
    left_at = models.DateTimeField(_("uitgeschreven op"), null=True, blank=True)
    # Schorsing as the statutes' legal measure (art. 2:38 lid 1 BW): no access to the general
    # assembly and no vote. Separate from the status "suspended" (may not book: arrears, licence).
    rights_suspended_at = models.DateTimeField(_("geschorst als lid op"), null=True, blank=True)
    rights_suspension_reason = models.CharField(_("reden schorsing als lid"), max_length=200, blank=True)
    rights_suspended_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("geschorst door")
    )
    refused_at = models.DateTimeField(_("afgewezen op"), null=True, blank=True)
    refused_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("afgewezen door")
    )
    motivation = models.TextField(_("toelichting bij aanmelding"), blank=True)
    # AVG: when the personal data no legal duty keeps was erased (the board, on request), and
    # when everything was anonymised (after the statutes' retention period).
    erased_at = models.DateTimeField(_("persoonsgegevens gewist op"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lid")
        verbose_name_plural = _("leden")
        ordering = ["user__last_name", "user__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "user"], name="member_unique_per_coop"),
            models.UniqueConstraint(fields=["cooperative", "number"], name="member_number_unique_per_coop"),
            models.CheckConstraint(
                condition=~models.Q(status="active") | models.Q(admitted_at__isnull=False),
                name="member_active_was_admitted",
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "status"])]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE

    @property
    def is_applied(self) -> bool:
        """An application the board has not decided on yet."""
        return self.status == MemberStatus.APPLIED

    @property
    def is_suspended(self) -> bool:
        return self.status == MemberStatus.SUSPENDED

    @property
    def rights_suspended(self) -> bool:
        """Suspended as a member (art. 2:38 lid 1 BW): no attendance, no proxy, no vote."""
        return self.rights_suspended_at is not None

    @property
    def is_refused(self) -> bool:
        return self.status == MemberStatus.REFUSED

    @property
    def has_left(self) -> bool:
        return self.status == MemberStatus.LEFT

    def _licence_days_left(self) -> int | None:
        if not self.may_drive or self.licence_expires_on is None:
            return None
        return (self.licence_expires_on - timezone.localdate()).days

    @property
    def licence_is_missing(self) -> bool:
        """Drives, but gave no licence expiry date."""
        return self.may_drive and self.licence_expires_on is None

    @property
    def licence_is_expired(self) -> bool:
        days = self._licence_days_left()
        return days is not None and days < 0

    @property
    def licence_expires_soon(self) -> bool:
        """Still valid, but expiring within LICENCE_WARNING_DAYS."""
        days = self._licence_days_left()
        return days is not None and 0 <= days <= LICENCE_WARNING_DAYS


class MemberRole(models.Model):
    """A role a member holds in their cooperative, assigned by the board."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="roles", verbose_name=_("lid"))
    role = models.CharField(_("rol"), max_length=12, choices=Role.choices)
    assigned_at = models.DateTimeField(_("toegekend op"), default=timezone.now)
    assigned_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("toegekend door")
    )

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [models.UniqueConstraint(fields=["member", "role"], name="memberrole_unique")]

    def __str__(self):
        return f"{self.member}: {self.get_role_display()}"


class RoleGrantStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op een tweede bestuurslid")
    APPROVED = "approved", _("Goedgekeurd")
    ANNOUNCED = "announced", _("Toegekend en aangekondigd aan alle leden")
    REFUSED = "refused", _("Niet toegekend")


class RoleGrant(models.Model):
    """A board member's grant of a role that moves money or power (treasurer, board):
    it takes effect once a second board member approves it, or at once in a one-person
    board, announced to every member. Kept after the decision, as the record of who
    proposed and who approved."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("lid"))
    role = models.CharField(_("rol"), max_length=12, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RoleGrantStatus.choices, default=RoleGrantStatus.PENDING
    )
    requested_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("voorgesteld door")
    )
    requested_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now)
    decided_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("beslist door")
    )
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)

    class Meta:
        verbose_name = _("roltoekenning")
        verbose_name_plural = _("roltoekenningen")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "role"], condition=models.Q(status="pending"), name="rolegrant_one_pending"
            ),
            # Approved means by someone else than who proposed it (four eyes).
            models.CheckConstraint(
                condition=~models.Q(status="approved") | ~models.Q(decided_by=models.F("requested_by")),
                name="rolegrant_approved_by_another",
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_role_display()} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == RoleGrantStatus.PENDING


class Invitation(models.Model):
    """An invitation to apply, sent by the board to a resident's e-mail address."""

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("coöperatie")
    )
    email = models.EmailField(_("e-mailadres"))
    invited_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.UniqueConstraint(Lower("email"), "cooperative", name="invitation_unique_email_per_coop"),
        ]

    def __str__(self):
        return self.email


class MemberEventKind(models.TextChoices):
    APPLIED = "applied", _("Aangemeld")
    ADMITTED = "admitted", _("Toegelaten")
    REFUSED = "refused", _("Afgewezen")
    SUSPENDED = "suspended", _("Geschorst")
    REINSTATED = "reinstated", _("Schorsing opgeheven")
    LEFT = "left", _("Uitgeschreven")
    ROLE_ASSIGNED = "role_assigned", _("Rol toegekend")
    ROLE_REQUESTED = "role_requested", _("Rol voorgesteld")
    ROLE_REFUSED = "role_refused", _("Rol niet toegekend")
    ROLE_REVOKED = "role_revoked", _("Rol ingetrokken")
    PROFILE_UPDATED = "profile", _("Gegevens gewijzigd")
    ERASED = "erased", _("Persoonsgegevens gewist")
    ANONYMISED = "anonymised", _("Geanonimiseerd")
    RIGHTS_SUSPENDED = "suspension", _("Geschorst als lid (geen toegang tot de ALV, geen stemrecht)")
    RIGHTS_RESTORED = "suspension_end", _("Schorsing als lid opgeheven")
    DRIVER_ADDED = "driver_added", _("Bestuurder toegevoegd")
    DRIVER_REMOVED = "driver_removed", _("Bestuurder verwijderd")


class ActorEvent(models.Model):
    """The common part of every append-only event row (STYLE 16): when, by whom, a note.
    Each app's event model adds what the event is about and its kinds."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("door")
    )
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        abstract = True


class MemberEvent(ActorEvent):
    """What happened to a membership, by whom and when. Appended, never changed."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events", verbose_name=_("lid"))
    kind = models.CharField(_("gebeurtenis"), max_length=14, choices=MemberEventKind.choices)

    class Meta:
        verbose_name = _("gebeurtenis lidmaatschap")
        verbose_name_plural = _("gebeurtenissen lidmaatschap")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["member", "-at"])]

    def __str__(self):
        return f"{self.member}: {self.get_kind_display()}"


class AccessAction(models.TextChoices):
    VIEWED = "viewed", _("bekeken")
    CHANGED = "changed", _("gewijzigd")
    EXPORTED = "exported", _("gedownload")


class PersonalDataAccess(models.Model):
    """Who viewed or changed a member's personal data (address, phone, IBAN, licence), when
    and where (AVG art. 5 lid 2, 32). Appended, never changed; the member reads their own
    rows on their data page, the audit committee reads all of the cooperative."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="data_accesses", verbose_name=_("van lid")
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("door")
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    action = models.CharField(_("wat"), max_length=8, choices=AccessAction.choices)
    fields = models.CharField(_("gegevens"), max_length=200)
    place = models.CharField(_("waar"), max_length=80)

    class Meta:
        verbose_name = _("inzage persoonsgegevens")
        verbose_name_plural = _("inzage persoonsgegevens")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["member", "-at"])]

    def __str__(self):
        return f"{self.member_id} {self.action} {self.at:%Y-%m-%d}"


class HouseholdDriver(models.Model):
    """An extra driver of a household membership: their own log-in and licence check, but
    not a member (no vote, no roles, no account of their own): their bookings and trips are
    the household member's, and so are the bill and the fair-use limits."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="household_drivers", verbose_name=_("huishouden")
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="driverships", verbose_name=_("gebruiker"))
    licence_number = models.CharField(_("rijbewijsnummer"), max_length=20, blank=True)
    licence_expires_on = models.DateField(_("rijbewijs geldig tot"), null=True, blank=True)
    added_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)
    added_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("toegevoegd door")
    )
    removed_at = models.DateTimeField(_("verwijderd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bestuurder huishouden")
        verbose_name_plural = _("bestuurders huishouden")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "user"], condition=models.Q(removed_at__isnull=True), name="householddriver_once"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    @property
    def licence_is_expired(self) -> bool:
        return self.licence_expires_on is not None and self.licence_expires_on < timezone.localdate()
