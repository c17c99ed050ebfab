"""Django admin for the platform admin: creating cooperatives and fixing data by hand.
A cooperative's daily work (admission, roles) happens in the app itself."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from deel.admin import ReadOnlyAdmin
from deel.creditor_id import creditor_id_compact
from deel.errors import UploadRejected
from deel.uploads import accept_image

from . import services
from .models import AccessAction, Cooperative, Invitation, Member, MemberEvent, MemberRole, RoleGrant, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name")}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Data"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class CooperativeAdminForm(forms.ModelForm):
    class Meta:
        model = Cooperative
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose)

    def clean_logo(self):
        """The logo is a real JPEG/PNG/WebP by its content, stored under a generated name."""
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            try:
                return accept_image(logo)
            except UploadRejected as exc:
                raise forms.ValidationError(exc.message) from None
        return logo

    def clean_sepa_creditor_id(self) -> str:
        typed = self.cleaned_data["sepa_creditor_id"]
        compact = creditor_id_compact(typed) if typed.strip() else ""
        if compact is None:
            raise forms.ValidationError(_("Dit incassant-ID klopt niet: controleer de letters en cijfers."))
        return compact


@admin.register(Cooperative)
class CooperativeAdmin(admin.ModelAdmin):
    form = CooperativeAdminForm
    list_display = ["name", "slug", "city", "settlement_period", "electronic_voting_allowed"]
    search_fields = ["name", "slug", "city"]
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "email", "logo")}),
        (_("Adres en KvK (op elk afschrift)"), {"fields": ("street", "postal_code", "city", "kvk_number")}),
        (_("Bank en incasso"), {"fields": ("iban", "bic", "sepa_creditor_id", "payment_term_days")}),
        (
            _("Statuten: kostenverdeling"),
            {
                "fields": (
                    "settlement_period",
                    "settlement_key",
                    "settlement_scope",
                    "settlement_km_weight",
                    "settlement_hour_weight",
                )
            },
        ),
        (
            _("Statuten: ledenvergadering"),
            {
                "fields": (
                    "proxy_cap",
                    "notice_days",
                    "ordinary_majority_percent",
                    "qualified_majority_numerator",
                    "qualified_majority_denominator",
                    "quorum_percent",
                    "electronic_voting_allowed",
                    "election_method",
                    "election_tie_break",
                    "electronic_voting_conditions",
                    "meeting_request_percent",
                    "inspection_location",
                )
            },
        ),
        (_("Statuten: besluiten en tarieven"), {"fields": ("tariff_body", "deel_started_on")}),
        (_("Statuten: privacy"), {"fields": ("retention_years",)}),
    )


class MemberRoleInline(admin.TabularInline):
    model = MemberRole
    fk_name = "member"
    extra = 0
    raw_id_fields = ["assigned_by"]


class MemberEventInline(admin.TabularInline):
    model = MemberEvent
    fk_name = "member"
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "at", "by", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "cooperative", "number", "status", "role_list", "licence_expires_on"]
    list_filter = ["cooperative", "status", "roles__role", "may_drive"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "street",
        "postal_code",
        "licence_number",
        "=number",
    ]
    raw_id_fields = ["user", "admitted_by", "refused_by"]
    list_select_related = ["user", "cooperative"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MemberRoleInline, MemberEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening a member in the admin is a look at their personal data (access log)."""
        if request.method == "GET":
            member = self.get_object(request, object_id)
            if member is not None:
                services.personal_data_access_record(
                    members=[member],
                    user=request.user,
                    action=AccessAction.VIEWED,
                    fields=_("alle gegevens"),
                    place=_("beheer"),
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            services.personal_data_access_record(
                members=[obj],
                user=request.user,
                action=AccessAction.CHANGED,
                fields=", ".join(str(form.fields[name].label) for name in form.changed_data),
                place=_("beheer"),
            )

    @admin.display(description=_("e-mailadres"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description=_("rollen"))
    def role_list(self, obj):
        return ", ".join(r.get_role_display() for r in obj.roles.all()) or "—"


@admin.register(MemberRole)
class MemberRoleAdmin(admin.ModelAdmin):
    list_display = ["member", "role", "cooperative", "assigned_at", "assigned_by"]
    list_filter = ["role", "member__cooperative"]
    search_fields = ["member__user__email", "member__user__first_name", "member__user__last_name"]
    raw_id_fields = ["member", "assigned_by"]
    list_select_related = ["member__user", "member__cooperative", "assigned_by__user"]

    @admin.display(description=_("coöperatie"), ordering="member__cooperative__name")
    def cooperative(self, obj):
        return obj.member.cooperative


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    """Who proposed and who approved a treasurer or board role: a record, never edited here."""

    list_display = ["member", "role", "status", "requested_by", "requested_at", "decided_by", "decided_at"]
    list_filter = ["role", "status", "member__cooperative"]
    list_select_related = ["member__user", "requested_by__user", "decided_by__user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "cooperative", "created_at"]
    list_filter = ["cooperative"]
    search_fields = ["email"]
    raw_id_fields = ["invited_by"]
    list_select_related = ["cooperative"]
