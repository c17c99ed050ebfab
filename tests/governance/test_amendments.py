"""Amendments change the text of the proposal they amend (OpenSlides-style): the original,
the amendment and the resulting text are all kept and shown (a word diff), and the
decision register records the final text."""

import pytest
from django.urls import reverse

from governance import services
from governance.errors import AmendmentOutdated
from governance.textdiff import word_diff
from tests.governance.factories import convened_meeting, coop_with_members, present

pytestmark = pytest.mark.django_db

ORIGINAL = "Het tarief wordt 0,25 euro per kilometer vanaf 1 januari."
AMENDED = "Het tarief wordt 0,23 euro per kilometer vanaf 1 januari."


def _vote_all(ballot, voters, choice):
    for m in voters:
        services.vote_cast(ballot=ballot, member=m, choice=choice)


def _decide(proposal, by, voters, choice):
    ballot = services.ballot_open(proposal=proposal, by=by)
    _vote_all(ballot, voters, choice)
    ballot = services.ballot_close(ballot=ballot, by=by)
    return services.ballot_confirm(ballot=ballot, by=by)


@pytest.fixture
def amended():
    coop, board, members = coop_with_members(5)
    meeting, proposal = convened_meeting(coop, board, kind="tariff", title="Tarief 2027")
    proposal.text = ORIGINAL
    proposal.save(update_fields=["text"])
    amendment = services.proposal_create(
        item=proposal.item, by=members[0], kind="tariff", title="Lager km-tarief", text=AMENDED, amends=proposal
    )
    present(meeting, board, *members)
    return coop, board, members, meeting, proposal, amendment


def test_adopted_amendment_changes_the_text_and_the_register_records_it(amended):
    coop, board, members, meeting, proposal, amendment = amended
    assert amendment.base_text == ORIGINAL
    _decide(amendment, board, [board, *members], "for")
    assert services.proposal_current_text(proposal) == AMENDED
    proposal.refresh_from_db()
    assert proposal.text == ORIGINAL  # the original stays
    decision = _decide(proposal, board, [board, *members], "for")
    assert decision.text == AMENDED


def test_rejected_amendment_leaves_the_text(amended):
    coop, board, members, meeting, proposal, amendment = amended
    _decide(amendment, board, [board, *members], "against")
    decision = _decide(proposal, board, [board, *members], "for")
    assert decision.text == ORIGINAL


def test_amendment_written_against_an_older_text_cannot_be_voted(amended):
    coop, board, members, meeting, proposal, amendment = amended
    other = services.proposal_create(
        item=proposal.item,
        by=members[1],
        kind="tariff",
        title="Later",
        text=ORIGINAL + " Met evaluatie.",
        amends=proposal,
    )
    _decide(amendment, board, [board, *members], "for")
    with pytest.raises(AmendmentOutdated):
        services.ballot_open(proposal=other, by=board)


def test_word_diff_rebuilds_both_texts():
    segments = word_diff(ORIGINAL, AMENDED)
    assert "".join(s.text for s in segments if not s.is_insert) == ORIGINAL
    assert "".join(s.text for s in segments if not s.is_delete) == AMENDED
    assert [s.text for s in segments if s.is_delete] == ["25"]
    assert [s.text for s in segments if s.is_insert] == ["23"]


def test_proposal_page_shows_original_amendment_diff_and_result(client, amended, django_assert_max_num_queries):
    coop, board, members, meeting, proposal, amendment = amended
    _decide(amendment, board, [board, *members], "for")
    for n in range(3):  # more amendments, not voted: the page's queries stay the same
        services.proposal_create(
            item=proposal.item, by=members[1], kind="tariff", title=f"Nog {n}", text=f"{AMENDED} {n}", amends=proposal
        )
    client.force_login(members[2].user)
    url = reverse("governance:proposal_text", kwargs={"coop": coop.slug, "pk": proposal.pk})
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert ORIGINAL in html and AMENDED in html
    assert "<del" in html and "<ins" in html


def test_meeting_page_shows_the_amendment_as_a_diff(client, amended):
    coop, board, members, meeting, proposal, amendment = amended
    _decide(amendment, board, [board, *members], "for")
    client.force_login(members[2].user)
    html = client.get(reverse("governance:meeting", kwargs={"coop": coop.slug, "pk": meeting.pk})).content.decode()
    assert "<del>25</del>" in html and "<ins>23</ins>" in html
    assert AMENDED in html  # the text after the adopted amendment
