from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .models import (
    DamagePhoto,
    DamageReport,
    MaintenanceEntry,
    OdometerReading,
    Vehicle,
    VehicleContribution,
    VehicleDocument,
)
from .plates import normalise_plate


class DocumentInline(admin.TabularInline):
    model = VehicleDocument
    extra = 0
    raw_id_fields = ["uploaded_by"]


class ContributionInline(admin.StackedInline):
    model = VehicleContribution
    extra = 0
    raw_id_fields = ["member"]


class VehicleAdminForm(forms.ModelForm):
    class Meta:
        model = Vehicle
        exclude: list[str] = []

    def clean_plate(self):
        try:
            return normalise_plate(self.cleaned_data["plate"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    form = VehicleAdminForm
    list_display = ["plate", "make", "model", "cooperative", "fuel", "status", "caretaker"]
    list_filter = ["cooperative", "fuel", "status"]
    search_fields = ["plate", "make", "model", "nickname"]
    raw_id_fields = ["caretaker"]
    list_select_related = ["cooperative", "caretaker__user"]
    inlines = [ContributionInline, DocumentInline]


@admin.register(VehicleContribution)
class VehicleContributionAdmin(admin.ModelAdmin):
    list_display = ["vehicle", "member", "contributed_on", "agreed_value_cents", "depreciation_months"]
    raw_id_fields = ["vehicle", "member"]


@admin.register(VehicleDocument)
class VehicleDocumentAdmin(admin.ModelAdmin):
    list_display = ["vehicle", "kind", "expires_on"]
    list_filter = ["kind", "vehicle__cooperative"]
    raw_id_fields = ["vehicle", "uploaded_by"]


@admin.register(OdometerReading)
class OdometerReadingAdmin(admin.ModelAdmin):
    """Readings are history: the admin may look, not rewrite (that would break monotonicity)."""

    list_display = ["vehicle", "km", "recorded_at", "source", "recorded_by"]
    list_filter = ["source", "vehicle__cooperative"]
    readonly_fields = ["vehicle", "km", "recorded_at", "source", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DamagePhotoInline(admin.TabularInline):
    model = DamagePhoto
    extra = 0


@admin.register(DamageReport)
class DamageReportAdmin(admin.ModelAdmin):
    list_display = ["vehicle", "status", "reported_at", "reported_by"]
    list_filter = ["status", "vehicle__cooperative"]
    raw_id_fields = ["vehicle", "reported_by"]
    inlines = [DamagePhotoInline]


@admin.register(MaintenanceEntry)
class MaintenanceEntryAdmin(admin.ModelAdmin):
    list_display = ["vehicle", "performed_on", "description", "garage"]
    list_filter = ["vehicle__cooperative"]
    raw_id_fields = ["vehicle", "recorded_by"]
