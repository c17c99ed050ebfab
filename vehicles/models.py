import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Cooperative, Member

# A document expiring within this many days is flagged (on the car page, the warning list,
# the home page and in the admin filter).
EXPIRY_WARNING_DAYS = 30


class Fuel(models.TextChoices):
    PETROL = "petrol", _("Benzine")
    DIESEL = "diesel", _("Diesel")
    HYBRID = "hybrid", _("Hybride")
    ELECTRIC = "electric", _("Elektrisch")


class VehicleStatus(models.TextChoices):
    ACTIVE = "active", _("Beschikbaar")
    MAINTENANCE = "maintenance", _("In onderhoud")
    RETIRED = "retired", _("Uit de vloot")


class VehicleClass(models.TextChoices):
    """Tariffs may differ per class (DESIGN "Cost model")."""

    SMALL = "small", _("Klein")
    MEDIUM = "medium", _("Middel")
    LARGE = "large", _("Groot")
    VAN = "van", _("Bestelbus")


class Vehicle(models.Model):
    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, related_name="vehicles", verbose_name=_("coöperatie")
    )
    plate = models.CharField(_("kenteken"), max_length=8, help_text=_("Bijvoorbeeld AB-123-C."))
    nickname = models.CharField(_("bijnaam"), max_length=40, blank=True)
    make = models.CharField(_("merk"), max_length=40)
    model = models.CharField(_("model"), max_length=60)
    fuel = models.CharField(_("brandstof"), max_length=10, choices=Fuel.choices)
    vehicle_class = models.CharField(
        _("klasse"), max_length=10, choices=VehicleClass.choices, default=VehicleClass.MEDIUM
    )
    seats = models.PositiveSmallIntegerField(_("zitplaatsen"), default=5)
    address = models.CharField(_("standplaats (adres)"), max_length=120)
    location_note = models.CharField(
        _("waar staat hij"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: parkeerplaats achter nr. 12.")
    )
    photo = models.ImageField(_("foto"), upload_to="vehicles/", blank=True)
    status = models.CharField(_("status"), max_length=12, choices=VehicleStatus.choices, default=VehicleStatus.ACTIVE)
    buffer_minutes = models.PositiveSmallIntegerField(_("buffer tussen boekingen (minuten)"), default=15)
    caretaker = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cared_vehicles",
        verbose_name=_("autobeheerder"),
    )
    notes = models.TextField(_("bijzonderheden"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("auto")
        verbose_name_plural = _("auto's")
        ordering = ["make", "model", "plate"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "plate"], name="vehicle_plate_unique_per_coop"),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="vehicle_seats_positive"),
        ]

    def __str__(self):
        label = f"{self.make} {self.model}"
        return f"{self.nickname} ({label}, {self.plate})" if self.nickname else f"{label} ({self.plate})"

    @property
    def short_name(self) -> str:
        """How people call the car: its nickname, else make and model (the one display name)."""
        return self.nickname or f"{self.make} {self.model}"

    @property
    def is_available(self) -> bool:
        return self.status == VehicleStatus.ACTIVE

    @property
    def is_in_maintenance(self) -> bool:
        return self.status == VehicleStatus.MAINTENANCE

    @property
    def is_retired(self) -> bool:
        return self.status == VehicleStatus.RETIRED


class ContributionKind(models.TextChoices):
    CAPITAL = "capital", _("Ledenkapitaal")
    LOAN = "loan", _("Ledenlening")


