"""Four eyes on power: the roles treasurer and board are granted only with a second board
member's approval (in a one-person board: announced to every member by mail); the grant
and the approval are in the member's event log."""

import pytest
from django.core import mail
from django.urls import reverse

from members.errors import FourEyesRequired, InvalidTransition, MembershipError
from members.models import MemberEvent, MemberEventKind, MemberRole, Role, RoleGrant, RoleGrantStatus
from members.services import member_suspend, role_assign, role_grant_approve, role_grant_refuse
from tests.factories import CooperativeFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop():
    return CooperativeFactory(slug="linden")


@pytest.fixture
def board_a(coop):
    return MemberFactory(cooperative=coop, roles=[Role.BOARD])


@pytest.fixture
def board_b(coop):
    return MemberFactory(cooperative=coop, roles=[Role.BOARD])


def _holds(member, role):
    return MemberRole.objects.filter(member=member, role=role).exists()


def _kinds(member):
    return [(e.kind, e.by) for e in MemberEvent.objects.filter(member=member).order_by("at", "pk")]


def test_a_board_member_cannot_make_themselves_treasurer_alone(board_a, board_b):
    grant = role_assign(member=board_a, role=Role.TREASURER, by=board_a)
    assert isinstance(grant, RoleGrant) and grant.status == RoleGrantStatus.PENDING
    assert not _holds(board_a, Role.TREASURER)
    with pytest.raises(FourEyesRequired):
        role_grant_approve(grant=grant, by=board_a)
    assert not _holds(board_a, Role.TREASURER)

    role_grant_approve(grant=grant, by=board_b)
    assert _holds(board_a, Role.TREASURER)
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.APPROVED and grant.decided_by == board_b
    assert _kinds(board_a) == [(MemberEventKind.ROLE_REQUESTED, board_a), (MemberEventKind.ROLE_ASSIGNED, board_b)]


@pytest.mark.parametrize("role", [Role.TREASURER, Role.BOARD])
def test_granting_treasurer_or_board_to_another_waits_for_a_second_board_member(coop, board_a, board_b, role):
    member = MemberFactory(cooperative=coop)
    role_assign(member=member, role=role, by=board_a)
    assert not _holds(member, role)
    grant = RoleGrant.objects.get(member=member, role=role)
    assert role_assign(member=member, role=role, by=board_a) == grant  # asking twice: the same request
    role_grant_approve(grant=grant, by=board_b)
    assert _holds(member, role)


@pytest.mark.parametrize("role", [Role.CARETAKER, Role.AUDIT])
def test_other_roles_are_given_at_once(coop, board_a, board_b, role):
    member = MemberFactory(cooperative=coop)
    assert isinstance(role_assign(member=member, role=role, by=board_a), MemberRole)
    assert _holds(member, role) and not RoleGrant.objects.exists()


def test_the_other_board_members_are_asked_by_mail(coop, board_a, board_b, django_capture_on_commit_callbacks):
    member = MemberFactory(cooperative=coop)
    with django_capture_on_commit_callbacks(execute=True):
        role_assign(member=member, role=Role.TREASURER, by=board_a)
    assert [m.to for m in mail.outbox] == [[board_b.user.email]]
    assert reverse("members:board", kwargs={"coop": coop.slug}) in mail.outbox[0].body


def test_a_refused_grant_gives_no_role_and_is_logged(coop, board_a, board_b):
    member = MemberFactory(cooperative=coop)
    grant = role_assign(member=member, role=Role.TREASURER, by=board_a)
    role_grant_refuse(grant=grant, by=board_b)
    assert not _holds(member, Role.TREASURER)
    assert _kinds(member)[-1] == (MemberEventKind.ROLE_REFUSED, board_b)
    with pytest.raises(InvalidTransition):
        role_grant_approve(grant=grant, by=board_b)  # decided once


def test_the_requester_may_withdraw(coop, board_a, board_b):
    member = MemberFactory(cooperative=coop)
    grant = role_assign(member=member, role=Role.BOARD, by=board_a)
    role_grant_refuse(grant=grant, by=board_a)
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.REFUSED and not _holds(member, Role.BOARD)


def test_only_an_active_board_member_approves(coop, board_a, board_b):
    member = MemberFactory(cooperative=coop)
    treasurer = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    grant = role_assign(member=member, role=Role.TREASURER, by=board_a)
    with pytest.raises(MembershipError):
        role_grant_approve(grant=grant, by=treasurer)
    with pytest.raises(MembershipError):
        role_grant_approve(grant=grant, by=MemberFactory(roles=[Role.BOARD]))  # another cooperative
    member_suspend(member=board_b, reason="onderzoek", by=board_a)
    board_b.refresh_from_db()
    with pytest.raises(MembershipError):
        role_grant_approve(grant=grant, by=board_b)
    assert not _holds(member, Role.TREASURER)


def test_a_one_person_board_grants_at_once_and_every_member_hears_of_it(
    coop, board_a, django_capture_on_commit_callbacks
):
    member = MemberFactory(cooperative=coop)
    others = [MemberFactory(cooperative=coop) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        role_assign(member=member, role=Role.TREASURER, by=board_a)
    assert _holds(member, Role.TREASURER)
    grant = RoleGrant.objects.get(member=member)
    assert grant.status == RoleGrantStatus.ANNOUNCED
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted(m.user.email for m in [board_a, member, *others])
    assert all(len(m.to) == 1 for m in mail.outbox)  # one message each: addresses stay private
    assert member.name in mail.outbox[0].body and board_a.name in mail.outbox[0].body
    event = MemberEvent.objects.filter(member=member, kind=MemberEventKind.ROLE_ASSIGNED).get()
    assert event.by == board_a


def test_through_the_pages_a_second_board_member_approves(client, coop, board_a, board_b):
    member = MemberFactory(cooperative=coop)
    client.force_login(board_a.user)
    client.post(
        reverse("members:roles_assign", kwargs={"coop": coop.slug}),
        {"member": member.pk, "role": "treasurer", "action": "assign"},
    )
    assert not _holds(member, Role.TREASURER)
    grant = RoleGrant.objects.get(member=member)
    page = client.get(reverse("members:board", kwargs={"coop": coop.slug})).content.decode()
    approve = reverse("members:role_grant_approve", kwargs={"coop": coop.slug, "pk": grant.pk})
    assert member.name in page and approve not in page  # the requester cannot approve
    client.post(approve)
    assert not _holds(member, Role.TREASURER)

    client.force_login(board_b.user)
    page = client.get(reverse("members:board", kwargs={"coop": coop.slug})).content.decode()
    assert approve in page
    client.post(approve)
    assert _holds(member, Role.TREASURER)
    detail = client.get(reverse("members:detail", kwargs={"coop": coop.slug, "pk": member.pk})).content.decode()
    assert "Rol voorgesteld" in detail


def test_the_approval_pages_are_for_the_board_only(client, coop, board_a, board_b):
    member = MemberFactory(cooperative=coop)
    grant = role_assign(member=member, role=Role.TREASURER, by=board_a)
    client.force_login(member.user)
    for name in ("role_grant_approve", "role_grant_refuse"):
        assert client.post(reverse(f"members:{name}", kwargs={"coop": coop.slug, "pk": grant.pk})).status_code == 403
    outsider = MemberFactory(roles=[Role.BOARD])
    client.force_login(outsider.user)
    url = reverse("members:role_grant_approve", kwargs={"coop": outsider.cooperative.slug, "pk": grant.pk})
    assert client.post(url).status_code == 404
    assert not _holds(member, Role.TREASURER)
