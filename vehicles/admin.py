"""Django admin for the platform admin: every list searchable by plate, filterable by
cooperative, one query per list. A cooperative's daily car work happens in the app."""

import datetime as dt

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deel.money import format_cents

from .models import (
    DamagePhoto,
    DamageReport,
    KeyBox,
    MaintenanceEntry,
    OdometerReading,
    Vehicle,
    VehicleContribution,
    VehicleDocument,
    VehicleEvent,
)
from .plates import normalise_plate
from .selectors import EXPIRY_WARNING_DAYS


class DocumentInline(admin.TabularInline):
    model = VehicleDocument
    extra = 0
    raw_id_fields = ["uploaded_by"]


class ContributionInline(admin.StackedInline):
    model = VehicleContribution
    extra = 0
    raw_id_fields = ["member"]


class VehicleEventInline(admin.TabularInline):
    """The car's history, read-only (appended by the services only)."""

    model = VehicleEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "summary", "actor")
    readonly_fields = ("created_at", "kind", "summary", "actor")
    ordering = ["-created_at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VehicleAdminForm(forms.ModelForm):
    class Meta:
        model = Vehicle
        exclude: list[str] = []

    def clean_plate(self):
        try:
            return normalise_plate(self.cleaned_data["plate"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None

    def clean(self):
        data = super().clean()
        coop, caretaker = data.get("cooperative"), data.get("caretaker")
        if coop and caretaker and caretaker.cooperative_id != coop.pk:
            self.add_error("caretaker", _("De autobeheerder moet lid zijn van dezelfde coöperatie als de auto."))
        return data


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    form = VehicleAdminForm
    list_display = ["plate", "nickname", "make", "model", "cooperative", "fuel", "status", "caretaker"]
    list_filter = ["cooperative", "status", "fuel", "vehicle_class"]
    search_fields = ["plate", "make", "model", "nickname", "address", "caretaker__user__last_name"]
    raw_id_fields = ["caretaker"]
    list_select_related = ["cooperative", "caretaker__user"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ContributionInline, DocumentInline, VehicleEventInline]


@admin.register(VehicleContribution)
class VehicleContributionAdmin(admin.ModelAdmin):
    list_display = ["vehicle", "member", "contributed_on", "agreed_value", "depreciation_months", "kind"]
    list_filter = ["vehicle__cooperative", "kind"]
    search_fields = ["vehicle__plate", "member__user__first_name", "member__user__last_name"]
    raw_id_fields = ["vehicle", "member"]
    list_select_related = ["vehicle", "member__user"]

    @admin.display(description=_("afgesproken waarde"), ordering="agreed_value_cents")
    def agreed_value(self, obj):
        return format_cents(obj.agreed_value_cents)


class ExpiryFilter(admin.SimpleListFilter):
    title = _("geldigheid")
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [
            ("expired", _("verlopen")),
            ("soon", _("verloopt binnen %(n)s dagen") % {"n": EXPIRY_WARNING_DAYS}),
            ("valid", _("geldig")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
        if self.value() == "expired":
            return queryset.filter(expires_on__lt=today)
        if self.value() == "soon":
            return queryset.filter(expires_on__gte=today, expires_on__lte=soon)
        if self.value() == "valid":
            return queryset.exclude(expires_on__lte=soon)
        return queryset


@admin.register(VehicleDocument)
class VehicleDocumentAdmin(admin.ModelAdmin):
    list_display = ["vehicle", "kind", "title", "expires_on", "cooperative"]
    list_filter = [ExpiryFilter, "kind", "vehicle__cooperative"]
    search_fields = ["vehicle__plate", "vehicle__nickname", "title"]
    raw_id_fields = ["vehicle", "uploaded_by"]
    list_select_related = ["vehicle__cooperative"]
    date_hierarchy = "expires_on"

    @admin.display(description=_("coöperatie"), ordering="vehicle__cooperative__name")
    def cooperative(self, obj):
        return obj.vehicle.cooperative


@admin.register(OdometerReading)
class OdometerReadingAdmin(admin.ModelAdmin):
    """Readings are history: the admin may look, not rewrite (that would break monotonicity).
    A reading typed far too high may be deleted, or it would block every later reading."""

    list_display = ["vehicle", "km", "recorded_at", "source", "recorded_by"]
    list_filter = ["source", "vehicle__cooperative"]
    search_fields = ["vehicle__plate", "vehicle__nickname"]
    list_select_related = ["vehicle", "recorded_by__user"]
    readonly_fields = ["vehicle", "km", "recorded_at", "source", "recorded_by"]
    date_hierarchy = "recorded_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DamagePhotoInline(admin.TabularInline):
    model = DamagePhoto
    extra = 0


@admin.register(DamageReport)
class DamageReportAdmin(admin.ModelAdmin):
    list_display = ["vehicle", "status", "reported_at", "reported_by", "repaired_at"]
    list_filter = ["status", "vehicle__cooperative"]
    search_fields = ["vehicle__plate", "vehicle__nickname", "description"]
    raw_id_fields = ["vehicle", "reported_by"]
    list_select_related = ["vehicle", "reported_by__user"]
    date_hierarchy = "reported_at"
    inlines = [DamagePhotoInline]


@admin.register(MaintenanceEntry)
class MaintenanceEntryAdmin(admin.ModelAdmin):
    list_display = ["vehicle", "performed_on", "description", "km", "garage"]
    list_filter = ["vehicle__cooperative"]
    search_fields = ["vehicle__plate", "vehicle__nickname", "description", "garage"]
    raw_id_fields = ["vehicle", "recorded_by"]
    list_select_related = ["vehicle"]
    date_hierarchy = "performed_on"


@admin.register(VehicleEvent)
class VehicleEventAdmin(admin.ModelAdmin):
    """A car's history is appended by the services, never rewritten: the admin only shows it."""

    list_display = ["created_at", "vehicle", "kind", "summary", "actor", "cooperative"]
    list_filter = ["kind", "cooperative"]
    search_fields = ["vehicle__plate", "vehicle__nickname", "summary"]
    list_select_related = ["vehicle", "actor__user", "cooperative"]
    readonly_fields = ["vehicle", "cooperative", "kind", "actor", "summary", "changes", "created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KeyBox)
class KeyBoxAdmin(admin.ModelAdmin):
    """Shown, never edited here: the secret is set and rotated by the caretaker in the app
    (vehicles.services.keybox_set / keybox_rotate_secret) and never shown; no codes here."""

    list_display = ["box_id", "vehicle", "kind", "secret_version", "rotated_at"]
    list_filter = ["kind", "vehicle__cooperative"]
    search_fields = ["box_id", "vehicle__plate"]
    list_select_related = ["vehicle"]
    fields = ("vehicle", "kind", "box_id", "location", "digits", "step_minutes", "secret_version", "rotated_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
