"""The delivery log of convocations: one row per member, written while the e-mails go out
(governance.emails) and when a bounce is reported (services.convocation). Kept apart from
the services so that the sending code imports no service (and so no task)."""

from __future__ import annotations

import datetime as dt

from members.models import Member

from .models import Convocation, ConvocationDelivery, DeliveryStatus


def delivery_record(
    *, convocation: Convocation, member: Member, email: str, status: str, detail: str = "", now: dt.datetime
) -> ConvocationDelivery:
    """Log one member's delivery (called by governance.emails while sending). A retry of the
    task updates the row of a failed attempt; a sent message is never logged twice."""
    delivery, _created = ConvocationDelivery.objects.update_or_create(
        convocation=convocation,
        member=member,
        defaults={
            "email": email,
            "status": status,
            "detail": detail[:500],
            "sent_at": now if status == DeliveryStatus.SENT else None,
        },
    )
    return delivery
