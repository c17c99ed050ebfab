"""The postings list's filters (django-filter)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from members.models import Member
from vehicles.models import Vehicle

from .models import Account, Period, Posting


class PostingFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="transaction__date",
        lookup_expr="gte",
        label=_("Vanaf"),
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="transaction__date",
        lookup_expr="lte",
        label=_("Tot en met"),
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    period = django_filters.ModelChoiceFilter(
        field_name="transaction__period", queryset=Period.objects.none(), label=_("Periode")
    )
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.none(), label=_("Rekening"))
    member = django_filters.ModelChoiceFilter(queryset=Member.objects.none(), label=_("Lid"))
    vehicle = django_filters.ModelChoiceFilter(queryset=Vehicle.objects.none(), label=_("Auto"))
    q = django_filters.CharFilter(
        field_name="transaction__description", lookup_expr="icontains", label=_("Omschrijving")
    )

    class Meta:
        model = Posting
        fields: list[str] = []

    def __init__(self, *args: Any, cooperative: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["period"].queryset = Period.objects.filter(cooperative=cooperative)
        self.filters["account"].queryset = Account.objects.filter(cooperative=cooperative)
        self.filters["member"].queryset = Member.objects.filter(cooperative=cooperative).select_related("user")
        self.filters["vehicle"].queryset = Vehicle.objects.filter(cooperative=cooperative)
