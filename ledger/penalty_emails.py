"""E-mails about penalties: the notice with the reason, and the board's decision on a
dispute. Templates in ledger/templates/ledger/email/, sent through deel.mail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from deel import mail

from .models import Penalty, PenaltyDispute


def _context(penalty: Penalty) -> dict[str, Any]:
    coop = penalty.cooperative
    return {
        "penalty": penalty,
        "coop": coop,
        "name": penalty.member.user.first_name or penalty.member.name,
        "link": settings.DEEL_BASE_URL.rstrip("/")
        + reverse("ledger:my_balance", kwargs={"coop": coop.slug})
        + "#boetes",
    }


def send_penalty_notice(*, penalty_id: int) -> int:
    """Tell the member of the penalty, its amount and reason, and how to dispute it."""
    penalty = Penalty.objects.select_related("member__user", "cooperative", "rate__tariff__decision").get(pk=penalty_id)
    return mail.send(
        template="ledger/email/penalty_notice.txt", context=_context(penalty), to=[penalty.member.user.email]
    )


def send_dispute_decided(*, dispute_id: int) -> int:
    """Tell the member what the board decided on their dispute."""
    dispute = PenaltyDispute.objects.select_related("penalty__member__user", "penalty__cooperative").get(pk=dispute_id)
    context = {**_context(dispute.penalty), "dispute": dispute}
    return mail.send(
        template="ledger/email/dispute_decided.txt", context=context, to=[dispute.penalty.member.user.email]
    )
