import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import ActorEvent, Cooperative, Member
from vehicles.models import DamageReport, Vehicle


class ReservationStatus(models.TextChoices):
    BOOKED = "booked", _("Geboekt")
    COMPLETED = "completed", _("Gereden")
    NO_SHOW = "no_show", _("Niet gebruikt")
    CANCELLED = "cancelled", _("Geannuleerd")


# Reservations in these statuses hold their slot (the overlap constraint covers them).
ACTIVE_STATUSES = (ReservationStatus.BOOKED, ReservationStatus.COMPLETED, ReservationStatus.NO_SHOW)


class ReservationKind(models.TextChoices):
    MEMBER = "member", _("Rit")
    MAINTENANCE = "maintenance", _("Blokkade voor onderhoud")
    CHARGING = "charging", _("Blokkade om te laden")


# Kinds that block a car for the caretaker rather than book it for a trip.
BLOCK_KINDS = (ReservationKind.MAINTENANCE, ReservationKind.CHARGING)


class Reservation(models.Model):
    """A booking of one vehicle for a time slot: the source of truth of the calendar.

    `blocked_until` = `ends_at` + the vehicle's buffer, stored so the database can keep
    active reservations of one vehicle from overlapping (DESIGN "Invariants").
    """

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="reservations")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="reservations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="reservations")
    kind = models.CharField(_("soort"), max_length=12, choices=ReservationKind.choices, default=ReservationKind.MEMBER)
    # A household's extra driver who booked (the member is the household: its account, its limits).
    driver = models.ForeignKey(
        "members.HouseholdDriver",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reservations",
        verbose_name=_("bestuurder"),
    )
    starts_at = models.DateTimeField(_("van"))
    ends_at = models.DateTimeField(_("tot"))
    blocked_until = models.DateTimeField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ReservationStatus.choices, default=ReservationStatus.BOOKED
    )
    note = models.CharField(_("notitie"), max_length=200, blank=True)
    returned_late = models.BooleanField(_("te laat teruggebracht"), default=False)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    late_cancellation = models.BooleanField(_("laat geannuleerd"), default=False)
    # iCalendar: stable UID, SEQUENCE bumped on every change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    series = models.UUIDField(null=True, blank=True, editable=False, help_text="Recurring bookings share a series.")
    # When the car really came back, if that differs from `ends_at` (late return that
    # overlapped the next booking: `ends_at` keeps the booked end, `returned_late` is set).
    returned_at = models.DateTimeField(_("teruggebracht om"), null=True, blank=True)
    # django-scheduler mirror (reservations.calendar_sync): the vehicle calendar's event,
    # and for a recurring series the persisted occurrence of this reservation.
    calendar_event = models.ForeignKey(
        "schedule.Event", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    calendar_occurrence = models.OneToOneField(
        "schedule.Occurrence", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    # Notifications sent (so the periodic scan sends each at most once).
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    odometer_request_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    late_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    battery_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reservering")
        verbose_name_plural = _("reserveringen")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")), name="reservation_start_before_end"
            ),
            models.CheckConstraint(
                condition=models.Q(blocked_until__gte=models.F("ends_at")), name="reservation_blocked_after_end"
            ),
        ]
        indexes = [
            models.Index(fields=["vehicle", "starts_at"]),
            models.Index(fields=["member", "starts_at"]),
            models.Index(fields=["cooperative", "starts_at"]),
            models.Index(fields=["vehicle", "blocked_until"]),
        ]

    def __str__(self):
        return f"{self.vehicle.plate} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def duration_hours(self) -> float:
        """Real elapsed hours (UTC arithmetic, so daylight-saving changes count correctly)."""
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    @property
    def is_booked(self) -> bool:
        return self.status == ReservationStatus.BOOKED

    @property
    def is_completed(self) -> bool:
        return self.status == ReservationStatus.COMPLETED

    @property
    def is_cancelled(self) -> bool:
        return self.status == ReservationStatus.CANCELLED

    @property
    def is_maintenance(self) -> bool:
        """A block by the caretaker (maintenance or charging): no trip, no booking rules."""
        return self.kind in BLOCK_KINDS

    @property
    def is_charging_block(self) -> bool:
        return self.kind == ReservationKind.CHARGING


