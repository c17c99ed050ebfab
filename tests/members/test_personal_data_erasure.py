"""AVG articles 17 and 5(1)(e): a member who leaves can no longer log in; the board erases on
request what no legal duty keeps; after the statutes' retention period everything personal
is anonymised while the books keep adding up."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from deel import privacy
from ledger.models import Posting
from ledger.selectors import trial_balance
from members import services
from members.errors import MembershipError
from members.models import MemberEventKind, MemberStatus, Role
from tests.factories import PASSWORD, MemberFactory
from tests.payments.factories import charge, mandate

pytestmark = pytest.mark.django_db


def _left(**fields):
    member = MemberFactory(
        street="Lindenlaan 12", iban="NL44RABO0123456789", phone="0612345678", licence_number="5123456789", **fields
    )
    board = MemberFactory(cooperative=member.cooperative, roles=[Role.BOARD])
    charge(member, 2500)
    mandate(member)
    services.member_leave(member=member, by=member)
    member.refresh_from_db()
    return member, board


def test_a_member_who_leaves_can_no_longer_log_in(client):
    member, _board = _left()
    assert member.status == MemberStatus.LEFT
    response = client.post(reverse("account_login"), {"login": member.user.email, "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated


def test_someone_still_member_elsewhere_keeps_their_log_in():
    here = MemberFactory()
    elsewhere = MemberFactory(user=here.user)  # the same person in a second cooperative
    services.member_leave(member=elsewhere, by=elsewhere)
    here.user.refresh_from_db()
    assert here.user.is_active
    services.member_leave(member=here, by=here)
    here.user.refresh_from_db()
    assert not here.user.is_active


def test_the_board_erases_on_request_what_no_legal_duty_keeps():
    member, board = _left()
    services.member_erase_personal_data(member=member, by=board, reason="e-mail van 3 maart")
    member.refresh_from_db()
    assert member.phone == "" and member.licence_number == "" and member.erased_at is not None
    # The books still show whose the amounts are: name, address and IBAN stay for now.
    assert member.street == "Lindenlaan 12" and member.iban == "NL44RABO0123456789"
    event = member.events.get(kind=MemberEventKind.ERASED)
    assert event.by == board and event.note == "e-mail van 3 maart"


def test_only_the_board_erases_and_only_a_former_member():
    member, board = _left()
    plain = MemberFactory(cooperative=member.cooperative)
    with pytest.raises(MembershipError):
        services.member_erase_personal_data(member=member, by=plain, reason="verzoek")
    with pytest.raises(MembershipError):
        services.member_erase_personal_data(member=plain, by=board, reason="verzoek")
    with pytest.raises(MembershipError):
        services.member_erase_personal_data(member=member, by=board, reason=" ")
    member.refresh_from_db()
    assert member.phone == "0612345678"


def test_after_the_retention_period_the_member_is_anonymised_and_the_books_still_add_up():
    member, _board = _left()
    coop = member.cooperative
    before = list(Posting.objects.filter(member=member).values_list("amount_cents", flat=True))
    # Not yet: six years and eleven months after leaving.
    with time_machine.travel(timezone.now() + dt.timedelta(days=7 * 365 - 30)):
        assert privacy.anonymise_due() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=7 * 365 + 5)):
        assert privacy.anonymise_due() == 1
        assert privacy.anonymise_due() == 0  # idempotent
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert member.anonymised_at is not None
    assert (member.street, member.iban, member.phone) == ("", "", "")
    assert "Lindenlaan" not in member.name and member.user.email.endswith("@anoniem.invalid")
    assert not member.user.is_active and not member.user.has_usable_password()
    assert member.mandates.get().iban == ""
    assert list(Posting.objects.filter(member=member).values_list("amount_cents", flat=True)) == before
    assert sum(row["balance_cents"] for row in trial_balance(cooperative=coop)) == 0
    assert member.events.filter(kind=MemberEventKind.ANONYMISED).exists()


def test_the_statutes_can_keep_data_longer_but_not_shorter_than_seven_years():
    from django.core.exceptions import ValidationError

    member, _board = _left()
    coop = member.cooperative
    coop.retention_years = 5
    with pytest.raises(ValidationError):
        coop.full_clean()
    coop.retention_years = 10
    coop.save()
    with time_machine.travel(timezone.now() + dt.timedelta(days=8 * 365)):
        assert privacy.anonymise_due() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=10 * 365 + 5)):
        assert privacy.anonymise_due() == 1


def test_the_board_erases_from_the_members_page(client):
    member, board = _left()
    client.force_login(board.user)
    url = reverse("members:detail", kwargs={"coop": member.cooperative.slug, "pk": member.pk})
    assert "Gegevens wissen" in client.get(url).content.decode()
    response = client.post(
        reverse("members:erase", kwargs={"coop": member.cooperative.slug, "pk": member.pk}),
        {"reason": "brief van 1 december", "back": "detail"},
        follow=True,
    )
    assert "zijn gewist" in response.content.decode()
    member.refresh_from_db()
    assert member.licence_number == ""


def test_the_platform_admin_sets_the_retention_period_of_the_statutes(admin_client):
    member, _board = _left()
    url = reverse("admin:members_cooperative_change", args=[member.cooperative_id])
    html = admin_client.get(url).content.decode()
    assert 'name="retention_years"' in html
