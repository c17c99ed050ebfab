"""Read-only admin for the platform admin: the books change only through services.

Postings and transactions are immutable (database triggers refuse updates and deletes);
the other records are written by the treasurer's services, which check roles, periods and
numbering. The admin therefore shows, and never adds, changes or deletes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from deel.admin import AmountMixin, ReadOnlyAdmin, ReadOnlyInline
from deel.money import format_cents

from .models import (
    Account,
    CarCost,
    Expense,
    LedgerEvent,
    Period,
    Posting,
    Settlement,
    SettlementLine,
    Statement,
    StatementLine,
    Tariff,
    Transaction,
)


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "type", "purpose", "cooperative")
    list_filter = ("cooperative", "type", "purpose")
    search_fields = ("code", "name")
    list_select_related = ("cooperative",)


class PostingInline(AmountMixin, ReadOnlyInline):
    model = Posting
    fields = ("account", "amount", "member", "vehicle")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("account", "member__user", "vehicle")


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ("date", "description", "source_key", "period", "cooperative")
    list_filter = ("cooperative", "period")
    search_fields = ("description", "source_key")
    date_hierarchy = "date"
    list_select_related = ("cooperative", "period")
    inlines = (PostingInline,)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("cooperative", "period")


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    list_display = ("label", "cooperative", "starts_on", "ends_on", "status", "closed_by", "closed_at")
    list_filter = ("cooperative", "status")
    list_select_related = ("cooperative", "closed_by__user")


@admin.register(Tariff)
class TariffAdmin(ReadOnlyAdmin):
    list_display = ("valid_from", "vehicle_class", "per_km", "per_hour", "day_cap", "monthly_fee", "cooperative")
    list_filter = ("cooperative", "vehicle_class")
    list_select_related = ("cooperative",)


class StatementLineInline(ReadOnlyInline):
    model = StatementLine
    fields = ("date", "kind", "description", "amount_cents", "plate", "km", "minutes", "settlement")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("settlement__period")


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ("number", "member", "period_start", "period_end", "due", "payment_reference", "cooperative")
    list_filter = ("cooperative",)
    search_fields = ("number", "payment_reference", "member__user__email", "member__user__last_name")
    list_select_related = ("cooperative", "member__user")
    inlines = (StatementLineInline,)

    @admin.display(description=_("te betalen"))
    def due(self, obj: Statement) -> str:
        return format_cents(obj.amount_due_cents)


@admin.register(Expense)
class ExpenseAdmin(AmountMixin, ReadOnlyAdmin):
    list_display = ("spent_on", "member", "description", "amount", "status", "cooperative")
    list_filter = ("cooperative", "status")
    list_select_related = ("cooperative", "member__user")


@admin.register(CarCost)
class CarCostAdmin(AmountMixin, ReadOnlyAdmin):
    list_display = ("incurred_on", "vehicle", "category", "description", "amount", "spread_months", "cooperative")
    list_filter = ("cooperative", "category")
    list_select_related = ("cooperative", "vehicle")


class SettlementLineInline(ReadOnlyInline):
    model = SettlementLine
    fields = ("member", "km", "minutes", "paid_cents", "share_cents", "difference_cents")
    readonly_fields = fields


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin):
    list_display = ("period", "cooperative", "cost_cents", "income_cents", "reserve_cents", "posted_by", "posted_at")
    list_filter = ("cooperative",)
    list_select_related = ("cooperative", "period", "posted_by__user")
    inlines = (SettlementLineInline,)


@admin.register(LedgerEvent)
class LedgerEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "by", "note", "cooperative")
    list_filter = ("cooperative", "kind")
    date_hierarchy = "at"
    list_select_related = ("cooperative", "by__user")
