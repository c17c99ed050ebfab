"""Forms of the payments pages. They parse input; the rules live in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from deel.money import parse_euros
from deel.uploads import validate_upload_size

from .models import PainVersion, PaymentMethod


class EuroField(forms.CharField):
    """An amount typed as people do ('12,50') -> integer cents."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_euros(value)
        except ValueError:
            raise ValidationError(_("Vul een bedrag in, bijvoorbeeld 12,50.")) from None


class PayForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Betaalwijze"),
        choices=[
            (PaymentMethod.IDEAL, PaymentMethod.IDEAL.label),
            (PaymentMethod.SEPA_DEBIT, PaymentMethod.SEPA_DEBIT.label),
        ],
        widget=forms.RadioSelect,
        initial=PaymentMethod.IDEAL,
    )
    statement = forms.IntegerField(required=False, widget=forms.HiddenInput)
    amount = EuroField(
        label=_("Bedrag"), required=False, help_text=_("Alleen bij saldo aanvullen, bijvoorbeeld 25,00.")
    )


class ConfirmForm(forms.Form):
    iban = forms.CharField(label=_("IBAN"), max_length=40, required=False)


class MandateForm(forms.Form):
    account_holder = forms.CharField(label=_("Naam rekeninghouder"), max_length=70)
    iban = forms.CharField(label=_("IBAN"), max_length=40)
    agree = forms.BooleanField(
        label=_("Ik machtig de coöperatie om mijn openstaande saldo van deze rekening af te schrijven."),
        required=True,
    )


class SettingsForm(forms.Form):
    stripe_secret_key = forms.CharField(
        label=_("Geheime Stripe-sleutel"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Begint met sk_live_ (of sk_test_ om te proberen). Leeg laten houdt de bewaarde sleutel."),
    )
    stripe_webhook_secret = forms.CharField(
        label=_("Webhookgeheim"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Begint met whsec_. Je vindt het bij de webhook in het Stripe-dashboard."),
    )
    remove_stripe = forms.BooleanField(
        label=_("Stripe-sleutels verwijderen (online betalen uitzetten)"), required=False
    )
    sepa_creditor_id = forms.CharField(
        label=_("Incassant-ID"),
        max_length=40,
        required=False,
        help_text=_(
            "Van je bank gekregen, bijvoorbeeld NL69ZZZ123456780000. Wordt gecontroleerd op de controlecijfers."
        ),
    )
    bic = forms.CharField(
        label=_("BIC van de coöperatie"),
        max_length=11,
        required=False,
        help_text=_("Mag leeg blijven: sinds 2016 is het IBAN genoeg."),
    )
    pain_version = forms.ChoiceField(label=_("Versie incassobestand"), choices=PainVersion.choices)
    prenotification_days = forms.IntegerField(
        label=_("Vooraankondiging (dagen)"),
        min_value=1,
        max_value=30,
        help_text=_(
            "Standaard 14 dagen. Korter alleen als de leden daarmee instemmen: de machtiging die een lid "
            "tekent noemt deze termijn, en een eerder getekende machtiging houdt de termijn van toen."
        ),
    )
    arrears_limit = EuroField(
        label=_("Achterstandsgrens"),
        required=False,
        help_text=_(
            "Als de statuten het regelen: boven dit bedrag, meer dan 28 dagen te laat, kan een lid niet reserveren."
        ),
    )


class BatchForm(forms.Form):
    collection_date = forms.DateField(
        label=_("Incassodatum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, earliest: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if earliest:
            self.fields["collection_date"].initial = earliest
            self.fields["collection_date"].widget.attrs["min"] = earliest.isoformat()


class BatchCancelForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "De bank heeft dit bestand geweigerd, of ik heb het niet bij de bank aangeboden (en doe dat ook niet)."
        ),
        required=True,
    )


class BankUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bankafschrift"), help_text=_("CAMT.053 (XML) of MT940, zoals je het downloadt bij je bank.")
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        validate_upload_size(file)
        return file


class AssignForm(forms.Form):
    """A member's id, or OTHER_INCOME for money from someone who is not a member (a sponsor)."""

    OTHER_INCOME = "other"

    member = forms.CharField(label=_("Lid"))
    note = forms.CharField(label=_("Van wie of waarvoor"), max_length=80, required=False)

    def clean_member(self) -> int | str:
        value = str(self.cleaned_data["member"]).strip()
        if value == self.OTHER_INCOME:
            return value
        try:
            return int(value)
        except ValueError:
            raise forms.ValidationError(_("Kies een lid.")) from None
