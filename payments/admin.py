"""Read-only admin of payments for the platform admin: it shows, never adds, changes or deletes.

Money moves only through the services (they post to the ledger once per source). Secrets and
account numbers stay out: Stripe keys (even encrypted) are never shown, IBANs are masked
and the pain.008 XML (full of IBANs) is left to the treasurer's own download.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from deel.admin import AmountMixin, ReadOnlyAdmin, ReadOnlyInline
from deel.formats import mask_iban
from deel.money import format_cents

from .models import (
    BankImport,
    BankLine,
    Mandate,
    Payment,
    PaymentFlag,
    PaymentSettings,
    PaymentSettingsChange,
    SepaBatch,
    SepaCollection,
    StripeEvent,
)


@admin.register(PaymentSettings)
class PaymentSettingsAdmin(ReadOnlyAdmin):
    list_display = ("cooperative", "stripe_on", "pain_version", "prenotification_days", "arrears_limit")
    fields = ("cooperative", "stripe_on", "pain_version", "prenotification_days", "arrears_limit", "updated_at")
    readonly_fields = fields
    list_select_related = ("cooperative",)

    @admin.display(description=_("Stripe ingesteld"), boolean=True)
    def stripe_on(self, obj: PaymentSettings) -> bool:
        return obj.stripe_enabled

    @admin.display(description=_("achterstandsgrens"))
    def arrears_limit(self, obj: PaymentSettings) -> str:
        return format_cents(obj.arrears_limit_cents) if obj.arrears_limit_cents is not None else "-"


@admin.register(PaymentSettingsChange)
class PaymentSettingsChangeAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "cooperative", "changed_by", "what")
    list_filter = ("cooperative",)
    list_select_related = ("cooperative", "changed_by__user")
    fields = ("created_at", "cooperative", "changed_by", "what")
    readonly_fields = fields

    @admin.display(description=_("gewijzigd"))
    def what(self, obj: PaymentSettingsChange) -> str:
        return ", ".join(obj.changed_labels)


@admin.register(Payment)
class PaymentAdmin(AmountMixin, ReadOnlyAdmin):
    list_display = ("created_at", "member", "method", "amount", "status", "cooperative")
    list_filter = ("cooperative", "method", "status")
    search_fields = ("stripe_payment_intent_id", "member__user__email", "member__user__last_name")
    list_select_related = ("cooperative", "member__user")
    fields = (
        "cooperative",
        "member",
        "statement",
        "method",
        "amount",
        "refunded_cents",
        "status",
        "attempt",
        "stripe_payment_intent_id",
        "transaction",
        "description",
        "paid_on",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "event_id", "type", "object_id", "outcome", "cooperative")
    list_filter = ("cooperative", "type", "outcome")
    search_fields = ("event_id", "object_id")
    list_select_related = ("cooperative",)


@admin.register(Mandate)
class MandateAdmin(ReadOnlyAdmin):
    list_display = ("reference", "member", "masked_iban", "signed_on", "status", "last_used_on", "cooperative")
    list_filter = ("cooperative", "status")
    search_fields = ("reference", "member__user__email", "member__user__last_name")
    list_select_related = ("cooperative", "member__user")
    fields = (
        "cooperative",
        "member",
        "reference",
        "masked_iban",
        "bic",
        "account_holder",
        "signed_on",
        "status",
        "last_used_on",
        "ended_at",
        "ended_by",
    )
    readonly_fields = fields

    @admin.display(description=_("IBAN"))
    def masked_iban(self, obj: Mandate) -> str:
        return obj.iban_masked


class SepaCollectionInline(AmountMixin, ReadOnlyInline):
    model = SepaCollection
    fields = ("member", "mandate", "end_to_end_id", "sequence_type", "amount", "status", "return_reason")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("member__user", "mandate")


@admin.register(SepaBatch)
class SepaBatchAdmin(ReadOnlyAdmin):
    list_display = ("message_id", "collection_date", "count", "total", "created_at", "cancelled_at", "cooperative")
    list_filter = ("cooperative",)
    search_fields = ("message_id",)
    list_select_related = ("cooperative",)
    fields = (
        "cooperative",
        "message_id",
        "collection_date",
        "pain_version",
        "count",
        "total",
        "created_by",
        "created_at",
        "cancelled_at",
        "cancelled_by",
    )
    readonly_fields = fields
    inlines = (SepaCollectionInline,)

    @admin.display(description=_("totaal"))
    def total(self, obj: SepaBatch) -> str:
        return format_cents(obj.total_cents)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("xml")


class BankLineInline(AmountMixin, ReadOnlyInline):
    model = BankLine
    fields = ("booked_on", "amount", "counterparty_name", "counterparty", "description", "status", "member")
    readonly_fields = fields

    @admin.display(description=_("tegenrekening"))
    def counterparty(self, obj: BankLine) -> str:
        return mask_iban(obj.counterparty_iban)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("member__user")


@admin.register(BankImport)
class BankImportAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "filename",
        "format",
        "line_count",
        "new_count",
        "matched_count",
        "queued_count",
        "returned_count",
        "outgoing_count",
        "cooperative",
    )
    list_filter = ("cooperative", "format")
    search_fields = ("filename",)
    list_select_related = ("cooperative",)
    inlines = (BankLineInline,)


@admin.register(BankLine)
class BankLineAdmin(AmountMixin, ReadOnlyAdmin):
    list_display = ("booked_on", "amount", "counterparty_name", "counterparty", "status", "member", "cooperative")
    list_filter = ("cooperative", "status")
    search_fields = ("counterparty_name", "description", "end_to_end_id")
    list_select_related = ("cooperative", "member__user")
    fields = (
        "cooperative",
        "bank_import",
        "booked_on",
        "amount",
        "counterparty_name",
        "counterparty",
        "description",
        "end_to_end_id",
        "return_reason",
        "is_return",
        "status",
        "member",
        "statement",
        "sepa_batch",
        "transaction",
        "assigned_by",
    )
    readonly_fields = fields

    @admin.display(description=_("tegenrekening"))
    def counterparty(self, obj: BankLine) -> str:
        return mask_iban(obj.counterparty_iban)


@admin.register(PaymentFlag)
class PaymentFlagAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "member", "reason", "resolved_at", "resolved_by", "cooperative")
    list_filter = ("cooperative",)
    list_select_related = ("cooperative", "member__user", "resolved_by__user")
