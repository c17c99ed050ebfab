"""Read-only admin for the platform admin: governance records change only through services."""

from django.contrib import admin

from .models import Ballot, Decision, Meeting, Minutes


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "cooperative", "starts_at", "status")
    list_filter = ("cooperative", "status")


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "status", "secret", "carried", "closed_at")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("number", "cooperative", "decided_on", "body", "kind", "title", "adopted")
    list_filter = ("cooperative", "body", "kind")
    search_fields = ("number", "title", "text")


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "status", "adopted_on")
