"""The governance demo: a past ALV with adopted minutes and the tariff decision, an upcoming one."""

import pytest
from django.utils import timezone

from deel.demo import governance as demo
from deel.demo import members as members_demo
from governance.models import Ballot, Decision, Meeting, MinutesStatus, Participation, Proxy

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_hands_over_the_tariff_decision():
    ctx = members_demo.DemoContext()
    members_demo.seed(ctx)
    demo.seed(ctx)
    decision = ctx.extra["tariff_decision"]
    assert decision.title == "Tarieven 2026" and decision.kind == "tariff" and decision.adopted
    past, mid, upcoming = Meeting.objects.filter(cooperative=ctx.coop).order_by("starts_at")
    days_ago = (timezone.now() - past.starts_at).days
    assert 320 <= days_ago <= 350
    assert past.minutes.status == MinutesStatus.ADOPTED and past.minutes.adopted_at_meeting == mid
    assert past.minutes.chair_name and past.minutes.secretary_name
    assert mid.minutes.status == MinutesStatus.DRAFT  # for the upcoming meeting to adopt
    assert Decision.objects.filter(meeting=past, kind="election").exists()
    assert 18 <= (upcoming.starts_at - timezone.now()).days <= 21
    assert upcoming.status == "convened"
    assert upcoming.items.filter(proposals__kind="tariff").exists()
    assert upcoming.items.filter(proposals__kind="election", proposals__candidates__isnull=False).exists()
    assert Proxy.objects.filter(meeting=upcoming).count() == 1
    counts = [
        Meeting.objects.count(),
        Ballot.objects.count(),
        Participation.objects.count(),
        Decision.objects.count(),
    ]
    ctx2 = members_demo.DemoContext()
    members_demo.seed(ctx2)
    demo.seed(ctx2)
    assert ctx2.extra["tariff_decision"] == decision
    assert counts == [
        Meeting.objects.count(),
        Ballot.objects.count(),
        Participation.objects.count(),
        Decision.objects.count(),
    ]
