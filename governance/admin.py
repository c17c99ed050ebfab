"""Read-only admin for the platform admin: governance records change only through services
(votes, decisions and adopted minutes are history; the database refuses changes too).
Secret ballots: the admin shows who voted and, separately, the anonymous votes, nothing more."""

from django import forms
from django.contrib import admin
from django.db import models

from deel.admin import ReadOnlyAdmin
from deel.admin import ReadOnlyInline as BaseReadOnlyInline

from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotStatus,
    Convocation,
    ConvocationDelivery,
    Decision,
    Meeting,
    MeetingRequest,
    Minutes,
    MinutesComment,
    Participation,
    Proposal,
    Proxy,
    Vote,
    WrittenConsent,
    WrittenResolution,
)


class ReadOnlyInline(BaseReadOnlyInline):
    def get_readonly_fields(self, request, obj=None):
        return self.fields


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ("position", "title", "document")


class ProxyInline(ReadOnlyInline):
    model = Proxy
    fk_name = "meeting"
    fields = ("grantor", "holder", "created_at", "revoked_at")


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ("member", "source", "checked_in_at")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "cooperative", "starts_at", "status")
    list_filter = ("cooperative", "status")
    search_fields = ("title", "location")
    date_hierarchy = "starts_at"
    list_select_related = ("cooperative",)
    inlines = [AgendaItemInline, ProxyInline, AttendanceInline]
    formfield_overrides = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "item", "amends")
    list_filter = ("kind", "item__meeting__cooperative")
    search_fields = ("title", "text")
    list_select_related = ("item", "amends")


class ParticipationInline(ReadOnlyInline):
    model = Participation
    fields = ("member", "cast_by", "via_proxy", "electronic", "choice", "cast_at")


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "status", "secret", "early", "carried", "closed_at")
    list_filter = ("status", "secret", "proposal__item__meeting__cooperative")
    list_select_related = ("proposal",)
    inlines = [ParticipationInline]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    """Anonymous: ballot and choice only, no time; listed in key order, which is random.
    Votes of an open ballot are not listed: watching them arrive would tell who chose what."""

    list_display = ("ballot", "choice", "candidate")
    list_filter = ("ballot__proposal__item__meeting__cooperative",)
    list_select_related = ("ballot__proposal", "candidate__member__user")

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(ballot__status=BallotStatus.OPEN)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("number", "cooperative", "decided_on", "body", "kind", "title", "adopted")
    list_filter = ("cooperative", "body", "kind", "adopted")
    search_fields = ("number", "title", "text")
    list_select_related = ("cooperative",)


class MinutesCommentInline(ReadOnlyInline):
    model = MinutesComment
    fields = ("member", "text", "created_at")


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "status", "adopted_on", "chair_name", "secretary_name")
    list_filter = ("status", "meeting__cooperative")
    list_select_related = ("meeting",)
    inlines = [MinutesCommentInline]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ("subject", "cooperative", "created_at", "threshold_reached_at", "board_deadline", "meeting")
    list_filter = ("cooperative",)
    list_select_related = ("cooperative", "meeting")


class WrittenConsentInline(ReadOnlyInline):
    model = WrittenConsent
    fields = ("member", "agrees", "created_at")


@admin.register(WrittenResolution)
class WrittenResolutionAdmin(ReadOnlyAdmin):
    list_display = ("title", "cooperative", "kind", "status", "created_at", "decision")
    list_filter = ("cooperative", "status")
    list_select_related = ("cooperative", "decision")
    inlines = [WrittenConsentInline]


class ConvocationDeliveryInline(ReadOnlyInline):
    model = ConvocationDelivery
    fields = ("member", "email", "status", "sent_at", "bounced_at", "detail")


@admin.register(Convocation)
class ConvocationAdmin(ReadOnlyAdmin):
    """The convocations as sent and, per member, their delivery: the evidence of the call."""

    list_display = ("meeting", "number", "kind", "sent_at", "sent_by")
    list_filter = ("kind", "meeting__cooperative")
    list_select_related = ("meeting", "sent_by__user")
    inlines = [ConvocationDeliveryInline]
