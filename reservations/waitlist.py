"""The waitlist: a member asks to be told when a car frees up for a time no car was free.

`waitlist_join` records the wish; when a booking is cancelled, shortened or returned
early, the booking services queue `waitlist_scan_task`, which e-mails every waiting
member for whose whole time a car is now free, once each (a conditional UPDATE claims the
notice). Nothing is held: whoever books first has the car.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from deel import mail
from members.models import Member

from .availability import free_vehicles
from .errors import WaitlistError
from .models import WaitlistEntry

# How many open wishes a member may have at a time.
MAX_OPEN_PER_MEMBER = 5


@transaction.atomic
def waitlist_join(*, member: Member, starts_at: dt.datetime, ends_at: dt.datetime) -> WaitlistEntry:
    """Put the member on the waitlist for [starts_at, ends_at): only when no car is free
    then (else they can book), in the future, once per time, at most MAX_OPEN_PER_MEMBER."""
    now = timezone.now()
    if starts_at >= ends_at:
        raise WaitlistError(_("Het einde moet na het begin liggen."))
    if ends_at <= now:
        raise WaitlistError(_("Deze tijd ligt al in het verleden."))
    if free_vehicles(cooperative=member.cooperative, starts_at=starts_at, ends_at=ends_at):
        raise WaitlistError(_("Er is dan al een auto vrij: je kunt hem nu reserveren."))
    waiting = WaitlistEntry.objects.filter(member=member, notified_at__isnull=True, ends_at__gt=now)
    if waiting.count() >= MAX_OPEN_PER_MEMBER:
        raise WaitlistError(
            _("Je staat al %(count)s keer op de wachtlijst; dat is het maximum.") % {"count": MAX_OPEN_PER_MEMBER}
        )
    try:
        with transaction.atomic():
            return WaitlistEntry.objects.create(
                cooperative_id=member.cooperative_id, member=member, starts_at=starts_at, ends_at=ends_at
            )
    except IntegrityError:
        raise WaitlistError(_("Je staat voor deze tijd al op de wachtlijst.")) from None


def is_waiting(*, member: Member, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    return WaitlistEntry.objects.filter(
        member=member, starts_at=starts_at, ends_at=ends_at, notified_at__isnull=True
    ).exists()


def waitlist_of(*, member: Member) -> list[WaitlistEntry]:
    """The member's open wishes (one query)."""
    return list(
        WaitlistEntry.objects.filter(member=member, notified_at__isnull=True, ends_at__gt=timezone.now()).order_by(
            "starts_at"
        )
    )


def _find_link(entry: WaitlistEntry) -> str:
    path = reverse("reservations:find", kwargs={"coop": entry.cooperative.slug})
    query = urlencode(
        {
            "starts_at": timezone.localtime(entry.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(entry.ends_at).strftime("%Y-%m-%dT%H:%M"),
        }
    )
    return f"{settings.DEEL_BASE_URL.rstrip('/')}{path}?{query}"


def waitlist_notify(*, cooperative_id: int) -> int:
    """E-mail each waiting member of the cooperative for whose time a car is free now,
    once (claimed by a conditional UPDATE before sending). Returns how many were told."""
    now = timezone.now()
    entries = list(
        WaitlistEntry.objects.filter(cooperative_id=cooperative_id, notified_at__isnull=True, ends_at__gt=now)
        .select_related("member__user", "cooperative")
        .order_by("created_at", "pk")
    )
    told = 0
    for entry in entries:
        cars = free_vehicles(cooperative=entry.cooperative, starts_at=max(entry.starts_at, now), ends_at=entry.ends_at)
        if not cars:
            continue
        with transaction.atomic():
            if not WaitlistEntry.objects.filter(pk=entry.pk, notified_at__isnull=True).update(notified_at=now):
                continue
            context = {
                "entry": entry,
                "name": entry.member.user.first_name or entry.member.name,
                "cars": ", ".join(f"{v.short_name} ({v.plate})" for v in cars),
                "link": _find_link(entry),
            }
            told += mail.send(
                template="reservations/email/waitlist_free.txt", context=context, to=[entry.member.user.email]
            )
    return told
