"""The members app's state rules in one place (permissions), its e-mails through deel.mail
after commit, and the forms asking what the services accept."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members import emails, services
from members import permissions as perms
from members.forms import ProfileForm
from members.models import MemberStatus, Role
from tests.factories import CooperativeFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

STATUSES = [MemberStatus.APPLIED, MemberStatus.ACTIVE, MemberStatus.SUSPENDED, MemberStatus.LEFT, MemberStatus.REFUSED]


def _subject(coop, status):
    admitted = status not in (MemberStatus.APPLIED, MemberStatus.REFUSED)
    return MemberFactory(cooperative=coop, status=status, number=None, admitted_at=timezone.now() if admitted else None)


@pytest.mark.parametrize("status", STATUSES)
def test_life_cycle_predicates_follow_the_status(status):
    coop = CooperativeFactory()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    plain = MemberFactory(cooperative=coop)
    subject = _subject(coop, status)
    assert perms.can_admit(board, subject) is perms.can_refuse(board, subject) is (status == MemberStatus.APPLIED)
    assert perms.can_suspend(board, subject) is (status == MemberStatus.ACTIVE)
    assert perms.can_reinstate(board, subject) is (status == MemberStatus.SUSPENDED)
    assert perms.can_remove(board, subject) is (status in (MemberStatus.ACTIVE, MemberStatus.SUSPENDED))
    assert perms.can_leave(subject) is (status in (MemberStatus.ACTIVE, MemberStatus.SUSPENDED))
    assert perms.can_assign_roles_to(board, subject) is (status == MemberStatus.ACTIVE)
    for rule in (perms.can_admit, perms.can_suspend, perms.can_reinstate, perms.can_remove, perms.can_assign_roles_to):
        assert not rule(plain, subject)


def test_member_properties_for_templates():
    today = timezone.localdate()
    coop = CooperativeFactory()
    suspended = _subject(coop, MemberStatus.SUSPENDED)
    assert suspended.is_suspended and not suspended.is_active and not suspended.is_applied
    assert _subject(coop, MemberStatus.APPLIED).is_applied
    assert _subject(coop, MemberStatus.REFUSED).is_refused and _subject(coop, MemberStatus.LEFT).has_left
    expired = MemberFactory(cooperative=coop, licence_expires_on=today - dt.timedelta(days=1))
    soon = MemberFactory(cooperative=coop, licence_expires_on=today + dt.timedelta(days=30))
    missing = MemberFactory(cooperative=coop, licence_expires_on=None)
    walker = MemberFactory(cooperative=coop, may_drive=False, licence_expires_on=None)
    assert expired.licence_is_expired and perms.licence_state(expired) == "expired"
    assert soon.licence_expires_soon and not soon.licence_is_expired and perms.licence_state(soon) == "expiring"
    assert missing.licence_is_missing and perms.licence_state(missing) == "missing"
    assert not (walker.licence_is_missing or walker.licence_is_expired) and perms.licence_state(walker) == "none"


def _apply(coop):
    return services.member_apply(
        cooperative=coop,
        user=UserFactory(),
        street="Lindelaan 3",
        postal_code="2564 AB",
        city="Den Haag",
        licence_number="5123456789",
        licence_expires_on=timezone.localdate() + dt.timedelta(days=400),
    )


def test_no_mail_for_a_step_that_rolled_back(django_capture_on_commit_callbacks, mailoutbox):
    coop = CooperativeFactory()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    with django_capture_on_commit_callbacks(execute=True):
        applicant = _apply(coop)
    mailoutbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.member_admit(member=applicant, by=board)
        raise RuntimeError("rolled back")
    assert callbacks == [] and mailoutbox == []


def test_the_messages_keep_their_dutch_text(mailoutbox):
    coop = CooperativeFactory(name="DEEL Lindenbuurt", email="bestuur@linden.example")
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    applicant = _apply(coop)
    assert emails.application_received(member_id=applicant.pk) == 1
    message = mailoutbox[-1]
    assert message.subject == "Nieuwe aanmelding bij DEEL Lindenbuurt" and message.to == [board.user.email]
    assert f"{applicant.name} heeft zich aangemeld als lid" in message.body
    assert reverse("members:board", kwargs={"coop": coop.slug}) in message.body
    services.member_refuse(member=applicant, by=board, reason="Woont buiten de buurt")
    emails.admission_decided(member_id=applicant.pk)
    assert mailoutbox[-1].subject == "Je aanmelding bij DEEL Lindenbuurt"
    assert "contact op met het bestuur (bestuur@linden.example)." in mailoutbox[-1].body


def test_no_board_no_application_mail(mailoutbox):
    applicant = _apply(CooperativeFactory())
    assert emails.application_received(member_id=applicant.pk) == 0 and mailoutbox == []


def test_profile_form_asks_what_the_service_accepts():
    assert set(ProfileForm.base_fields) == {"first_name", "last_name", *services.PROFILE_FIELDS}