class VehicleContribution(models.Model):
    """A car a member brought into the cooperative: its agreed value and depreciation."""

    vehicle = models.OneToOneField(
        Vehicle, on_delete=models.PROTECT, related_name="contribution", verbose_name=_("auto")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("ingebracht door")
    )
    contributed_on = models.DateField(_("ingebracht op"))
    agreed_value_cents = models.BigIntegerField(_("afgesproken waarde (centen)"))
    depreciation_months = models.PositiveSmallIntegerField(_("afschrijvingstermijn (maanden)"), default=60)
    residual_value_cents = models.BigIntegerField(_("restwaarde (centen)"), default=0)
    kind = models.CharField(
        _("vorm"), max_length=10, choices=ContributionKind.choices, default=ContributionKind.CAPITAL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inbreng")
        verbose_name_plural = _("inbreng")
        constraints = [
            models.CheckConstraint(condition=models.Q(agreed_value_cents__gte=0), name="contribution_value_nonneg"),
            models.CheckConstraint(
                condition=models.Q(residual_value_cents__gte=0)
                & models.Q(residual_value_cents__lte=models.F("agreed_value_cents")),
                name="contribution_residual_in_range",
            ),
            models.CheckConstraint(condition=models.Q(depreciation_months__gte=1), name="contribution_months_pos"),
        ]

    def __str__(self):
        return f"{self.vehicle} ← {self.member}"


class DocumentKind(models.TextChoices):
    INSURANCE = "insurance", _("Verzekering")
    APK = "apk", _("APK-keuring")
    REGISTRATION = "registration", _("Kentekenbewijs")
    OTHER = "other", _("Overig")


class VehicleDocument(models.Model):
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="documents", verbose_name=_("auto"))
    kind = models.CharField(_("soort"), max_length=14, choices=DocumentKind.choices)
    title = models.CharField(_("omschrijving"), max_length=120, blank=True)
    file = models.FileField(_("bestand"), upload_to="vehicle-documents/", blank=True)
    expires_on = models.DateField(_("geldig tot"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("toegevoegd door")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["expires_on", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.vehicle.plate}"

    @property
    def days_left(self) -> int | None:
        """Days until the document expires (negative once expired); None without a date."""
        if self.expires_on is None:
            return None
        return (self.expires_on - timezone.localdate()).days

    @property
    def is_expired(self) -> bool:
        days = self.days_left
        return days is not None and days < 0

    @property
    def is_expiring(self) -> bool:
        """Still valid, but expiring within EXPIRY_WARNING_DAYS."""
        days = self.days_left
        return days is not None and 0 <= days <= EXPIRY_WARNING_DAYS

    @property
    def expires_before(self) -> dt.date:
        """For sorting: the expiry date, a document without one lasts for ever."""
        return self.expires_on or dt.date.max


class OdometerSource(models.TextChoices):
    CHECK = "check", _("Controle")
    TRIP_START = "trip_start", _("Begin rit")
    TRIP_END = "trip_end", _("Einde rit")
    MAINTENANCE = "maintenance", _("Onderhoud")


class OdometerReading(models.Model):
    """A kilometre-counter reading. Per vehicle, readings never decrease (services lock the
    vehicle row and compare with the highest reading before inserting)."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="odometer_readings", verbose_name=_("auto")
    )
    km = models.PositiveIntegerField(_("kilometerstand"))
    recorded_at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    recorded_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("doorgegeven door")
    )
    source = models.CharField(_("bron"), max_length=12, choices=OdometerSource.choices, default=OdometerSource.CHECK)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kilometerstand")
        verbose_name_plural = _("kilometerstanden")
        ordering = ["-km", "-recorded_at"]
        indexes = [models.Index(fields=["vehicle", "-km"])]

    def __str__(self):
        return f"{self.vehicle.plate}: {self.km} km"


class DamageStatus(models.TextChoices):
    REPORTED = "reported", _("Gemeld")
    ASSESSED = "assessed", _("Beoordeeld")
    REPAIRED = "repaired", _("Gerepareerd")


class DamageReport(models.Model):
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="damage_reports", verbose_name=_("auto")
    )
    reported_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="damage_reports", verbose_name=_("gemeld door")
    )
    description = models.TextField(_("omschrijving"))
    status = models.CharField(_("status"), max_length=10, choices=DamageStatus.choices, default=DamageStatus.REPORTED)
    assessment = models.TextField(_("beoordeling"), blank=True)
    reported_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    repaired_at = models.DateTimeField(_("gerepareerd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("schademelding")
        verbose_name_plural = _("schademeldingen")
        ordering = ["-reported_at"]

    def __str__(self):
        return f"{self.vehicle.plate}: {self.description[:40]}"

    @property
    def is_reported(self) -> bool:
        """Reported and not yet assessed by the caretaker."""
        return self.status == DamageStatus.REPORTED

    @property
    def is_repaired(self) -> bool:
        return self.status == DamageStatus.REPAIRED


class DamagePhoto(models.Model):
    report = models.ForeignKey(
        DamageReport, on_delete=models.CASCADE, related_name="photos", verbose_name=_("schademelding")
    )
    image = models.ImageField(_("foto"), upload_to="damage/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("schadefoto")
        verbose_name_plural = _("schadefoto's")

    def __str__(self):
        return self.image.name


class MaintenanceEntry(models.Model):
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="maintenance", verbose_name=_("auto"))
    performed_on = models.DateField(_("datum"))
    description = models.CharField(_("werkzaamheden"), max_length=200)
    km = models.PositiveIntegerField(_("kilometerstand"), null=True, blank=True)
    garage = models.CharField(_("garage"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vastgelegd door")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("onderhoud")
        verbose_name_plural = _("onderhoud")
        ordering = ["-performed_on"]

    def __str__(self):
        return f"{self.vehicle.plate} {self.performed_on}: {self.description}"


class VehicleEventKind(models.TextChoices):
    CREATED = "created", _("Auto toegevoegd")
    UPDATED = "updated", _("Gegevens gewijzigd")
    STATUS_CHANGED = "status", _("Status gewijzigd")
    CONTRIBUTION_SET = "contribution", _("Inbreng vastgelegd")
    DOCUMENT_ADDED = "document", _("Document toegevoegd")
    ODOMETER_SET = "odometer", _("Kilometerstand door beheer")
    DAMAGE_REPORTED = "damage_reported", _("Schade gemeld")
    DAMAGE_UPDATED = "damage_updated", _("Schademelding bijgewerkt")
    MAINTENANCE_LOGGED = "maintenance", _("Onderhoud vastgelegd")
    KEYBOX_SET = "keybox", _("Sleutelkast ingesteld")
    KEYBOX_ROTATED = "keybox_rotated", _("Geheim sleutelkast vervangen")
    KEY_CODE_REVOKED = "key_revoked", _("Sleutelcode ingetrokken")


class VehicleEvent(models.Model):
    """What happened to a car, by whom and when (the car's history for the board).
    Appended by the vehicles services, never changed or deleted (database triggers refuse
    it; the admin only shows)."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="events", verbose_name=_("auto"))
    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, related_name="+", verbose_name=_("coöperatie")
    )
    kind = models.CharField(_("gebeurtenis"), max_length=16, choices=VehicleEventKind.choices)
    actor = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("door")
    )
    summary = models.CharField(_("omschrijving"), max_length=200)
    changes = models.JSONField(
        _("wijzigingen"), default=dict, blank=True, help_text=_("Per veld: oude en nieuwe waarde.")
    )
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("gebeurtenis auto")
        verbose_name_plural = _("gebeurtenissen auto")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["vehicle", "-created_at"])]

    def __str__(self):
        return f"{self.vehicle.plate}: {self.get_kind_display()}"


