"""The convocation as the law asks it (Book 2 BW): what it says (2:38 lid 9, 2:42), its
delivery log, the notice periods counted to the meeting's day, the agenda fixed at the
convocation with supplementary convocations, and the electronic-voting window (2:38 lid 8)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from deel.errors import UploadRejected
from governance import emails, services
from governance.convocation import early_voting_opens_at
from governance.errors import AgendaFixed, BallotRefused, ConvocationTooLate, NotConvened, VoteRefused
from governance.models import ConvocationDelivery, ConvocationKind, DeliveryStatus, MeetingStatus, ProposalKind
from tests.factories import PASSWORD, CooperativeFactory, MemberFactory
from tests.governance.factories import coop_with_members

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _local(y, m, d, h=0, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=AMS)


def _meeting(coop, board, starts_at, title="Voorjaars-ALV"):
    return services.meeting_create(cooperative=coop, by=board, title=title, starts_at=starts_at, location="Buurthuis")


def _tariff_meeting(coop, board, days_ahead=20):
    meeting = _meeting(coop, board, timezone.now() + dt.timedelta(days=days_ahead))
    item = services.agenda_item_add(meeting=meeting, title="Tarieven 2027")
    proposal = services.proposal_create(
        item=item,
        by=board,
        kind=ProposalKind.TARIFF,
        title="Kilometertarief 2027",
        text="Het kilometertarief wordt € 0,26 per km.",
        explanation="De verzekering werd duurder.",
    )
    services.proposal_document_add(
        proposal=proposal,
        by=board,
        title="Tarieventabel 2027",
        file=SimpleUploadedFile("tabel.pdf", PDF, content_type="application/pdf"),
    )
    return meeting, proposal


# 1. What the convocation says, and its delivery log ---------------------------------------


def test_convocation_mail_carries_proposal_texts_documents_and_a_delivery_per_member(
    django_capture_on_commit_callbacks,
):
    coop, board, members = coop_with_members(3)
    no_mail = MemberFactory(cooperative=coop)
    no_mail.user.email = ""
    no_mail.user.save()
    meeting, proposal = _tariff_meeting(coop, board)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(meeting=meeting, by=board)
    assert len(mail.outbox) == 3
    body = mail.outbox[0].body
    assert "Kilometertarief 2027" in body and "€ 0,26 per km" in body and "De verzekering werd duurder." in body
    doc = proposal.documents.get()
    assert reverse("governance:proposal_document", kwargs={"coop": coop.slug, "pk": doc.pk}) in body
    assert "Elektronisch stemmen" not in body  # the statutes do not allow it here

    convocation = meeting.convocations.get()
    assert convocation.kind == ConvocationKind.ORIGINAL
    log = {d.member_id: d for d in ConvocationDelivery.objects.filter(convocation=convocation)}
    assert {log[m.pk].status for m in [board, *members]} == {DeliveryStatus.SENT}
    assert log[no_mail.pk].status == DeliveryStatus.NO_ADDRESS
    assert all(log[m.pk].sent_at for m in [board, *members])
    # Each message carries its own delivery token, so a bounce finds its row.
    tokens = {m.extra_headers[emails.DELIVERY_HEADER] for m in mail.outbox}
    assert tokens == {str(log[m.pk].token) for m in [board, *members]}


def test_retried_sending_does_not_mail_a_member_twice(django_capture_on_commit_callbacks):
    coop, board, members = coop_with_members(3)
    meeting, _ = _tariff_meeting(coop, board)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(meeting=meeting, by=board)
    assert emails.convocation(meeting_id=meeting.pk) == 0  # the task ran again
    assert len(mail.outbox) == 3


def test_statute_change_convocation_says_so_and_where_the_text_lies():
    """2:42: the convocation mentions the statute change; the literal text lies open from at
    least 5 days before the meeting until its end."""
    coop, board, _ = coop_with_members(2, inspection_location="het secretariaat, Lindenlaan 4")
    starts = _local(2026, 6, 20, 20)
    meeting = _meeting(coop, board, starts)
    item = services.agenda_item_add(meeting=meeting, title="Statuten")
    services.proposal_create(
        item=item,
        by=board,
        kind=ProposalKind.STATUTES,
        title="Artikel 12 wordt gewijzigd",
        text="Artikel 12 luidt voortaan: ...",
    )
    services.meeting_convene(meeting=meeting, by=board, now=_local(2026, 6, 1, 12), notify=False)
    emails.convocation(meeting_id=meeting.pk)
    body = mail.outbox[0].body
    assert "wijziging van de statuten voorgesteld" in body
    assert "Artikel 12 luidt voortaan" in body
    # Open for inspection from 15 June (5 days before) through 20 June, at the given place.
    assert "15 juni 2026 tot en met 20 juni 2026" in body and "Lindenlaan 4" in body


def test_conditions_of_electronic_voting_are_in_the_convocation_when_allowed():
    coop, board, _ = coop_with_members(
        2, electronic_voting_allowed=True, electronic_voting_conditions="Alleen met tweestapsverificatie."
    )
    meeting = _meeting(coop, board, _local(2026, 6, 20, 20))
    services.agenda_item_add(meeting=meeting, title="Opening")
    services.meeting_convene(meeting=meeting, by=board, now=_local(2026, 6, 1, 12), notify=False)
    emails.convocation(meeting_id=meeting.pk)
    body = mail.outbox[0].body
    assert "Elektronisch stemmen" in body and "21 mei 2026 00:00" in body
    assert "Alleen met tweestapsverificatie." in body


def test_bounce_is_recorded_by_token_and_by_address(django_capture_on_commit_callbacks):
    coop, board, members = coop_with_members(3)
    meeting, _ = _tariff_meeting(coop, board)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(meeting=meeting, by=board)
    first = ConvocationDelivery.objects.get(member=members[0])
    services.convocation_bounce_record(token=str(first.token), reason="550 mailbox unavailable")
    first.refresh_from_db()
    assert first.status == DeliveryStatus.BOUNCED and first.bounced_at and "550" in first.detail
    call_command("convocation_bounce", email=members[1].user.email.upper(), reason="552")
    assert ConvocationDelivery.objects.get(member=members[1]).status == DeliveryStatus.BOUNCED
    assert ConvocationDelivery.objects.get(member=board).status == DeliveryStatus.SENT


def test_board_sees_the_delivery_log_members_see_the_convocation(client, django_capture_on_commit_callbacks):
    coop, board, members = coop_with_members(4)
    meeting, _ = _tariff_meeting(coop, board)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(meeting=meeting, by=board)
    services.convocation_bounce_record(email=members[0].user.email)
    url = reverse("governance:convocations", kwargs={"coop": coop.slug, "pk": meeting.pk})
    client.login(email=members[1].user.email, password=PASSWORD)
    page = client.get(url).content.decode()
    assert "Kilometertarief 2027" in page and "Tarieventabel 2027" in page
    assert members[0].user.email not in page  # no delivery log for members
    client.login(email=board.user.email, password=PASSWORD)
    page = client.get(url).content.decode()
    assert members[0].user.email in page and "Onbestelbaar" in page


def test_convocation_page_has_a_fixed_query_count(client, django_assert_max_num_queries):
    coop, board, members = coop_with_members(12)
    meeting, _ = _tariff_meeting(coop, board)
    services.meeting_convene(meeting=meeting, by=board, notify=False)
    emails.convocation(meeting_id=meeting.pk)
    client.login(email=board.user.email, password=PASSWORD)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("governance:convocations", kwargs={"coop": coop.slug, "pk": meeting.pk}))
    assert response.status_code == 200


# 2. Notice periods and the fixed agenda ---------------------------------------------------


def test_statute_change_needs_7_days_counted_to_the_meeting_day():
    coop, board, _ = coop_with_members(2, notice_days=5)
    starts = _local(2026, 6, 20, 20)

    def statute_meeting():
        meeting = _meeting(coop, board, starts)
        item = services.agenda_item_add(meeting=meeting, title="Statuten")
        services.proposal_create(item=item, by=board, kind=ProposalKind.STATUTES, title="Art. 12", text="...")
        return meeting

    late = statute_meeting()
    with pytest.raises(ConvocationTooLate) as err:
        services.meeting_convene(meeting=late, by=board, now=_local(2026, 6, 14, 0, 5), notify=False)
    assert err.value.days == 7 and err.value.deadline == _local(2026, 6, 14)
    # Sent late on 13 June, the 7th day before the 20th: in time.
    services.meeting_convene(meeting=statute_meeting(), by=board, now=_local(2026, 6, 13, 23, 50), notify=False)


def test_item_added_after_the_convocation_waits_for_a_supplementary_convocation():
    coop, board, _ = coop_with_members(3)  # 14 days' notice
    starts = _local(2026, 6, 30, 20)
    meeting = _meeting(coop, board, starts)
    services.agenda_item_add(meeting=meeting, title="Opening")
    services.meeting_convene(meeting=meeting, by=board, now=_local(2026, 6, 1, 12), notify=False)
    later = _local(2026, 6, 10, 12)
    item = services.agenda_item_add(meeting=meeting, title="Tweede auto", by=board, now=later)
    proposal = services.proposal_create(item=item, by=board, kind="ordinary", title="Tweede auto", text="Ja", now=later)
    with pytest.raises(NotConvened):
        services.ballot_open(proposal=proposal, by=board, now=starts)
    supplement = services.convocation_supplement_send(meeting=meeting, by=board, now=later, notify=False)
    assert supplement.kind == ConvocationKind.SUPPLEMENTARY and supplement.number == 2
    proposal.refresh_from_db()
    assert proposal.convocation_id == supplement.pk
    emails.convocation(meeting_id=meeting.pk, convocation_id=supplement.pk)
    assert mail.outbox[0].subject == "Aanvullende oproeping: Voorjaars-ALV"
    assert "Tweede auto" in mail.outbox[0].body and "Opening" not in mail.outbox[0].body
    # The original convocation still reads as it was sent: without the later item.
    original = meeting.convocations.get(number=1)
    assert original.announced["items"] == [meeting.items.get(title="Opening").pk]
    emails.convocation(meeting_id=meeting.pk, convocation_id=original.pk)
    assert "Opening" in mail.outbox[-1].body and "Tweede auto" not in mail.outbox[-1].body
    services.ballot_open(proposal=proposal, by=board, now=starts)


def test_supplementary_convocation_meets_the_notice_period_itself():
    coop, board, _ = coop_with_members(3)  # 14 days
    starts = _local(2026, 6, 30, 20)
    meeting = _meeting(coop, board, starts)
    services.agenda_item_add(meeting=meeting, title="Opening")
    services.meeting_convene(meeting=meeting, by=board, now=_local(2026, 6, 1, 12), notify=False)
    item = services.agenda_item_add(meeting=meeting, title="Extra", by=board, now=_local(2026, 6, 15, 12))
    with pytest.raises(ConvocationTooLate) as err:
        services.convocation_supplement_send(meeting=meeting, by=board, now=_local(2026, 6, 17, 9), notify=False)
    assert err.value.days == 14 and err.value.deadline == _local(2026, 6, 17)
    item.refresh_from_db()
    assert item.convocation_id is None


def test_too_late_for_a_supplement_the_item_is_refused():
    coop, board, _ = coop_with_members(3, notice_days=7)
    starts = _local(2026, 6, 30, 20)
    meeting = _meeting(coop, board, starts)
    item = services.agenda_item_add(meeting=meeting, title="Opening")
    services.meeting_convene(meeting=meeting, by=board, now=_local(2026, 6, 1, 12), notify=False)
    with pytest.raises(AgendaFixed) as err:
        services.agenda_item_add(meeting=meeting, title="Rondvraagbesluit", now=_local(2026, 6, 25))
    assert err.value.days == 7
    # A statute change needs 7 days; with 5 days' notice it is refused from the 6th day before.
    coop.notice_days = 5
    coop.save()
    with pytest.raises(AgendaFixed) as err:
        services.proposal_create(
            item=item, by=board, kind=ProposalKind.STATUTES, title="Art. 1", text="...", now=_local(2026, 6, 24, 1)
        )
    assert err.value.days == 7
    ordinary = services.proposal_create(
        item=item, by=board, kind="ordinary", title="Gewoon", text="...", now=_local(2026, 6, 24, 1)
    )
    assert ordinary.convocation_id is None


def test_amendment_at_the_meeting_needs_no_convocation():
    coop, board, members = coop_with_members(3)
    starts = timezone.now() - dt.timedelta(hours=1)
    meeting = _meeting(coop, board, starts)
    item = services.agenda_item_add(meeting=meeting, title="Tarief")
    proposal = services.proposal_create(item=item, by=board, kind="ordinary", title="Tarief", text="0,25")
    services.meeting_convene(meeting=meeting, by=board, now=starts - dt.timedelta(days=20), notify=False)
    amendment = services.proposal_create(
        item=item, by=members[0], kind="ordinary", title="Lager", text="0,24", amends=proposal
    )
    services.ballot_open(proposal=amendment, by=board)


def test_moving_the_date_and_convening_again_records_a_new_convocation():
    coop, board, _ = coop_with_members(2)
    meeting = _meeting(coop, board, _local(2026, 6, 30, 20))
    services.agenda_item_add(meeting=meeting, title="Opening")
    services.meeting_convene(meeting=meeting, by=board, now=_local(2026, 6, 1, 12), notify=False)
    services.meeting_update(
        meeting=meeting, title=meeting.title, starts_at=_local(2026, 7, 7, 20), location="Buurthuis", by=board
    )
    services.meeting_convene(meeting=meeting, by=board, now=_local(2026, 6, 2, 12), notify=False)
    second = meeting.convocations.order_by("number").last()
    assert second.number == 2 and second.kind == ConvocationKind.ORIGINAL
    assert second.meeting_starts_at == _local(2026, 7, 7, 20)
    assert meeting.items.get().convocation_id == second.pk


# 3. The electronic-voting window: the calendar day, 30 days before -------------------------


@pytest.mark.parametrize(
    ("starts", "opens"),
    [
        # Summer time starts on 29 March 2026: 30 days before 15 April is 16 March, in winter time.
        (_local(2026, 4, 15, 20), dt.datetime(2026, 3, 15, 23, 0, tzinfo=dt.UTC)),
        # Summer time ends on 25 October 2026: 30 days before 10 November is 11 October, in summer time.
        (_local(2026, 11, 10, 19, 30), dt.datetime(2026, 10, 10, 22, 0, tzinfo=dt.UTC)),
    ],
)
def test_early_voting_opens_at_midnight_of_the_30th_day_before(starts, opens):
    coop, board, members = coop_with_members(3, electronic_voting_allowed=True)
    meeting = _meeting(coop, board, starts)
    item = services.agenda_item_add(meeting=meeting, title="Besluit")
    proposal = services.proposal_create(item=item, by=board, kind="ordinary", title="Voorstel", text="...")
    services.meeting_convene(meeting=meeting, by=board, now=opens - dt.timedelta(days=3), notify=False)
    assert early_voting_opens_at(meeting) == opens
    with pytest.raises(BallotRefused):
        services.ballot_open(proposal=proposal, by=board, now=opens - dt.timedelta(minutes=1))
    ballot = services.ballot_open(proposal=proposal, by=board, now=opens)
    with pytest.raises(VoteRefused):
        services.vote_cast(ballot=ballot, member=members[0], choice="for", now=opens - dt.timedelta(seconds=1))
    # Ten hours into that day: inside the window, though less than 30 × 24 hours before the start.
    vote = services.vote_cast(ballot=ballot, member=members[0], choice="for", now=opens + dt.timedelta(hours=10))
    assert vote.electronic


# 4. Documents behind a proposal -----------------------------------------------------------


def test_html_is_refused_as_a_proposal_document():
    coop, board, _ = coop_with_members(2)
    meeting, proposal = _tariff_meeting(coop, board)
    with pytest.raises(UploadRejected):
        services.proposal_document_add(
            proposal=proposal,
            by=board,
            title="Begroting",
            file=SimpleUploadedFile(
                "begroting.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
            ),
        )
    assert proposal.documents.count() == 1
    assert meeting.status == MeetingStatus.DRAFT


def test_proposal_document_is_served_to_members_only_of_that_cooperative(client):
    coop, board, members = coop_with_members(2)
    meeting, proposal = _tariff_meeting(coop, board)
    doc = proposal.documents.get()
    url = reverse("governance:proposal_document", kwargs={"coop": coop.slug, "pk": doc.pk})
    client.login(email=members[0].user.email, password=PASSWORD)
    assert client.get(url).status_code == 404  # the meeting is still in preparation
    services.meeting_convene(meeting=meeting, by=board, notify=False)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    other = CooperativeFactory()
    outsider = MemberFactory(cooperative=other)
    client.login(email=outsider.user.email, password=PASSWORD)
    assert (
        client.get(reverse("governance:proposal_document", kwargs={"coop": other.slug, "pk": doc.pk})).status_code
        == 404
    )
