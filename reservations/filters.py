"""django-filter sets of the reservation lists (mine, per car, per period, status)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from vehicles.models import Vehicle

from .models import ReservationStatus


class ReservationFilter(django_filters.FilterSet):
    vehicle = django_filters.ModelChoiceFilter(label=_("Auto"), queryset=Vehicle.objects.none())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReservationStatus.choices)
    date_from = django_filters.DateFilter(
        label=_("Vanaf"),
        field_name="ends_at",
        lookup_expr="date__gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("Tot en met"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, cooperative, with_vehicle=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_vehicle:
            self.filters["vehicle"].queryset = Vehicle.objects.filter(cooperative=cooperative)
        else:
            del self.filters["vehicle"]