class ReservationEventKind(models.TextChoices):
    CHANGED = "changed", _("Tijden gewijzigd")
    CANCELLED = "cancelled", _("Geannuleerd")
    RETURN_RECORDED = "returned", _("Terugkomst vastgelegd")
    NO_SHOW = "no_show", _("Gemarkeerd als niet gebruikt")
    TRIP_STARTED = "trip_started", _("Rit gestart")
    TRIP_ENDED = "trip_ended", _("Rit afgesloten")
    RECEIPT_ADDED = "receipt", _("Bon toegevoegd")
    DAMAGE_REPORTED = "damage", _("Schade gemeld")


class ReservationEvent(ActorEvent):
    """What was done to a reservation after it was booked, by whom and when (the booking
    itself is the row: its member and `created_at`). Appended, never changed."""

    reservation = models.ForeignKey(
        Reservation, on_delete=models.CASCADE, related_name="events", verbose_name=_("reservering")
    )
    kind = models.CharField(_("gebeurtenis"), max_length=14, choices=ReservationEventKind.choices)

    class Meta:
        verbose_name = _("gebeurtenis reservering")
        verbose_name_plural = _("gebeurtenissen reservering")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["reservation", "at"])]

    def __str__(self):
        return f"{self.reservation_id}: {self.get_kind_display()}"


class FuelLevel(models.TextChoices):
    RESERVE = "reserve", _("Reserve")
    QUARTER = "quarter", _("1/4")
    HALF = "half", _("1/2")
    THREE_QUARTERS = "3q", _("3/4")
    FULL = "full", _("Vol")


class Trip(models.Model):
    """What was really driven on a reservation: odometer at start and end.

    A trip is finished when both readings are there; ledger charges finished trips at
    the tariff in force at `started_at` (it learns of them through
    `reservations.signals.trip_finished`).
    """

    reservation = models.OneToOneField(Reservation, on_delete=models.PROTECT, related_name="trip")
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="trips")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="trips")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="trips")
    started_at = models.DateTimeField(_("begin"))
    ended_at = models.DateTimeField(_("einde"), null=True, blank=True)
    odometer_start_km = models.PositiveIntegerField(_("kilometerstand begin"))
    odometer_end_km = models.PositiveIntegerField(_("kilometerstand einde"), null=True, blank=True)
    # Electric cars: the battery at pick-up and at return (percent); others: the tank at return.
    battery_start_percent = models.PositiveSmallIntegerField(_("accu bij vertrek (%)"), null=True, blank=True)
    battery_end_percent = models.PositiveSmallIntegerField(_("accu bij terugkomst (%)"), null=True, blank=True)
    fuel_end = models.CharField(_("tank bij terugkomst"), max_length=8, choices=FuelLevel.choices, blank=True)
    damage_reports = models.ManyToManyField(DamageReport, blank=True, related_name="trips")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rit")
        verbose_name_plural = _("ritten")
        ordering = ["started_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(odometer_end_km__isnull=True)
                | models.Q(odometer_end_km__gt=models.F("odometer_start_km")),
                name="trip_end_km_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=models.F("started_at")),
                name="trip_end_after_start",
            ),
            models.CheckConstraint(
                condition=(models.Q(battery_start_percent__isnull=True) | models.Q(battery_start_percent__lte=100))
                & (models.Q(battery_end_percent__isnull=True) | models.Q(battery_end_percent__lte=100)),
                name="trip_battery_percent_range",
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "started_at"]), models.Index(fields=["member", "started_at"])]

    def __str__(self):
        return f"{self.vehicle.plate} {timezone.localtime(self.started_at):%Y-%m-%d}"

    @property
    def is_finished(self) -> bool:
        return self.odometer_end_km is not None and self.ended_at is not None

    @property
    def distance_km(self) -> int | None:
        if self.odometer_end_km is None:
            return None
        return self.odometer_end_km - self.odometer_start_km

    @property
    def duration_hours(self) -> float | None:
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds() / 3600


class TripPhotoStage(models.TextChoices):
    START = "start", _("Bij vertrek")
    END = "end", _("Bij terugkomst")


