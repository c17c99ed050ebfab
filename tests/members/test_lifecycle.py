"""The membership life cycle: apply, admit/refuse, suspend/reinstate, leave."""

import datetime as dt

import pytest
from django.utils import timezone

from members.errors import InvalidLicence, InvalidTransition, LastBoardMember, NotAllowedToBook
from members.models import Member, MemberEvent, MemberEventKind, MemberRole, MemberStatus, Role
from members.services import (
    member_admit,
    member_apply,
    member_assert_may_book,
    member_leave,
    member_refuse,
    member_reinstate,
    member_suspend,
    role_assign,
    role_revoke,
)
from tests.factories import CooperativeFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _apply(coop, user=None, **kw):
    data = {
        "street": "Lindelaan 3",
        "postal_code": "2564 ab",
        "city": "Den Haag",
        "licence_number": "5123456789",
        "licence_expires_on": timezone.localdate() + dt.timedelta(days=400),
    }
    data.update(kw)
    return member_apply(cooperative=coop, user=user or UserFactory(), **data)


def test_full_life_cycle_records_who_and_when():
    coop = CooperativeFactory()
    board = MemberFactory(cooperative=coop, number=7, roles=[Role.BOARD])
    applicant = _apply(coop)
    assert applicant.status == MemberStatus.APPLIED and applicant.number is None
    assert applicant.postal_code == "2564 AB"
    with pytest.raises(NotAllowedToBook):
        member_assert_may_book(member=applicant)

    member_admit(member=applicant, by=board)
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.ACTIVE
    assert applicant.number == 8  # the next member number
    assert applicant.admitted_by == board and applicant.admitted_at is not None
    member_assert_may_book(member=applicant)

    member_suspend(member=applicant, reason="betalingsachterstand", by=None)
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.SUSPENDED
    with pytest.raises(NotAllowedToBook, match="betalingsachterstand"):
        member_assert_may_book(member=applicant)
    member_suspend(member=applicant, reason="nogmaals", by=None)  # idempotent
    applicant.refresh_from_db()
    assert applicant.suspension_reason == "betalingsachterstand"

    member_reinstate(member=applicant, by=board)
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.ACTIVE and applicant.suspension_reason == ""
    member_assert_may_book(member=applicant)

    member_leave(member=applicant, by=applicant)
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.LEFT and applicant.left_at is not None
    kinds = list(MemberEvent.objects.filter(member=applicant).order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        MemberEventKind.APPLIED,
        MemberEventKind.ADMITTED,
        MemberEventKind.SUSPENDED,
        MemberEventKind.REINSTATED,
        MemberEventKind.LEFT,
    ]
    assert MemberEvent.objects.get(member=applicant, kind=MemberEventKind.ADMITTED).by == board


def test_refuse_records_board_member_and_allows_new_application():
    coop = CooperativeFactory()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    applicant = _apply(coop)
    member_refuse(member=applicant, by=board, reason="Woont buiten de buurt")
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.REFUSED and applicant.refused_by == board
    with pytest.raises(InvalidTransition):
        member_admit(member=applicant, by=board)
    again = _apply(coop, user=applicant.user)
    assert again.pk == applicant.pk and again.status == MemberStatus.APPLIED


def test_double_application_is_refused():
    coop = CooperativeFactory()
    applicant = _apply(coop)
    with pytest.raises(InvalidTransition):
        _apply(coop, user=applicant.user)
    assert Member.objects.filter(user=applicant.user).count() == 1


def test_application_with_expired_licence_stores_nothing():
    coop = CooperativeFactory()
    user = UserFactory()
    with pytest.raises(InvalidLicence, match="verlopen"):
        _apply(coop, user=user, licence_expires_on=timezone.localdate() - dt.timedelta(days=1))
    assert not Member.objects.filter(user=user).exists()


def test_non_driver_needs_no_licence():
    coop = CooperativeFactory()
    member = _apply(coop, may_drive=False, licence_number="", licence_expires_on=None)
    assert member.status == MemberStatus.APPLIED


