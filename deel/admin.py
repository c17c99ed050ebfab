"""Building blocks for the platform admin's read-only pages (records that only the
services may write: books, bookings, votes, payments)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from deel.money import format_cents


class ReadOnlyMixin:
    """No add, change or delete (the view permission of a superuser remains)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    actions = None


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False
    show_change_link = False


class AmountMixin:
    """An "amount" column for a model with `amount_cents`, as "€ 1.234,56"."""

    @admin.display(description=_("bedrag"))
    def amount(self, obj: Any) -> str:
        return format_cents(obj.amount_cents)
