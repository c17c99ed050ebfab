"""Forms of the car pages. The car, document and maintenance forms are ModelForms whose
fields are the services' own lists (what the service accepts is what the form asks)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from deel.money import limit_message, parse_euros
from deel.uploads import CheckedImageField, MultipleImageField, validate_image_upload
from members.models import Member, MemberStatus

from .models import (
    ContributionKind,
    DamageStatus,
    DocumentKind,
    Fuel,
    KeyBoxKind,
    MaintenanceEntry,
    Vehicle,
    VehicleClass,
    VehicleDocument,
    VehicleStatus,
)
from .plates import normalise_plate
from .services import (
    DOCUMENT_FIELDS,
    MAINTENANCE_FIELDS,
    VEHICLE_EDITABLE_FIELDS,
    validate_document_file,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MemberChoiceField(forms.ModelChoiceField):
    """A choice of member, shown by name."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class VehicleForm(forms.ModelForm):
    """The car's facts (services.VEHICLE_EDITABLE_FIELDS) and its photo. Used unbound to
    an instance: the view hands the cleaned data to vehicle_create / vehicle_update."""

    plate = forms.CharField(
        label=_("Kenteken"), max_length=12, help_text=_("Bijvoorbeeld AB-123-C; streepjes mag je weglaten.")
    )
    nickname = forms.CharField(label=_("Bijnaam"), max_length=40, required=False)
    make = forms.CharField(label=_("Merk"), max_length=40)
    model = forms.CharField(label=_("Model"), max_length=60)
    fuel = forms.ChoiceField(label=_("Brandstof"), choices=Fuel.choices)
    vehicle_class = forms.ChoiceField(label=_("Klasse"), choices=VehicleClass.choices, initial=VehicleClass.MEDIUM)
    seats = forms.IntegerField(label=_("Zitplaatsen"), min_value=1, max_value=9, initial=5)
    address = forms.CharField(label=_("Standplaats (adres)"), max_length=120)
    location_note = forms.CharField(
        label=_("Waar staat hij precies"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: parkeerplaats achter nr. 12."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=VehicleStatus.choices, initial=VehicleStatus.ACTIVE)
    buffer_minutes = forms.IntegerField(
        label=_("Buffer tussen reserveringen (minuten)"), min_value=0, max_value=240, initial=15
    )
    caretaker = MemberChoiceField(label=_("Autobeheerder"), queryset=Member.objects.none(), required=False)
    notes = forms.CharField(label=_("Bijzonderheden"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    photo = CheckedImageField(label=_("Foto"), required=False, validators=[validate_image_upload])

    class Meta:
        model = Vehicle
        fields = (*VEHICLE_EDITABLE_FIELDS, "photo")

    def __init__(self, *args: Any, cooperative: Any, may_assign_caretaker: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_assign_caretaker:
            del self.fields["caretaker"]  # only the board chooses who looks after a car
            return
        caretaker = self.fields["caretaker"]
        assert isinstance(caretaker, forms.ModelChoiceField)
        caretaker.queryset = Member.objects.filter(cooperative=cooperative, status=MemberStatus.ACTIVE).select_related(
            "user"
        )

    def clean_plate(self):
        try:
            return normalise_plate(self.cleaned_data["plate"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None

    @classmethod
    def initial_for(cls, vehicle: Vehicle) -> dict[str, Any]:
        return {name: getattr(vehicle, name) for name in VEHICLE_EDITABLE_FIELDS}


class OdometerForm(forms.Form):
    km = forms.IntegerField(label=_("Kilometerstand"), min_value=0, max_value=2_000_000)


class DamageForm(forms.Form):
    description = forms.CharField(
        label=_("Wat is er beschadigd?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat, waar op de auto, en wanneer je het zag."),
    )
    photos = MultipleImageField(
        label=_("Foto's"),
        required=False,
        validators=[validate_image_upload],
        help_text=_("Maximaal 6 foto's, elk tot 10 MB."),
    )


class DamageStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Nieuwe status"), choices=[c for c in DamageStatus.choices if c[0] != DamageStatus.REPORTED]
    )
    assessment = forms.CharField(label=_("Beoordeling"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DocumentForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Omschrijving"), max_length=120, required=False)
    expires_on = forms.DateField(label=_("Geldig tot"), required=False, widget=DateInput())
    file = forms.FileField(label=_("Bestand (PDF of foto)"), required=False, validators=[validate_document_file])

    class Meta:
        model = VehicleDocument
        fields = DOCUMENT_FIELDS


class MaintenanceForm(forms.ModelForm):
    performed_on = forms.DateField(label=_("Datum"), widget=DateInput())
    description = forms.CharField(label=_("Werkzaamheden"), max_length=200)
    km = forms.IntegerField(label=_("Kilometerstand"), min_value=0, required=False)
    garage = forms.CharField(label=_("Garage"), max_length=120, required=False)

    class Meta:
        model = MaintenanceEntry
        fields = MAINTENANCE_FIELDS


class ContributionForm(forms.Form):
    member = MemberChoiceField(label=_("Ingebracht door"), queryset=Member.objects.none())
    contributed_on = forms.DateField(label=_("Ingebracht op"), widget=DateInput())
    agreed_value = forms.CharField(label=_("Afgesproken waarde (€)"), help_text=_("Bijvoorbeeld 8.500,00"))
    depreciation_months = forms.IntegerField(
        label=_("Afschrijvingstermijn (maanden)"), min_value=1, max_value=240, initial=60
    )
    residual_value = forms.CharField(label=_("Restwaarde (€)"), initial="0,00", required=False)
    kind = forms.ChoiceField(label=_("Vorm"), choices=ContributionKind.choices)

    def __init__(self, *args: Any, cooperative: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ModelChoiceField)
        member.queryset = Member.objects.filter(
            cooperative=cooperative, status__in=(MemberStatus.ACTIVE, MemberStatus.SUSPENDED, MemberStatus.LEFT)
        ).select_related("user")

    def _cents(self, name):
        raw = self.cleaned_data.get(name) or "0"
        try:
            return parse_euros(raw)
        except (ValueError, ArithmeticError, ValidationError):
            raise forms.ValidationError(_("Vul een bedrag in euro's in, bijvoorbeeld 8.500,00.")) from None

    def _value(self, name):
        cents = self._cents(name)
        too_much = limit_message("contributed_value", cents)
        if too_much:
            raise forms.ValidationError(too_much)
        if cents < 0:
            raise forms.ValidationError(_("Het bedrag kan niet negatief zijn."))
        return cents

    def clean_agreed_value(self):
        return self._value("agreed_value")

    def clean_residual_value(self):
        return self._value("residual_value")


class KeyBoxForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort kast"), choices=KeyBoxKind.choices)
    box_id = forms.CharField(
        label=_("Kastnummer"),
        max_length=32,
        help_text=_("Het nummer dat in de kast is geprogrammeerd, bijvoorbeeld BB-01. Hoort bij elke code."),
    )
    location = forms.CharField(label=_("Waar hangt de kast"), max_length=120, required=False)
    digits = forms.TypedChoiceField(
        label=_("Cijfers controlecode"), choices=[(6, "6"), (7, "7"), (8, "8")], coerce=int, initial=6
    )
    step_minutes = forms.TypedChoiceField(
        label=_("Tijdstap"),
        choices=[(5, _("5 minuten")), (15, _("15 minuten")), (30, _("30 minuten")), (60, _("60 minuten"))],
        coerce=int,
        initial=15,
        help_text=_("Codes beginnen en eindigen op een hele tijdstap."),
    )
