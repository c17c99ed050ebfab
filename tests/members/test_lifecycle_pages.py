"""The whole membership life cycle through the pages, as the applicant and as the board:
application -> admission -> active -> suspended -> active -> left."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import Member, MemberEvent, MemberStatus, Role
from members.services import member_assert_may_book
from reservations.models import Reservation
from tests.factories import CooperativeFactory, MemberFactory, VehicleFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Fietsbel-Lindelaan-42"


def _url(name, coop, **kw):
    return reverse(name, kwargs={"coop": coop.slug, **kw})


def _tomorrow_at(hour: int) -> str:
    day = timezone.localdate() + dt.timedelta(days=1)
    return f"{day.isoformat()}T{hour:02d}:00"


def test_applicant_and_board_walk_the_whole_life_cycle(client, django_capture_on_commit_callbacks):
    coop = CooperativeFactory(slug="linden")
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    MemberFactory(cooperative=coop, roles=[Role.BOARD])  # a second board member
    car = VehicleFactory(cooperative=coop)

    # 1. A resident applies through the public page and verifies the e-mail address.
    client.post(
        _url("members:apply", coop),
        {
            "first_name": "Sanne",
            "last_name": "Visser",
            "email": "sanne@example.nl",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "street": "Lindelaan 42",
            "postal_code": "2564ab",
            "city": "Den Haag",
            "may_drive": "on",
            "licence_number": "5123456789",
            "licence_expires_on": (timezone.localdate() + dt.timedelta(days=900)).isoformat(),
            "agree": "on",
        },
    )
    link = next(w for m in mail.outbox for w in m.body.split() if "/accounts/confirm-email/" in w)
    client.post(link[link.index("/accounts/") :])
    sanne = Member.objects.get(user__email="sanne@example.nl")
    assert sanne.status == MemberStatus.APPLIED

    # 2. The board sees the application and admits; who and when is recorded.
    client.force_login(board.user)
    assert "Sanne Visser" in client.get(_url("members:board", coop)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("members:admit", coop, pk=sanne.pk), follow=True)
    assert "Sanne Visser is toegelaten als lid." in response.content.decode()
    sanne.refresh_from_db()
    assert sanne.status == MemberStatus.ACTIVE and sanne.admitted_by == board and sanne.admitted_at
    assert any("Welkom bij" in m.subject for m in mail.outbox)

    # 3. Active: Sanne logs in, sees the cooperative and the pool.
    client.logout()
    client.post(reverse("account_login"), {"login": "sanne@example.nl", "password": PASSWORD})
    assert client.get(_url("vehicles:pool", coop)).status_code == 200
    member_assert_may_book(member=sanne)

    # 4. The board suspends with a reason; Sanne still sees, is told why, cannot book.
    client.force_login(board.user)
    response = client.post(
        _url("members:suspend", coop, pk=sanne.pk), {"reason": "betalingsachterstand", "back": "detail"}, follow=True
    )
    assert "Sanne Visser is geschorst." in response.content.decode()
    client.force_login(sanne.user)
    home = client.get(_url("coop_home", coop)).content.decode()
    assert "geschorst" in home and "betalingsachterstand" in home
    client.post(
        reverse("reservations:book", kwargs={"coop": coop.slug}),
        {"vehicle": car.pk, "starts_at": _tomorrow_at(10), "ends_at": _tomorrow_at(12), "note": ""},
    )
    assert not Reservation.objects.filter(member=sanne).exists()

    # 5. The board lifts the suspension: active again.
    client.force_login(board.user)
    client.post(_url("members:reinstate", coop, pk=sanne.pk))
    sanne.refresh_from_db()
    assert sanne.status == MemberStatus.ACTIVE
    member_assert_may_book(member=sanne)

    # 6. Removing needs the confirmation box ticked; then Sanne has left and sees nothing.
    response = client.post(_url("members:remove", coop, pk=sanne.pk), {"back": "detail"}, follow=True)
    assert "echt wilt uitschrijven" in response.content.decode()
    sanne.refresh_from_db()
    assert sanne.status == MemberStatus.ACTIVE
    client.post(_url("members:remove", coop, pk=sanne.pk), {"confirm": "yes"})
    sanne.refresh_from_db()
    assert sanne.status == MemberStatus.LEFT and sanne.left_at
    # Member nowhere else: her account no longer works, so the cooperative asks her to log in.
    sanne.user.refresh_from_db()
    assert not sanne.user.is_active
    client.force_login(sanne.user)
    assert client.get(_url("coop_home", coop)).status_code == 302
    kinds = list(MemberEvent.objects.filter(member=sanne).order_by("at", "pk").values_list("kind", "by"))
    assert kinds == [
        ("applied", None),
        ("admitted", board.pk),
        ("suspended", board.pk),
        ("reinstated", board.pk),
        ("left", board.pk),
    ]


def test_expired_licence_blocks_booking_with_a_clear_message(client):
    member = MemberFactory(licence_expires_on=timezone.localdate() - dt.timedelta(days=3))
    car = VehicleFactory(cooperative=member.cooperative)
    client.force_login(member.user)
    home = client.get(_url("coop_home", member.cooperative)).content.decode()
    assert "rijbewijs is verlopen" in home
    response = client.post(
        reverse("reservations:book", kwargs={"coop": member.cooperative.slug}),
        {"vehicle": car.pk, "starts_at": _tomorrow_at(10), "ends_at": _tomorrow_at(12), "note": ""},
        follow=True,
    )
    assert "Je kunt niet reserveren: je rijbewijs is verlopen op" in response.content.decode()
    assert not Reservation.objects.filter(member=member).exists()