class TripPhoto(models.Model):
    """A photo of the car at pick-up or return (typed by content, deel.uploads; served
    through a view that checks who may see the reservation, deel.files)."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="photos", verbose_name=_("rit"))
    stage = models.CharField(_("moment"), max_length=5, choices=TripPhotoStage.choices)
    image = models.ImageField(_("foto"), upload_to="trips/")
    uploaded_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("door"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ritfoto")
        verbose_name_plural = _("ritfoto's")
        ordering = ["trip", "stage", "pk"]

    def __str__(self):
        return f"{self.trip_id} {self.stage}"


class ReceiptKind(models.TextChoices):
    FUEL = "fuel", _("Tanken")
    CHARGING = "charging", _("Laden")
    OTHER = "other", _("Overig")


class Receipt(models.Model):
    """A fuel or charging receipt a member paid during a trip. Ledger turns each into an
    expense claim (it learns of them through `reservations.signals.receipt_added`)."""

    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, related_name="receipts")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="receipts")
    kind = models.CharField(_("soort"), max_length=10, choices=ReceiptKind.choices, default=ReceiptKind.FUEL)
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    litres = models.DecimalField(_("liters"), max_digits=7, decimal_places=2, null=True, blank=True)
    kwh = models.DecimalField(_("kWh"), max_digits=7, decimal_places=2, null=True, blank=True)
    photo = models.ImageField(_("foto van de bon"), upload_to="receipts/")
    paid_on = models.DateField(_("betaald op"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bon")
        verbose_name_plural = _("bonnen")
        constraints = [models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="receipt_amount_positive")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount_cents / 100:.2f}"


class BookingRules(models.Model):
    """A cooperative's booking rules (statutes settings, edited by the board).

    When a cooperative has no row yet, the defaults of the fields apply
    (`reservations.selectors.booking_rules_for`). Empty fair-use limits mean: no limit.
    """

    cooperative = models.OneToOneField(Cooperative, on_delete=models.CASCADE, related_name="booking_rules")
    min_duration_minutes = models.PositiveIntegerField(
        _("kortste boeking (minuten)"),
        default=30,
        validators=[MinValueValidator(5, _("Een boeking duurt minstens 5 minuten; kies 5 of meer."))],
    )
    max_duration_hours = models.PositiveIntegerField(
        _("langste boeking (uren)"),
        default=14 * 24,
        validators=[MinValueValidator(1, _("Een boeking moet minstens 1 uur kunnen duren; kies 1 of meer."))],
    )
    max_days_ahead = models.PositiveIntegerField(
        _("hoe ver vooruit boeken (dagen)"),
        default=90,
        validators=[MinValueValidator(1, _("Leden moeten minstens 1 dag vooruit kunnen boeken; kies 1 of meer."))],
    )
    min_notice_minutes = models.PositiveIntegerField(_("minimale aanlooptijd (minuten)"), default=0)
    max_hours_7d = models.PositiveIntegerField(_("max. uren in de komende 7 dagen"), null=True, blank=True)
    max_bookings_7d = models.PositiveIntegerField(_("max. boekingen in de komende 7 dagen"), null=True, blank=True)
    max_hours_30d = models.PositiveIntegerField(_("max. uren in de komende 30 dagen"), null=True, blank=True)
    max_bookings_30d = models.PositiveIntegerField(_("max. boekingen in de komende 30 dagen"), null=True, blank=True)
    max_weekend_bookings_30d = models.PositiveIntegerField(
        _("max. boekingen in weekend of op feestdagen (komende 30 dagen)"), null=True, blank=True
    )
    late_cancellation_hours = models.PositiveIntegerField(_("laat annuleren: binnen (uren) voor begin"), default=24)
    late_cancellation_fee_cents = models.PositiveIntegerField(
        _("laat annuleren: kosten (eurocent)"),
        default=0,
        help_text=_("Wat een lid betaalt voor een late annulering, in eurocent (500 is € 5,00). 0: geen kosten."),
    )
    reminder_minutes = models.PositiveIntegerField(_("herinnering (minuten) voor begin"), default=60)
    trip_photos_min = models.PositiveSmallIntegerField(
        _("foto's bij ophalen en terugbrengen (minimum)"),
        default=0,
        validators=[MaxValueValidator(6, _("Vraag hoogstens 6 foto's."))],
        help_text=_("0: foto's zijn vrijwillig."),
    )
    ev_min_battery_percent = models.PositiveSmallIntegerField(
        _("elektrische auto: accu bij terugbrengen minstens (%)"),
        null=True,
        blank=True,
        default=70,
        validators=[MaxValueValidator(100, _("Een percentage is hoogstens 100."))],
        help_text=_("Leeg: geen minimum."),
    )
    ev_reminder_minutes = models.PositiveIntegerField(
        _("elektrische auto: herinnering laden (minuten) voor einde"), default=90
    )
    min_fuel_at_return = models.CharField(
        _("brandstof bij terugbrengen minstens"),
        max_length=8,
        choices=FuelLevel.choices,
        blank=True,
        default="",
        help_text=_("Leeg: geen minimum. Komt een auto met minder terug, dan geldt de boete die de ALV vaststelde."),
    )
    key_code_margin_minutes = models.PositiveIntegerField(
        _("sleutelcode geldig vanaf (minuten) voor begin"),
        default=15,
        validators=[MaxValueValidator(240, _("Hoogstens 240 minuten."))],
    )
    updated_by = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("boekingsregels")
        verbose_name_plural = _("boekingsregels")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_duration_minutes__gte=5),
                name="rules_min_duration_5",
                violation_error_message=_("Een boeking duurt minstens 5 minuten; kies 5 of meer."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_duration_hours__gte=1),
                name="rules_max_duration_1",
                violation_error_message=_("Een boeking moet minstens 1 uur kunnen duren; kies 1 of meer."),
            ),
        ]

    def __str__(self):
        return f"{self.cooperative}: {self._meta.verbose_name}"

    def clean(self):
        # Rules that contradict each other would leave members unable to book at all.
        errors = {}
        if (
            self.min_duration_minutes
            and self.max_duration_hours
            and self.min_duration_minutes > self.max_duration_hours * 60
        ):
            errors["min_duration_minutes"] = _(
                "De kortste boeking (%(min)s minuten) is langer dan de langste boeking (%(max)s uur)."
            ) % {"min": self.min_duration_minutes, "max": self.max_duration_hours}
        for week, month, label in (
            ("max_hours_7d", "max_hours_30d", _("uren")),
            ("max_bookings_7d", "max_bookings_30d", _("boekingen")),
        ):
            low, high = getattr(self, week), getattr(self, month)
            if low is not None and high is not None and low > high:
                errors[week] = _(
                    "Het maximum aantal %(what)s in 7 dagen (%(week)s) is hoger dan dat in 30 dagen (%(month)s)."
                ) % {"what": label, "week": low, "month": high}
        if errors:
            raise ValidationError(errors)


class BookingRulesChange(models.Model):
    """One save of a cooperative's booking rules: who, when, and each changed rule with its
    old and new value (`{"max_hours_7d": [null, 20]}`). Appended, never changed."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("door"))
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    changes = models.JSONField(_("wijzigingen"), default=dict)

    class Meta:
        verbose_name = _("wijziging boekingsregels")
        verbose_name_plural = _("wijzigingen boekingsregels")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["cooperative", "-at"])]

    def __str__(self):
        return f"{self.cooperative_id} {self.at:%Y-%m-%d %H:%M}"


