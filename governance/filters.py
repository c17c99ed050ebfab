"""The decision register's filters (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Decision, DecisionBody, ProposalKind


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Soort"), choices=ProposalKind.choices, empty_label=_("Alle soorten"))
    body = django_filters.ChoiceFilter(label=_("Orgaan"), choices=DecisionBody.choices, empty_label=_("Alle"))
    year = django_filters.NumberFilter(label=_("Jaar"), field_name="decided_on", lookup_expr="year")
    adopted = django_filters.ChoiceFilter(
        label=_("Uitkomst"),
        choices=[("1", _("Aangenomen")), ("0", _("Verworpen"))],
        empty_label=_("Alle"),
        method="filter_adopted",
    )

    class Meta:
        model = Decision
        fields = ["q", "kind", "body", "year", "adopted"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value) | Q(number__icontains=value))

    def filter_adopted(self, queryset, name, value):
        return queryset.filter(adopted=value == "1")
