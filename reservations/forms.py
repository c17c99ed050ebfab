"""Forms of reservations. Times are entered in Europe/Amsterdam (the current time zone)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deel.money import limit_message, parse_euros
from deel.uploads import MultipleImageField, validate_image_upload

from . import estimates, services
from .models import BookingRules, FuelLevel, ReceiptKind, ReservationKind
from .rules import PAST_GRACE

DT_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DT_FORMAT, **kwargs)


def dt_field(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=LocalDateTimeInput(), input_formats=[DT_FORMAT, "%Y-%m-%d %H:%M"], **kwargs
    )


def next_whole_hour() -> dt.datetime:
    now = timezone.localtime()
    return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


QUARTER_SECONDS = 900


def next_quarter_hour(now: dt.datetime | None = None) -> dt.datetime:
    """The first quarter hour after `now` (local): 14:07 -> 14:15, 14:15:00 -> 14:30."""
    local = timezone.localtime(now)
    base = local.replace(second=0, microsecond=0)
    return base + dt.timedelta(minutes=15 - base.minute % 15)


class QuarterHourInput(LocalDateTimeInput):
    """A time picker that steps by a quarter hour (a booking starts and ends on one)."""

    def __init__(self, **kwargs):
        super().__init__(attrs={"step": str(QUARTER_SECONDS)}, **kwargs)


class PeriodForm(forms.Form):
    starts_at = dt_field(_("Van"))
    ends_at = dt_field(_("Tot"))

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            raise forms.ValidationError(_("Het einde moet na het begin liggen."), code="reversed")
        return data


class FindForm(PeriodForm):
    """The search (and booking) times: refused when reversed or in the past, before any
    car is shown; with the km the member expects to drive, for the estimate."""

    km = forms.IntegerField(
        label=_("Verwachte km"),
        min_value=0,
        max_value=5000,
        required=False,
        help_text=_("Voor de prijsschatting; je betaalt de echte kilometers."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget = QuarterHourInput()

    def clean(self):
        # The past first: it is said at its field even when the end is before the start too.
        start = self.cleaned_data.get("starts_at")
        if start and start < timezone.now() - PAST_GRACE:
            self.add_error("starts_at", forms.ValidationError(_("Dit tijdstip ligt in het verleden."), code="past"))
        return super().clean()

    @property
    def expected_km(self) -> int:
        km = self.cleaned_data.get("km") if hasattr(self, "cleaned_data") else None
        return estimates.DEFAULT_KM if km is None else km


class BookForm(FindForm):
    vehicle = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Notitie (optioneel)"), max_length=200, required=False)


class MaintenanceForm(PeriodForm):
    kind = forms.ChoiceField(
        label=_("Soort blokkade"),
        choices=[(ReservationKind.MAINTENANCE.value, _("Onderhoud")), (ReservationKind.CHARGING.value, _("Laden"))],
        initial=ReservationKind.MAINTENANCE,
    )
    note = forms.CharField(label=_("Reden"), max_length=200, required=False)

    def __init__(self, *args, charging: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not charging:  # only an electric car can be blocked for charging
            del self.fields["kind"]
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget = QuarterHourInput()


class SeriesForm(PeriodForm):
    vehicle: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Auto"), queryset=None)
    weeks = forms.IntegerField(label=_("Aantal weken"), min_value=2, max_value=services.MAX_WEEKS, initial=8)

    def __init__(self, *args, vehicles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = vehicles
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget = QuarterHourInput()
        self.fields["starts_at"].label = _("Eerste keer van")
        self.fields["ends_at"].label = _("Eerste keer tot")


class ReturnForm(forms.Form):
    returned_at = dt_field(_("Teruggebracht om"))


def _photos_field(label, help_text=None) -> MultipleImageField:
    return MultipleImageField(
        label=label,
        required=False,
        validators=[validate_image_upload],
        help_text=help_text or _("Maak een paar foto's rondom de auto (hoogstens 6)."),
    )


class TripStartForm(forms.Form):
    odometer_km = forms.IntegerField(label=_("Kilometerstand bij vertrek"), min_value=0)
    battery_percent = forms.IntegerField(label=_("Accu bij vertrek (%)"), min_value=0, max_value=100)
    photos = _photos_field(_("Foto's van de auto bij vertrek"))

    def __init__(self, *args, electric: bool = False, photos_min: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if not electric:
            del self.fields["battery_percent"]
        _photos_required(self, photos_min)


def _photos_required(form: forms.Form, photos_min: int) -> None:
    if photos_min:
        form.fields["photos"].required = True
        form.fields["photos"].help_text = _("Verplicht: minstens %(n)s foto's (hoogstens 6).") % {"n": photos_min}


class TripEndForm(forms.Form):
    odometer_km = forms.IntegerField(label=_("Kilometerstand bij terugkomst"), min_value=1)
    battery_percent = forms.IntegerField(label=_("Accu bij terugkomst (%)"), min_value=0, max_value=100)
    fuel_level = forms.ChoiceField(
        label=_("Tank bij terugkomst"), choices=[("", "—"), *FuelLevel.choices], required=False
    )
    returned_at = dt_field(
        _("Teruggebracht om"), required=False, help_text=_("Leeg laten als je op de geboekte eindtijd terug was.")
    )
    photos = _photos_field(_("Foto's van de auto bij terugkomst"))
    damage_description = forms.CharField(
        label=_("Nieuwe schade? (optioneel)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Wat, waar op de auto. Leeg laten als er niets nieuws is."),
    )
    damage_photos = _photos_field(_("Foto's van de schade"), help_text=_("Alleen bij nieuwe schade (hoogstens 6)."))

    def __init__(self, *args, electric: bool = False, photos_min: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["fuel_level" if electric else "battery_percent"]
        _photos_required(self, photos_min)

    def clean(self):
        data = super().clean()
        if data.get("damage_photos") and not (data.get("damage_description") or "").strip():
            self.add_error("damage_description", _("Beschrijf de schade op de foto's."))
        return data


class ReceiptForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=ReceiptKind.choices)
    amount = forms.CharField(label=_("Bedrag (€)"), max_length=20, help_text=_("Bijvoorbeeld 45,60"))
    paid_on = forms.DateField(label=_("Betaald op"), widget=forms.DateInput(attrs={"type": "date"}))
    litres = forms.DecimalField(label=_("Liters (optioneel)"), max_digits=7, decimal_places=2, required=False)
    kwh = forms.DecimalField(label=_("kWh (optioneel)"), max_digits=7, decimal_places=2, required=False)
    photo = forms.FileField(label=_("Foto van de bon"), validators=[validate_image_upload])

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("Die datum ligt in de toekomst; vul de datum op de bon in."))
        return paid_on

    def clean_amount(self):
        try:
            cents = parse_euros(self.cleaned_data["amount"])
        except ValueError:
            raise forms.ValidationError(_("Vul een bedrag in, bijvoorbeeld 45,60.")) from None
        if cents <= 0:
            raise forms.ValidationError(_("Het bedrag moet groter zijn dan nul."))
        too_much = limit_message("expense", cents)  # a receipt becomes an expense claim
        if too_much:
            raise forms.ValidationError(too_much)
        return cents


class DamageForm(forms.Form):
    description = forms.CharField(
        label=_("Wat is er beschadigd?"), widget=forms.Textarea, max_length=2000, help_text=_("Waar, wat en hoe.")
    )


# Rules added later: left empty in a post, they keep their default (older clients and scripts).
DEFAULTED_RULES = ("trip_photos_min", "ev_reminder_minutes", "key_code_margin_minutes")


class RulesForm(forms.ModelForm):
    class Meta:
        model = BookingRules
        fields = services.BOOKING_RULE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DEFAULTED_RULES:
            self.fields[name].required = False
        self.fields["late_cancellation_fee_cents"].required = False  # empty: no fee

    def clean_late_cancellation_fee_cents(self):
        return self.cleaned_data.get("late_cancellation_fee_cents") or 0

    def clean(self):
        data = super().clean()
        for name in DEFAULTED_RULES:
            if data.get(name) is None:
                data[name] = BookingRules._meta.get_field(name).get_default()
        return data