class KeyBoxKind(models.TextChoices):
    CODED_SAFE = "coded_safe", _("Sleutelkluis met cijfercode")
    ELECTRONIC = "electronic", _("Elektronische sleutelkast")


class KeyBox(models.Model):
    """The box holding a car's key, opened offline with codes derived from its secret
    (vehicles.keycodes, docs/sleutelkast.md). The secret is stored encrypted (Fernet,
    deel.encryption) and never shown again after it is set or rotated."""

    vehicle = models.OneToOneField(Vehicle, on_delete=models.CASCADE, related_name="key_box", verbose_name=_("auto"))
    kind = models.CharField(_("soort"), max_length=12, choices=KeyBoxKind.choices, default=KeyBoxKind.ELECTRONIC)
    box_id = models.CharField(
        _("kastnummer"), max_length=32, unique=True, help_text=_("Staat in de kast geprogrammeerd; hoort bij de code.")
    )
    location = models.CharField(_("waar hangt de kast"), max_length=120, blank=True)
    secret_encrypted = models.TextField(editable=False)
    secret_version = models.PositiveIntegerField(default=1, editable=False)
    digits = models.PositiveSmallIntegerField(_("cijfers controlecode"), default=6)
    step_minutes = models.PositiveSmallIntegerField(_("tijdstap (minuten)"), default=15)
    rotated_at = models.DateTimeField(_("geheim vervangen op"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sleutelkast")
        verbose_name_plural = _("sleutelkasten")
        constraints = [
            models.CheckConstraint(condition=models.Q(digits__gte=6, digits__lte=8), name="keybox_digits_6_8"),
            models.CheckConstraint(
                condition=models.Q(step_minutes__gte=1, step_minutes__lte=60), name="keybox_step_1_60"
            ),
        ]

    def __str__(self):
        return f"{self.box_id} ({self.vehicle.plate})"

    @property
    def step_seconds(self) -> int:
        return self.step_minutes * 60


class KeyCodeRevocation(models.Model):
    """A code window the box must refuse (a cancelled, moved or early-ended booking). The
    caretaker syncs the list to the box; an entry matters until `valid_until`."""

    box = models.ForeignKey(KeyBox, on_delete=models.CASCADE, related_name="revocations", verbose_name=_("sleutelkast"))
    start_step = models.BigIntegerField()
    end_step = models.BigIntegerField()
    valid_until = models.DateTimeField(_("code geldig tot"))
    reason = models.CharField(_("reden"), max_length=120)
    reference = models.CharField(_("verwijzing"), max_length=40, blank=True)
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("ingetrokken op"), default=timezone.now)

    class Meta:
        verbose_name = _("ingetrokken sleutelcode")
        verbose_name_plural = _("ingetrokken sleutelcodes")
        ordering = ["valid_until", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["box", "start_step", "end_step"], name="keycoderevocation_once"),
        ]
        indexes = [models.Index(fields=["box", "valid_until"])]

    def __str__(self):
        return f"{self.box_id}: {self.start_step}-{self.end_step}"
