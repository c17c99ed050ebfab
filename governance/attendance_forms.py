"""Forms of the meeting itself: the chair, paper proxies at the door, the item under discussion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import MemberChoiceField
from .selectors import entitled_members


class ChairForm(forms.Form):
    chair = MemberChoiceField(label=_("Voorzitter van deze vergadering"), queryset=None)

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = entitled_members(cooperative=cooperative).select_related("user")


class PaperProxyForm(forms.Form):
    grantor = MemberChoiceField(label=_("Volmachtgever (het lid dat niet komt)"), queryset=None)
    holder = MemberChoiceField(label=_("Gemachtigde (het lid dat stemt)"), queryset=None)
    paper_received = forms.BooleanField(
        label=_("Ik heb de ondertekende volmacht op papier ontvangen"),
        help_text=_("Bewaar het papier bij de stukken van de vergadering."),
    )

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        members = entitled_members(cooperative=cooperative).select_related("user").order_by("number", "pk")
        self.fields["grantor"].queryset = members
        self.fields["holder"].queryset = members


class CurrentItemForm(forms.Form):
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
