"""Forms of the books. Amounts are typed in euros (Dutch notation) and become cents."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deel.money import limit_message, parse_euro_amount, parse_euros
from deel.uploads import validate_document_upload
from governance.models import Decision
from members.models import Cooperative, Member, MemberStatus
from vehicles.models import Fuel, Vehicle, VehicleClass

from .models import CostCategory, Tariff
from .services import TARIFF_EDITABLE_FIELDS


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A form's model choice field, typed (to scope its queryset to the cooperative)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class EuroField(forms.CharField):
    """'12,50' or '1.234,56' to integer cents, at most the limit of its kind (MAX_CENTS)."""

    def __init__(
        self, *args: Any, limit: str, allow_negative: bool = False, allow_zero: bool = False, **kwargs: Any
    ) -> None:
        self.allow_negative = allow_negative
        self.allow_zero = allow_zero
        self.limit = limit
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0,00"}))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            cents = parse_euros(text)
        except ValueError:
            raise forms.ValidationError(_("Vul een bedrag in, bijvoorbeeld 12,50.")) from None
        if self.allow_zero and cents == 0:
            return 0
        if not self.allow_negative and cents <= 0:
            raise forms.ValidationError(_("Het bedrag moet groter zijn dan nul."))
        too_much = limit_message(self.limit, cents)
        if too_much:
            raise forms.ValidationError(too_much)
        return cents


class DecimalCommaField(forms.DecimalField):
    """A tariff in euros with sub-cent precision, read as `parse_euro_amount` reads it
    ('0,2350', '0.2350'; '1.000' is a thousand), at most the limit of its kind
    (MAX_CENTS); never negative."""

    default_error_messages = {"min_value": _("Het bedrag kan niet negatief zijn.")}

    def __init__(self, *args: Any, limit: str, **kwargs: Any) -> None:
        self.limit = limit
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0,00"}))
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            # Not an amount: the DecimalField below says it is not a number.
            with contextlib.suppress(ValueError):
                value = str(parse_euro_amount(value))
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        too_much = None if value in self.empty_values else limit_message(self.limit, value * 100)
        if too_much:
            raise forms.ValidationError(too_much)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ExpenseForm(forms.Form):
    description = forms.CharField(label=_("Omschrijving"), max_length=200)
    amount = EuroField(label=_("Bedrag (euro)"), limit="expense")
    spent_on = forms.DateField(label=_("Betaald op"), widget=DateInput(), initial=timezone.localdate)
    category = forms.ChoiceField(
        label=_("Soort"),
        choices=[(c, CostCategory(c).label) for c in CostCategory.values if c != CostCategory.DEPRECIATION],
        initial=CostCategory.FUEL,
    )
    vehicle = forms.ModelChoiceField(label=_("Auto"), queryset=Vehicle.objects.none(), required=False)
    attachment = forms.FileField(
        label=_("Foto of pdf van de bon"), required=False, validators=[validate_document_upload]
    )

    def __init__(self, *args: Any, cooperative: Cooperative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "vehicle").queryset = Vehicle.objects.filter(cooperative=cooperative)


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=200)


if TYPE_CHECKING:
    TariffModelForm = forms.ModelForm[Tariff]
else:  # ModelForm is generic for the type checker only (no django_stubs_ext at run time)
    TariffModelForm = forms.ModelForm


class TariffForm(TariffModelForm):
    """The fields are the service's (`TARIFF_EDITABLE_FIELDS`); the view hands them to
    `tariff_create`, which decides (the form never saves)."""

    valid_from = forms.DateField(label=_("Geldig vanaf"), widget=DateInput())
    vehicle_class = forms.ChoiceField(
        label=_("Klasse"), choices=[("", _("Alle auto's"))] + list(VehicleClass.choices), required=False
    )
    per_km = DecimalCommaField(label=_("Per km (euro)"), max_digits=8, decimal_places=4, limit="per_km")
    per_hour = DecimalCommaField(label=_("Per uur (euro)"), max_digits=8, decimal_places=4, initial=0, limit="per_hour")
    day_cap = DecimalCommaField(
        label=_("Maximum uurprijs per dag (euro)"), max_digits=8, decimal_places=2, required=False, limit="day_cap"
    )
    monthly_fee = DecimalCommaField(
        label=_("Contributie per maand (euro)"), max_digits=8, decimal_places=2, initial=0, limit="monthly_fee"
    )
    per_kwh = DecimalCommaField(
        label=_("Thuis laden: vergoeding per kWh (euro)"),
        max_digits=8,
        decimal_places=4,
        required=False,
        limit="per_kwh",
    )
    decision: forms.ModelChoiceField[Decision] = forms.ModelChoiceField(
        label=_("Besluit"), queryset=Decision.objects.none(), required=False
    )
    decision_reference = forms.CharField(label=_("Of: verwijzing naar het besluit"), max_length=200, required=False)

    class Meta:
        model = Tariff
        fields = TARIFF_EDITABLE_FIELDS

    def __init__(self, *args: Any, cooperative: Cooperative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "decision").queryset = Decision.objects.filter(
            cooperative=cooperative, adopted=True, replaced_by__isnull=True
        ).order_by("-decided_on")


class CarCostForm(forms.Form):
    vehicle = forms.ModelChoiceField(label=_("Auto"), queryset=Vehicle.objects.none())
    category = forms.ChoiceField(
        label=_("Kostensoort"),
        choices=[(c, CostCategory(c).label) for c in CostCategory.values if c != CostCategory.DEPRECIATION],
    )
    description = forms.CharField(label=_("Omschrijving"), max_length=200)
    amount = EuroField(
        label=_("Bedrag (euro)"),
        allow_negative=True,
        limit="car_cost",
        help_text=_("Negatief voor een terugbetaling."),
    )
    incurred_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    spread_months = forms.IntegerField(label=_("Spreiden over (maanden)"), min_value=1, max_value=60, initial=1)
    paid_by_member = forms.ModelChoiceField(
        label=_("Voorgeschoten door lid"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("Dan wordt het een declaratie van dat lid, die een ander beoordeelt."),
    )
    correction_reason = forms.CharField(
        label=_("Reden correctie"),
        max_length=200,
        required=False,
        help_text=_("Verplicht bij een negatief bedrag; alleen de penningmeester boekt een correctie."),
    )

    def __init__(self, *args: Any, cooperative: Cooperative, vehicles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "vehicle").queryset = vehicles
        _choices(self, "paid_by_member").queryset = Member.objects.filter(
            cooperative=cooperative, status=MemberStatus.ACTIVE
        ).select_related("user")

    def clean_amount(self) -> int:
        amount = self.cleaned_data["amount"]
        if not amount:
            raise forms.ValidationError(_("Het bedrag mag niet nul zijn."))
        return int(amount)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amount = data.get("amount")
        if amount is not None and amount < 0 and not (data.get("correction_reason") or "").strip():
            self.add_error("correction_reason", _("Geef de reden van de correctie op."))
        return data


class ReserveForm(forms.Form):
    amount = EuroField(label=_("Reserve (euro)"), allow_negative=True, required=False, limit="reserve")
    decision_reference = forms.CharField(label=_("Besluit (verwijzing)"), max_length=200)


def _last_month() -> str:
    first = timezone.localdate().replace(day=1)
    return f"{first - dt.timedelta(days=1):%Y-%m}"


class StatementMonthForm(forms.Form):
    """The month to issue statements for, as 'YYYY-MM' (what <input type=month> sends)."""

    month = forms.CharField(
        label=_("Maand"),
        initial=_last_month,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11", "pattern": r"\d{4}-\d{2}"}),
    )

    def clean_month(self) -> dt.date:
        text = self.cleaned_data["month"].strip()
        try:
            year, month = (int(part) for part in text.split("-"))
            return dt.date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Kies een maand, bijvoorbeeld 2026-11.")) from None


# --- budget -----------------------------------------------------------------------------


class BudgetNewForm(forms.Form):
    year = forms.IntegerField(label=_("Boekjaar"), min_value=2000, max_value=2100)


class BudgetSettingsForm(forms.Form):
    """The reserve and the tariff parameters the board chooses; the price per km follows."""

    reserve = EuroField(label=_("Reserve (euro)"), limit="reserve", allow_zero=True, required=False)
    per_hour = DecimalCommaField(label=_("Per uur (euro)"), max_digits=8, decimal_places=4, limit="per_hour")
    day_cap = DecimalCommaField(
        label=_("Maximum uurprijs per dag (euro)"), max_digits=8, decimal_places=2, required=False, limit="day_cap"
    )
    monthly_fee = DecimalCommaField(
        label=_("Contributie per maand (euro)"), max_digits=8, decimal_places=2, limit="monthly_fee"
    )
    expected_members = forms.IntegerField(label=_("Verwacht aantal leden"), min_value=0, max_value=100_000)
    valid_from = forms.DateField(label=_("Tarief geldig vanaf"), widget=DateInput())


class BudgetCarForm(forms.Form):
    """One car's budget: an amount per cost category and the expected use (blank is zero)."""

    expected_km = forms.IntegerField(label=_("Verwachte km"), min_value=0, max_value=10_000_000, required=False)
    expected_hours = forms.IntegerField(label=_("Verwachte uren"), min_value=0, max_value=1_000_000, required=False)

    def __init__(self, *args: Any, with_usage: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_usage:
            del self.fields["expected_km"], self.fields["expected_hours"]
        for value, label in CostCategory.choices:
            self.fields[f"cost_{value}"] = EuroField(label=label, limit="car_cost", allow_zero=True, required=False)

    def costs(self) -> dict[str, int]:
        return {value: self.cleaned_data.get(f"cost_{value}") or 0 for value in CostCategory.values}


class BudgetProposeForm(forms.Form):
    item: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Agendapunt"), queryset=Decision.objects.none())

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "item").queryset = items