def test_expired_licence_blocks_booking_with_the_date():
    member = MemberFactory(licence_expires_on=dt.date(2020, 3, 1))
    with pytest.raises(NotAllowedToBook, match="verlopen op 1 mrt 2020"):
        member_assert_may_book(member=member)
    member_assert_may_book(member=member, on=dt.date(2020, 2, 28))


def test_admission_numbers_skip_to_the_highest():
    coop = CooperativeFactory()
    board = MemberFactory(cooperative=coop, number=41, roles=[Role.BOARD])
    a, b = _apply(coop), _apply(coop)
    member_admit(member=a, by=board)
    member_admit(member=b, by=board)
    assert (a.number, b.number) == (42, 43)


def test_last_board_role_cannot_be_revoked():
    coop = CooperativeFactory()
    only = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    with pytest.raises(LastBoardMember):
        role_revoke(member=only, role=Role.BOARD, by=only)
    with pytest.raises(LastBoardMember):
        member_leave(member=only, by=only)
    other = MemberFactory(cooperative=coop)
    role_assign(member=other, role=Role.BOARD, by=only)
    role_revoke(member=only, role=Role.BOARD, by=other)
    assert not MemberRole.objects.filter(member=only, role=Role.BOARD).exists()


def test_suspended_board_member_does_not_count_as_board():
    coop = CooperativeFactory()
    a = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    b = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    member_suspend(member=b, reason="onderzoek", by=a)
    with pytest.raises(LastBoardMember):
        role_revoke(member=a, role=Role.BOARD, by=a)


def test_board_cannot_suspend_its_last_active_member():
    """A suspended board member cannot act: suspending the last one would leave nobody to
    lift it. The system (arrears) may still suspend, and lifts it itself once paid."""
    coop = CooperativeFactory()
    only = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    with pytest.raises(LastBoardMember, match="laatste actieve bestuurslid"):
        member_suspend(member=only, reason="even niet", by=only)
    only.refresh_from_db()
    assert only.status == MemberStatus.ACTIVE
    assert not MemberEvent.objects.filter(member=only, kind=MemberEventKind.SUSPENDED).exists()
    member_suspend(member=only, reason="betalingsachterstand", by=None)
    only.refresh_from_db()
    assert only.status == MemberStatus.SUSPENDED


def test_role_assign_is_idempotent_and_needs_active_member():
    coop = CooperativeFactory()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    m = MemberFactory(cooperative=coop)
    role_assign(member=m, role=Role.TREASURER, by=board)
    role_assign(member=m, role=Role.TREASURER, by=board)
    assert MemberRole.objects.filter(member=m).count() == 1
    applicant = _apply(coop)
    with pytest.raises(InvalidTransition):
        role_assign(member=applicant, role=Role.CARETAKER, by=board)


def test_actor_of_other_cooperative_is_refused():
    from members.errors import MembershipError

    applicant = _apply(CooperativeFactory())
    stranger = MemberFactory(roles=[Role.BOARD])
    with pytest.raises(MembershipError):
        member_admit(member=applicant, by=stranger)
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.APPLIED


def test_board_hears_of_applications_and_applicant_of_the_decision(django_capture_on_commit_callbacks, mailoutbox):
    coop = CooperativeFactory(name="DEEL Lindenbuurt")
    board = MemberFactory(cooperative=coop, number=3, roles=[Role.BOARD])
    with django_capture_on_commit_callbacks(execute=True):
        applicant = _apply(coop)
    assert mailoutbox[-1].to == [board.user.email] and "Nieuwe aanmelding" in mailoutbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        member_admit(member=applicant, by=board)
    assert mailoutbox[-1].to == [applicant.user.email]
    assert "Welkom bij DEEL Lindenbuurt" in mailoutbox[-1].subject and "lidnummer is 4" in mailoutbox[-1].body
    other = _apply(coop)
    with django_capture_on_commit_callbacks(execute=True):
        member_refuse(member=other, by=board, reason="Woont buiten de buurt")
    assert mailoutbox[-1].to == [other.user.email] and "afgewezen" in mailoutbox[-1].body
