"""Every write of the members app, and the rules other apps ask it about."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .errors import NotAllowedToBook
from .models import Member, MemberStatus


def member_assert_may_book(*, member: Member, on: dt.date | None = None) -> None:
    """Raise NotAllowedToBook (with the reason, in Dutch) unless `member` may book a car:
    an active member who drives, with a driving licence valid on `on` (default today)."""
    on = on or timezone.localdate()
    if member.status == MemberStatus.SUSPENDED:
        reason = member.suspension_reason or _("je lidmaatschap is geschorst")
        raise NotAllowedToBook(_("Je kunt niet reserveren: %(reason)s.") % {"reason": reason})
    if member.status != MemberStatus.ACTIVE:
        raise NotAllowedToBook(_("Je kunt niet reserveren: je bent geen actief lid."))
    if not member.may_drive:
        raise NotAllowedToBook(_("Je kunt niet reserveren: je staat niet geregistreerd als bestuurder."))
    if member.licence_expires_on is None:
        raise NotAllowedToBook(_("Je kunt niet reserveren: vul eerst je rijbewijsgegevens in bij je profiel."))
    if member.licence_expires_on < on:
        raise NotAllowedToBook(
            _("Je kunt niet reserveren: je rijbewijs is verlopen op %(date)s. Werk je rijbewijsgegevens bij.")
            % {"date": date_format(member.licence_expires_on, "j F Y")}
        )
