"""Forms of governance: parse input only; the rules live in governance.services. A form
that edits a model's fields takes them from the service's editable-field list."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deel.uploads import validate_document_upload

from . import services
from .models import AgendaItem, Meeting, ProposalKind, VoteChoice
from .selectors import entitled_members


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    """The meeting's editable fields (services.MEETING_EDITABLE_FIELDS), for meeting_create
    and meeting_update: the view hands cleaned_data to the service, never saves the form."""

    title = forms.CharField(label=_("Titel"), max_length=120, initial=_("Algemene ledenvergadering"))
    starts_at = forms.DateTimeField(
        label=_("Datum en aanvang"), widget=LocalDateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    location = forms.CharField(label=_("Plaats"), max_length=200)
    online_url = forms.URLField(
        assume_scheme="https",
        label=_("Link om online deel te nemen"),
        required=False,
        help_text=_("Leeg laten als er geen online optie is."),
    )

    class Meta:
        model = Meeting
        fields = services.MEETING_EDITABLE_FIELDS

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value


class AgendaItemForm(forms.ModelForm):
    """An agenda item's editable fields (services.AGENDA_ITEM_EDITABLE_FIELDS), for
    agenda_item_add and agenda_item_update."""

    title = forms.CharField(label=_("Agendapunt"), max_length=200)
    description = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    document = forms.FileField(
        label=_("Document (PDF of afbeelding)"), required=False, validators=[validate_document_upload]
    )

    class Meta:
        model = AgendaItem
        fields = services.AGENDA_ITEM_EDITABLE_FIELDS


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=ProposalKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    text = forms.CharField(label=_("Voorstel (besluittekst)"), widget=forms.Textarea(attrs={"rows": 4}))
    explanation = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    seats = forms.IntegerField(
        label=_("Aantal zetels"), min_value=1, max_value=20, required=False, help_text=_("Alleen bij een verkiezing.")
    )
    text_available_from = forms.DateField(
        label=_("Volledige tekst ter inzage sinds"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Alleen bij een statutenwijziging: uiterlijk 5 dagen voor de vergadering."),
    )


class AmendmentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    text = forms.CharField(label=_("Gewijzigde tekst"), widget=forms.Textarea(attrs={"rows": 4}))
    explanation = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.number})" if obj.number else obj.name


class CandidateForm(forms.Form):
    member = MemberChoiceField(label=_("Kandidaat"), queryset=None)
    statement = forms.CharField(label=_("Motivatie"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = entitled_members(cooperative=cooperative).select_related("user")


class ProxyForm(forms.Form):
    holder = MemberChoiceField(label=_("Gemachtigde (het lid dat voor jou stemt)"), queryset=None)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = (
            entitled_members(cooperative=member.cooperative).exclude(pk=member.pk).select_related("user")
        )


class CheckinForm(forms.Form):
    code = forms.CharField(label=_("Aanmeldcode"), max_length=8)


class BallotOpenForm(forms.Form):
    secret = forms.BooleanField(label=_("Geheime stemming"), required=False)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Je stem"),
        widget=forms.RadioSelect,
        choices=[(VoteChoice.FOR, _("Voor")), (VoteChoice.AGAINST, _("Tegen")), (VoteChoice.ABSTAIN, _("Onthouding"))],
    )
    proxy_for = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ElectionVoteForm(forms.Form):
    candidates = forms.MultipleChoiceField(label=_("Kandidaten"), widget=forms.CheckboxSelectMultiple, required=False)
    blank = forms.BooleanField(label=_("Blanco stemmen"), required=False)
    proxy_for = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, proposal, ballot=None, **kwargs):
        super().__init__(*args, **kwargs)
        standing = set(ballot.candidate_ids) if ballot is not None and ballot.candidate_ids else None
        self.fields["candidates"].choices = [
            (c.pk, c.member.name) for c in proposal.candidates.all() if standing is None or c.pk in standing
        ]
        seats = ballot.round_seats if ballot is not None else proposal.seats or 1
        self.fields["candidates"].help_text = _("Kies ten hoogste %(seats)s.") % {"seats": seats}

    def clean(self):
        data = super().clean()
        if not data.get("blank") and not data.get("candidates"):
            raise forms.ValidationError(_("Kies een of meer kandidaten, of stem blanco."))
        return data

    @property
    def choice(self):
        return "blank" if self.cleaned_data.get("blank") else [int(c) for c in self.cleaned_data["candidates"]]


class MinutesForm(forms.Form):
    general = forms.CharField(label=_("Algemeen"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, minutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["general"].initial = minutes.content.get("general", "")
        for item in minutes.content.get("items", []):
            self.fields[f"notes_{item['position']}"] = forms.CharField(
                label=f"{item['position']}. {item['title']}",
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                initial=item.get("notes", ""),
            )

    def note_fields(self) -> list[forms.BoundField]:
        """The notes per agenda item (every field but the general one), in agenda order."""
        return [self[name] for name in self.fields if name.startswith("notes_")]

    def notes(self) -> dict[int, str]:
        return {
            int(name.split("_", 1)[1]): value for name, value in self.cleaned_data.items() if name.startswith("notes_")
        }


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Opmerking bij het concept"), widget=forms.Textarea(attrs={"rows": 3}))


class AdoptForm(forms.Form):
    at_meeting = forms.ModelChoiceField(label=_("Vastgesteld door de ALV van"), queryset=Meeting.objects.none())
    chair_name = forms.CharField(label=_("Voorzitter"), max_length=120)
    secretary_name = forms.CharField(label=_("Secretaris"), max_length=120)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = Meeting.objects.filter(
            cooperative=meeting.cooperative, starts_at__gt=meeting.starts_at
        ).order_by("starts_at")


class BoardDecisionForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    text = forms.CharField(label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(label=_("Soort"), choices=ProposalKind.choices)
    decided_on = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))


class MeetingRequestForm(forms.Form):
    subject = forms.CharField(label=_("Onderwerp"), max_length=200)
    reason = forms.CharField(
        label=_("Wat moet de ALV behandelen, en waarom?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class WrittenResolutionForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    text = forms.CharField(label=_("Voorstel"), widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(label=_("Soort"), choices=ProposalKind.choices)
    deadline = forms.DateField(
        label=_("Uiterlijk beantwoorden op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Tot en met deze dag kunnen de leden antwoorden; daarna vervalt het voorstel. Leeg: 14 dagen."),
    )

    def clean_deadline(self):
        """The end of the chosen day, in local time (the service takes a moment)."""
        day = self.cleaned_data.get("deadline")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


class ProposalDocumentForm(forms.Form):
    """A document behind a proposal: a PDF or image by its content."""

    title = forms.CharField(label=_("Titel van het stuk"), max_length=200)
    file = forms.FileField(label=_("Bestand (PDF of afbeelding)"), validators=[validate_document_upload])


class RequestedMeetingForm(forms.Form):
    """The requesters convene the ALV themselves: when and where."""

    starts_at = forms.DateTimeField(
        label=_("Datum en aanvang"), widget=LocalDateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    location = forms.CharField(label=_("Plaats"), max_length=200)
    online_url = forms.URLField(assume_scheme="https", label=_("Link om online deel te nemen"), required=False)

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        return timezone.make_aware(value) if timezone.is_naive(value) else value
