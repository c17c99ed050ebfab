"""Convocations: recording what was convened, supplementary convocations for items added
later, the delivery log per member (sent, bounced) and the rule that the agenda is fixed
once convened. The calendar rules are in governance.convocation."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deel.mail import after_commit
from members.models import Member

from .. import convocation as rules
from ..errors import AgendaFixed, ConvocationTooLate, GovernanceError
from ..locks import meeting_lock
from ..models import (
    AgendaItem,
    Convocation,
    ConvocationDelivery,
    ConvocationKind,
    DeliveryStatus,
    Meeting,
    MeetingEventKind,
    Proposal,
    ProposalKind,
)
from ..tasks import send_convocation
from .history import meeting_event_record


def _deadline_text(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment - dt.timedelta(minutes=1), rules.local_zone()), "j F Y")


def pending_items(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.items.filter(convocation__isnull=True).order_by("position"))


def pending_proposals(meeting: Meeting) -> list[Proposal]:
    """Proposals not announced by any convocation (amendments need none: they are made at
    the meeting on a proposal that was)."""
    return list(
        Proposal.objects.filter(item__meeting=meeting, convocation__isnull=True, amends__isnull=True)
        .select_related("item")
        .order_by("item__position", "pk")
    )


def proposal_convened(proposal: Proposal) -> bool:
    """A proposal may be voted on once a convocation announced it (an amendment: once its
    proposal was)."""
    target = proposal.amends if proposal.amends_id else proposal
    return target is not None and target.convocation_id is not None


def assert_agenda_open(*, meeting: Meeting, kind: str | None = None, now: dt.datetime | None = None) -> None:
    """After the convocation the agenda is fixed: an item or proposal added later needs a
    supplementary convocation, which must itself give the notice the statutes ask (7 days
    for a statute change). Refused (AgendaFixed) when that can no longer be done in time."""
    meeting = Meeting.objects.select_related("cooperative").get(pk=meeting.pk)  # its status now, not a cached one
    if not meeting.is_convened:
        return
    now = now or timezone.now()
    days = meeting.cooperative.notice_days
    if kind == ProposalKind.STATUTES:
        days = max(days, rules.STATUTES_NOTICE_DAYS)
    deadline = rules.notice_deadline(meeting, days)
    if now >= deadline:
        raise AgendaFixed(
            _(
                "De agenda ligt vast sinds de oproeping. Een aanvullende oproeping moest uiterlijk %(date)s "
                "(%(days)s dagen voor de vergadering) worden verstuurd; dit kan niet meer op deze vergadering."
            )
            % {"date": _deadline_text(deadline), "days": days},
            days=days,
            deadline=deadline,
        )


def convocation_record(*, meeting: Meeting, by: Member, kind: str, now: dt.datetime) -> Convocation:
    """Record a convocation and put the items and proposals it announces under it. The
    original one announces the whole agenda; a supplementary one what was still pending.
    Call with the meeting locked."""
    number = (meeting.convocations.aggregate(n=Max("number"))["n"] or 0) + 1
    convocation = Convocation.objects.create(
        meeting=meeting, number=number, kind=kind, sent_at=now, sent_by=by, meeting_starts_at=meeting.starts_at
    )
    items = meeting.items.all()
    proposals = Proposal.objects.filter(item__meeting=meeting, amends__isnull=True)
    if kind == ConvocationKind.SUPPLEMENTARY:
        items = items.filter(convocation__isnull=True)
        proposals = proposals.filter(convocation__isnull=True)
    convocation.announced = {
        "items": sorted(items.values_list("pk", flat=True)),
        "proposals": sorted(proposals.values_list("pk", flat=True)),
    }
    convocation.save(update_fields=["announced"])
    items.update(convocation=convocation)
    proposals.update(convocation=convocation)
    return convocation


@transaction.atomic
def convocation_supplement_send(
    *, meeting: Meeting, by: Member, now: dt.datetime | None = None, notify: bool = True
) -> Convocation:
    """Send a supplementary convocation (aanvullende oproeping) with the items and proposals
    added since the convocation. It meets the notice periods itself, counted to the day of
    the meeting: the statutes' period, and 7 days when it announces a statute change
    (ConvocationTooLate otherwise, nothing sent)."""
    now = now or timezone.now()
    meeting = meeting_lock(meeting=meeting)
    if not meeting.is_convened:
        raise GovernanceError(_("Een aanvullende oproeping hoort bij een opgeroepen vergadering."))
    items, proposals = pending_items(meeting), pending_proposals(meeting)
    if not items and not proposals:
        raise GovernanceError(_("Er is niets nieuws op de agenda om aanvullend op te roepen."))
    days = rules.required_notice_days(meeting, proposals)
    deadline = rules.notice_deadline(meeting, days)
    if now >= deadline:
        raise ConvocationTooLate(
            _(
                "De aanvullende oproeping is te laat: er zijn %(days)s dagen oproepingstermijn nodig, dus "
                "uiterlijk %(date)s. Zet deze punten op de agenda van een volgende vergadering."
            )
            % {"days": days, "date": _deadline_text(deadline)},
            days=days,
            deadline=deadline,
        )
    convocation = convocation_record(meeting=meeting, by=by, kind=ConvocationKind.SUPPLEMENTARY, now=now)
    meeting_event_record(
        meeting=meeting,
        kind=MeetingEventKind.SUPPLEMENTED,
        by=by,
        note=", ".join(str(i) for i in items) or ", ".join(p.title for p in proposals),
        at=now,
    )
    if notify:
        after_commit(send_convocation, meeting.pk, convocation.pk)
    return convocation


# Bounces ----------------------------------------------------------------------------------------


@transaction.atomic
def convocation_bounce_record(
    *, token: str | None = None, email: str = "", reason: str = "", now: dt.datetime | None = None
) -> ConvocationDelivery:
    """Record that a convocation bounced, found by the token of its X-DEEL-Delivery header
    (or, without it, the latest one sent to `email`). For a bounce webhook or the
    `convocation_bounce` command. Idempotent: a second report keeps the first time."""
    now = now or timezone.now()
    deliveries = ConvocationDelivery.objects.select_for_update()
    delivery = None
    if token:
        try:
            delivery = deliveries.filter(token=token).first()
        except (ValidationError, ValueError, TypeError):  # not a UUID
            delivery = None
    elif email:
        delivery = deliveries.filter(email__iexact=email.strip()).order_by("-sent_at", "-pk").first()
    if delivery is None:
        raise GovernanceError(_("Geen verstuurde oproeping gevonden bij deze melding."))
    if delivery.status != DeliveryStatus.BOUNCED:
        delivery.status = DeliveryStatus.BOUNCED
        delivery.bounced_at = now
        delivery.detail = reason[:500]
        delivery.save(update_fields=["status", "bounced_at", "detail"])
    return delivery
