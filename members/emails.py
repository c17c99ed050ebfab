"""E-mails of the members app (Dutch), sent after the transaction that caused them commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Member, MemberStatus, Role


def _url(name: str, **kwargs) -> str:
    return settings.DEEL_BASE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def application_received(member: Member) -> None:
    """Tell the board that a resident applied."""
    board = list(
        Member.objects.filter(
            cooperative_id=member.cooperative_id, status=MemberStatus.ACTIVE, roles__role=Role.BOARD
        ).select_related("user")
    )
    if not board:
        return
    send_mail(
        _("Nieuwe aanmelding bij %(coop)s") % {"coop": member.cooperative.name},
        _("%(name)s heeft zich aangemeld als lid. Bekijk de aanmelding en laat toe of wijs af:\n%(url)s")
        % {"name": member.name, "url": _url("members:board", coop=member.cooperative.slug)},
        None,
        [m.user.email for m in board],
    )


def admission_decided(member: Member) -> None:
    """Tell the applicant whether they were admitted."""
    coop = member.cooperative
    if member.status == MemberStatus.ACTIVE:
        subject = _("Welkom bij %(coop)s") % {"coop": coop.name}
        body = _(
            "Het bestuur heeft je toegelaten als lid van %(coop)s; je lidnummer is %(number)s.\n"
            "Log in om de auto's te bekijken en te reserveren:\n%(url)s"
        ) % {"coop": coop.name, "number": member.number, "url": _url("coop_home", coop=coop.slug)}
    else:
        subject = _("Je aanmelding bij %(coop)s") % {"coop": coop.name}
        body = _(
            "Het bestuur van %(coop)s heeft je aanmelding helaas afgewezen. "
            "Heb je vragen, neem dan contact op met het bestuur%(email)s."
        ) % {"coop": coop.name, "email": f" ({coop.email})" if coop.email else ""}
    send_mail(subject, body, None, [member.user.email])
