"""Admin of reservations for the platform admin: looking things up, never booking.

Reservations, trips and receipts change only through the services, which lock the car,
check the booking rules and (on SQLite) are the only guard against double bookings; the
board edits the booking rules on its own page. So the admin shows, and does not add,
change or delete. The one write it offers is revoking calendar addresses (a leaked
address), through the service; the secret itself is never shown.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from deel.admin import AmountMixin, ReadOnlyAdmin, ReadOnlyInline, ReadOnlyMixin

from . import services
from .models import BookingRules, BookingRulesChange, CalendarToken, Receipt, Reservation, ReservationEvent, Trip


class ReceiptInline(AmountMixin, ReadOnlyInline):
    model = Receipt
    fields = ("kind", "amount", "litres", "kwh", "paid_on", "created_at")
    readonly_fields = fields


class ReservationEventInline(ReadOnlyInline):
    model = ReservationEvent
    fields = ("at", "kind", "by", "note")
    readonly_fields = fields


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = ("starts_at", "ends_at", "vehicle", "member", "kind", "status", "returned_late", "cooperative")
    list_filter = ("cooperative", "status", "kind", "returned_late", "late_cancellation")
    search_fields = ("vehicle__plate", "vehicle__nickname", "member__user__email", "member__user__last_name")
    list_select_related = ("vehicle", "member__user", "cooperative")
    date_hierarchy = "starts_at"
    readonly_fields = (
        "cooperative",
        "vehicle",
        "member",
        "kind",
        "starts_at",
        "ends_at",
        "blocked_until",
        "status",
        "note",
        "returned_at",
        "returned_late",
        "cancelled_at",
        "late_cancellation",
        "series",
        "uid",
        "sequence",
        "reminder_sent_at",
        "odometer_request_sent_at",
        "late_notice_sent_at",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields
    inlines = [ReservationEventInline]


@admin.register(Trip)
class TripAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "ended_at", "vehicle", "member", "odometer_start_km", "odometer_end_km", "distance")
    list_filter = ("cooperative",)
    search_fields = ("vehicle__plate", "member__user__email", "member__user__last_name")
    list_select_related = ("vehicle", "member__user")
    date_hierarchy = "started_at"
    readonly_fields = (
        "reservation",
        "cooperative",
        "vehicle",
        "member",
        "started_at",
        "ended_at",
        "odometer_start_km",
        "odometer_end_km",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields
    inlines = [ReceiptInline]

    @admin.display(description=_("gereden km"))
    def distance(self, obj: Trip):
        return obj.distance_km


@admin.register(Receipt)
class ReceiptAdmin(AmountMixin, ReadOnlyAdmin):
    list_display = ("paid_on", "member", "kind", "amount", "litres", "kwh", "trip")
    list_filter = ("trip__cooperative", "kind")
    search_fields = ("member__user__email", "member__user__last_name", "trip__vehicle__plate")
    list_select_related = ("member__user", "trip__vehicle")
    date_hierarchy = "paid_on"
    readonly_fields = ("trip", "member", "kind", "amount", "litres", "kwh", "paid_on", "photo", "created_at")
    fields = readonly_fields


@admin.register(BookingRules)
class BookingRulesAdmin(ReadOnlyAdmin):
    list_display = (
        "cooperative",
        "min_duration_minutes",
        "max_duration_hours",
        "max_days_ahead",
        "min_notice_minutes",
        "late_cancellation_hours",
        "updated_by",
        "updated_at",
    )
    list_select_related = ("cooperative", "updated_by__user")
    readonly_fields = tuple(f.name for f in BookingRules._meta.fields if f.name != "id")
    fields = readonly_fields


@admin.register(BookingRulesChange)
class BookingRulesChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "cooperative", "by")
    list_filter = ("cooperative",)
    search_fields = ("cooperative__name", "by__user__last_name")
    list_select_related = ("cooperative", "by__user")
    readonly_fields = ("cooperative", "by", "at", "changes")
    fields = readonly_fields


@admin.register(CalendarToken)
class CalendarTokenAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Who has a feed address and whether it still works; the secret is not shown."""

    list_display = ("member", "vehicle", "created_at", "revoked_at", "is_active")
    list_filter = ("member__cooperative", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("member__user__email", "member__user__last_name", "vehicle__plate")
    list_select_related = ("member__user", "vehicle")
    fields = ("member", "vehicle", "created_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    @admin.display(description=_("werkt"), boolean=True)
    def is_active(self, obj: CalendarToken) -> bool:
        return obj.revoked_at is None

    @admin.action(description=_("Agenda-adressen intrekken"))
    def revoke(self, request, queryset):
        count = services.calendar_tokens_revoke(tokens=queryset)
        self.message_user(
            request,
            ngettext("%(n)s agenda-adres ingetrokken.", "%(n)s agenda-adressen ingetrokken.", count) % {"n": count},
            messages.SUCCESS,
        )
