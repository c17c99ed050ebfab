"""The state rules of governance.permissions, as the services and the pages use them."""

import datetime as dt

import pytest
from django.utils import timezone

from governance import permissions as perms
from governance import services
from governance.models import Meeting
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db


def test_meeting_states():
    coop, board, members = coop_with_members(3)
    now = timezone.now()
    draft = services.meeting_create(
        cooperative=coop, by=board, title="ALV", starts_at=now + dt.timedelta(days=30), location="Buurthuis"
    )
    assert perms.can_convene(draft) and perms.can_edit_agenda(draft)
    assert not perms.can_take_attendance(draft) and not perms.can_open_ballots(draft)
    assert not perms.can_give_proxy_for(draft, members[0], now)  # not offered before the convocation
    meeting, _proposal = convened_meeting(coop, board, starts_at=now + dt.timedelta(hours=1))
    assert not perms.can_convene(meeting) and perms.can_take_attendance(meeting)
    assert perms.checkin_open(meeting, now) and not perms.checkin_open(meeting, now - dt.timedelta(hours=2))
    assert perms.can_give_proxy_for(meeting, members[0], now)
    assert not perms.can_give_proxy_for(meeting, members[0], meeting.starts_at)
    assert not perms.can_close_meeting(meeting, now) and perms.can_close_meeting(meeting, meeting.starts_at)
    services.meeting_close(meeting=meeting, by=board, now=meeting.starts_at)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert not perms.can_edit_agenda(meeting) and not perms.checkin_open(meeting, meeting.starts_at)


def test_proxy_rules():
    coop, board, members = coop_with_members(4)
    meeting, _proposal = convened_meeting(coop, board, starts_at=timezone.now() + dt.timedelta(days=20))
    proxy = services.proxy_grant(meeting=meeting, grantor=members[0], holder=members[1])
    assert perms.can_revoke_proxy(proxy, members[0]) and perms.can_revoke_proxy(proxy, board)
    assert not perms.can_revoke_proxy(proxy, members[1]) and not perms.can_revoke_proxy(proxy, members[2])
    proxy = services.proxy_revoke(proxy=proxy, by=board)
    assert not perms.can_revoke_proxy(proxy, members[0])


def test_ballot_rules_and_whom_one_votes_for():
    coop, board, members = coop_with_members(4)
    starts = timezone.now() - dt.timedelta(hours=1)
    meeting, proposal = convened_meeting(coop, board, starts_at=starts)
    grant = services.proxy_grant(
        meeting=meeting, grantor=members[2], holder=members[0], now=starts - dt.timedelta(days=1)
    )
    present(meeting, members[0])
    assert perms.can_amend(proposal, meeting)
    ballot = services.ballot_open(proposal=proposal, by=board)
    proposal.refresh_from_db()
    assert not perms.can_amend(proposal, meeting)
    assert perms.can_cast_votes(ballot) and perms.can_close_ballot(ballot) and not perms.can_confirm_ballot(ballot)
    targets = perms.votes_to_cast(ballot=ballot, member=members[0], proxy_given=None, proxies_held=[grant], voted=set())
    assert targets == [None, members[2]]
    targets = perms.votes_to_cast(
        ballot=ballot, member=members[0], proxy_given=None, proxies_held=[grant], voted={(ballot.pk, members[0].pk)}
    )
    assert targets == [members[2]]
    assert perms.votes_to_cast(ballot=ballot, member=members[2], proxy_given=grant, proxies_held=[], voted=set()) == []
    ballot = services.ballot_close(ballot=ballot, by=board)
    assert not perms.can_cast_votes(ballot) and perms.can_confirm_ballot(ballot)
    assert perms.votes_to_cast(ballot=ballot, member=members[1], proxy_given=None, proxies_held=[], voted=set()) == []


def test_minutes_rules(held_meeting):
    assert perms.can_edit_minutes(None)
    minutes = services.minutes_draft(meeting=held_meeting["meeting"], by=held_meeting["board"])
    assert perms.can_edit_minutes(minutes)
    minutes = services.minutes_adopt(
        minutes=minutes, at_meeting=held_meeting["next"], chair_name="A", secretary_name="B"
    )
    assert not perms.can_edit_minutes(minutes)


def test_templates_compare_no_status_strings():
    import re
    from pathlib import Path

    import governance

    root = Path(governance.__file__).parent / "templates"
    pattern = re.compile(r'== *"|!= *"| in "')
    found = [
        f"{p.name}:{n}"
        for p in root.rglob("*.html")
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