class ChargingClaimForm(forms.Form):
    """Home charging: the kWh from meter readings, a charger export (CSV) or a figure with proof."""

    vehicle = forms.ModelChoiceField(label=_("Auto"), queryset=Vehicle.objects.none())
    charged_on = forms.DateField(label=_("Geladen op (of tot)"), widget=DateInput(), initial=timezone.localdate)
    meter_start = forms.DecimalField(
        label=_("Meterstand laadpaal begin (kWh)"),
        max_digits=10,
        decimal_places=3,
        min_value=0,
        required=False,
        localize=True,
    )
    meter_end = forms.DecimalField(
        label=_("Meterstand laadpaal eind (kWh)"),
        max_digits=10,
        decimal_places=3,
        min_value=0,
        required=False,
        localize=True,
    )
    export_file = forms.FileField(
        label=_("Of: export van de laadpaal (CSV)"),
        required=False,
        help_text=_("DEEL telt de kWh van alle sessies in het bestand op; het bestand zelf wordt niet bewaard."),
    )
    kwh = forms.DecimalField(
        label=_("Of: aantal kWh"), max_digits=9, decimal_places=3, min_value=0, required=False, localize=True
    )
    attachment = forms.FileField(
        label=_("Foto of pdf als bewijs"),
        required=False,
        validators=[validate_document_upload],
        help_text=_("Van de meter of het overzicht van de laadpaal. Verplicht als je het aantal kWh zelf invult."),
    )

    def __init__(self, *args: Any, cooperative: Cooperative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "vehicle").queryset = Vehicle.objects.filter(cooperative=cooperative, fuel=Fuel.ELECTRIC)
