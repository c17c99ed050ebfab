"""E-mails of the members app: one function per message, each loading what the message
needs and sending it through deel.mail (templates members/email/*.txt, Dutch by default).
Sent by the tasks in tasks.py, which the services queue after their transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from deel import mail

from .models import Cooperative, Member, MemberStatus, Role, RoleGrant


def _url(name: str, **kwargs: str) -> str:
    return settings.DEEL_BASE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def application_received(*, member_id: int) -> int:
    """Tell the board that a resident applied (one message to the active board members;
    none when the cooperative has no active board)."""
    member = Member.objects.select_related("user", "cooperative").get(pk=member_id)
    board = Member.objects.filter(
        cooperative_id=member.cooperative_id, status=MemberStatus.ACTIVE, roles__role=Role.BOARD
    ).select_related("user")
    return mail.send(
        template="members/email/application_received.txt",
        context={"member": member, "url": _url("members:board", coop=member.cooperative.slug)},
        to=[m.user.email for m in board],
    )


def admission_decided(*, member_id: int) -> int:
    """Tell the applicant whether the board admitted them (welcome with their member
    number) or refused them."""
    member = Member.objects.select_related("user", "cooperative").get(pk=member_id)
    coop = member.cooperative
    if member.status == MemberStatus.ACTIVE:
        return mail.send(
            template="members/email/admitted.txt",
            context={"member": member, "coop": coop, "url": _url("coop_home", coop=coop.slug)},
            to=[member.user.email],
        )
    return mail.send(
        template="members/email/refused.txt",
        context={"member": member, "coop": coop, "contact": f" ({coop.email})" if coop.email else ""},
        to=[member.user.email],
    )


def account_exists(*, cooperative_id: int, email: str) -> int:
    """Someone applied on the public page with an address that already has an account:
    tell its owner (only they read it) to log in and apply, or to reset the password."""
    coop = Cooperative.objects.get(pk=cooperative_id)
    base = settings.DEEL_BASE_URL.rstrip("/")
    apply_path = reverse("members:apply", kwargs={"coop": coop.slug})
    return mail.send(
        template="members/email/account_exists.txt",
        context={
            "coop": coop,
            "login_url": f"{base}{reverse('account_login')}?next={apply_path}",
            "reset_url": base + reverse("account_reset_password"),
        },
        to=[email],
    )


def _grant(grant_id: int) -> RoleGrant:
    return RoleGrant.objects.select_related("member__user", "member__cooperative", "requested_by__user").get(
        pk=grant_id
    )


def role_grant_requested(*, grant_id: int) -> int:
    """Ask the other active board members to approve (or refuse) a grant of treasurer or
    board (one message each)."""
    grant = _grant(grant_id)
    coop = grant.member.cooperative
    board = (
        Member.objects.filter(cooperative=coop, status=MemberStatus.ACTIVE, roles__role=Role.BOARD)
        .exclude(pk=grant.requested_by_id)
        .select_related("user")
    )
    context = {"grant": grant, "coop": coop, "url": _url("members:board", coop=coop.slug)}
    return mail.send_each(
        template="members/email/role_grant_requested.txt",
        messages=[(m.user.email, context) for m in board],
    )


def role_grant_announced(*, grant_id: int) -> int:
    """A one-person board gave treasurer or board: every active member is told (one
    message each, so the addresses stay private)."""
    grant = _grant(grant_id)
    coop = grant.member.cooperative
    members = Member.objects.filter(cooperative=coop, status=MemberStatus.ACTIVE).select_related("user")
    context = {"grant": grant, "coop": coop, "contact": f" ({coop.email})" if coop.email else ""}
    return mail.send_each(
        template="members/email/role_grant_announced.txt",
        messages=[(m.user.email, context) for m in members],
    )
