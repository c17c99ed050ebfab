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

    def search(self, queryset, name, value):
        value = value.strip()[:60]
        if not value:
            return queryset
        return queryset.filter(
            Q(user__first_name__icontains=value)
            | Q(user__last_name__icontains=value)
            | Q(street__icontains=value)
            | Q(user__email__icontains=value)
        )
