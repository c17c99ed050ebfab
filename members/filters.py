"""Filters of the member list (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Member, Role


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Zoeken"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("naam of straat")}),
    )
    role = django_filters.ChoiceFilter(
        field_name="roles__role", choices=Role.choices, label=_("Rol"), empty_label=_("alle leden")
    )

    class Meta:
        model = Member
        fields: list[str] = []

    def __init__(self, *args, sees_details: bool = False, **kwargs):
        """`sees_details`: the searcher may see addresses and contact details, so may search
        by them; anyone else finds members by name only (a search must not reveal what the
        page hides, such as who lives in a street)."""
        super().__init__(*args, **kwargs)
        self.sees_details = sees_details
        if not sees_details:
            self.form.fields["q"].widget.attrs["placeholder"] = _("naam")

    def search(self, queryset, name, value):
        value = value.strip()[:60]
        if not value:
            return queryset
        match = Q(user__first_name__icontains=value) | Q(user__last_name__icontains=value)
        if self.sees_details:
            match |= Q(street__icontains=value) | Q(user__email__icontains=value)
        return queryset.filter(match)