class CalendarToken(models.Model):
    """A secret, revocable address of an iCalendar feed (GET /cal/<token>.ics).

    Without a vehicle: the member's own bookings. With a vehicle: every booking of that
    car, for its caretaker. Revoking sets `revoked_at`; a revoked token answers 404.
    """

    token = models.CharField(max_length=64, unique=True, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="calendar_tokens")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agenda-adres")
        verbose_name_plural = _("agenda-adressen")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(revoked_at__isnull=True, vehicle__isnull=True),
                name="calendartoken_one_active_member",
            ),
            models.UniqueConstraint(
                fields=["member", "vehicle"],
                condition=models.Q(revoked_at__isnull=True, vehicle__isnull=False),
                name="calendartoken_one_active_vehicle",
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.vehicle or ''}".strip()


class WaitlistEntry(models.Model):
    """A member's request to be told when a car frees up for a time no car was free.

    When a booking that overlaps the wanted time is cancelled or shortened and a car is
    then free for the whole time, the member gets one e-mail (`notified_at`); nothing is
    held for them: whoever books first has the car."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="waitlist")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("lid"))
    starts_at = models.DateTimeField(_("van"))
    ends_at = models.DateTimeField(_("tot"))
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(_("bericht gestuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("wachtlijst")
        verbose_name_plural = _("wachtlijst")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")), name="waitlist_start_before_end"
            ),
            models.UniqueConstraint(
                fields=["member", "starts_at", "ends_at"],
                condition=models.Q(notified_at__isnull=True),
                name="waitlist_once_per_member_time",
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "ends_at"])]

    def __str__(self):
        return f"{self.member_id} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"
