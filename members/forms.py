"""Forms of the members pages. The profile form asks exactly what member_update_profile
accepts (services.PROFILE_FIELDS) and the member's name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from .models import Member, Role, User
from .services import PROFILE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MembershipDetailsForm(forms.Form):
    """Address and driving licence: asked at application and kept up to date in the profile."""

    street = forms.CharField(label=_("Straat en huisnummer"), max_length=120)
    postal_code = forms.CharField(label=_("Postcode"), max_length=10)
    city = forms.CharField(label=_("Plaats"), max_length=80)
    phone = forms.CharField(
        label=_("Telefoon"), max_length=30, required=False, help_text=_("Zodat een autobeheerder je kan bereiken.")
    )
    may_drive = forms.BooleanField(label=_("Ik wil zelf rijden"), required=False, initial=True)
    licence_number = forms.CharField(label=_("Rijbewijsnummer"), max_length=20, required=False)
    licence_expires_on = forms.DateField(
        label=_("Rijbewijs geldig tot"),
        required=False,
        widget=DateInput(),
        help_text=_("Staat op je rijbewijs bij 4b."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("licence_number", "licence_expires_on"):
            self.fields[name].hide_optional = True  # required when "I drive" is ticked
        self.fields["licence_number"].help_text = _("Nodig als je zelf wilt rijden.")

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].replace(" ", "").upper()
        if len(code) == 6 and code[:4].isdigit() and code[4:].isalpha():
            return f"{code[:4]} {code[4:]}"
        raise forms.ValidationError(_("Vul een Nederlandse postcode in, zoals 2564 AB."))

    def clean(self):
        data = super().clean()
        if data.get("may_drive"):
            if not data.get("licence_number"):
                self.add_error("licence_number", _("Vul je rijbewijsnummer in als je zelf wilt rijden."))
            expires = data.get("licence_expires_on")
            if expires is None and "licence_expires_on" not in self.errors:
                self.add_error("licence_expires_on", _("Vul in tot wanneer je rijbewijs geldig is."))
            elif expires is not None and expires < timezone.localdate():
                self.add_error(
                    "licence_expires_on",
                    _("Je rijbewijs is verlopen; met een verlopen rijbewijs kun je niet rijden. Vernieuw het eerst."),
                )
        return data


class ApplicationForm(MembershipDetailsForm):
    motivation = forms.CharField(
        label=_("Iets over jezelf"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld waarvoor je een auto nodig hebt. Het bestuur leest mee."),
    )
    agree = forms.BooleanField(
        label=_("Ik heb de statuten en het huishoudelijk reglement gelezen en ga ermee akkoord"), required=True
    )


class AccountApplicationForm(ApplicationForm):
    """Application of a resident without an account: the account is made at the same time."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"), help_text=_("Hiermee log je straks in."))
    password1 = forms.CharField(label=_("Wachtwoord"), widget=forms.PasswordInput(render_value=False), strip=False)
    password2 = forms.CharField(label=_("Wachtwoord nog een keer"), widget=forms.PasswordInput, strip=False)

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def clean_email(self):
        # Whether the address already has an account is not told here (the page would
        # reveal who uses DEEL): services.applicant_signup mails that address's owner instead.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("De wachtwoorden zijn niet gelijk."))
        elif p1:
            probe = User(email=data.get("email") or "", first_name=data.get("first_name") or "")
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ProfileForm(MembershipDetailsForm):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    iban = forms.CharField(
        label=_("IBAN"), max_length=34, required=False, help_text=_("Voor terugbetalingen en automatische incasso.")
    )

    field_order = ["first_name", "last_name", *PROFILE_FIELDS]

    def clean_iban(self):
        raw = self.cleaned_data["iban"].replace(" ", "").upper()
        if not raw:
            return ""
        try:
            return IBAN(raw).compact
        except SchwiftyException:
            raise forms.ValidationError(_("Dit is geen geldig IBAN; controleer de cijfers.")) from None

    @classmethod
    def initial_for(cls, member: Member) -> dict[str, Any]:
        return {
            "first_name": member.user.first_name,
            "last_name": member.user.last_name,
            **{name: getattr(member, name) for name in PROFILE_FIELDS},
        }


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van de afwijzing"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wordt vastgelegd bij de aanmelding; de aanvrager kan ernaar vragen."),
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=200)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    action = forms.ChoiceField(choices=[("assign", "assign"), ("revoke", "revoke")], widget=forms.HiddenInput)
