"""Documents behind a proposal (the tariff table, the budget, the text of new statutes)."""

from __future__ import annotations

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from deel.uploads import accept_document
from members.models import Member

from .. import permissions as perms
from ..errors import GovernanceError
from ..models import MeetingEventKind, Proposal, ProposalDocument
from .history import meeting_event_record


@transaction.atomic
def proposal_document_add(*, proposal: Proposal, by: Member, title: str, file: File) -> ProposalDocument:
    """Attach a document to a proposal of an open meeting. The file must be a PDF or an image
    by its content (deel.uploads: UploadRejected otherwise); it is stored under a generated
    name and only served through the view that checks cooperative and access."""
    meeting = proposal.item.meeting
    if not perms.meeting_is_open(meeting):
        raise GovernanceError(_("Deze vergadering is gesloten; er kan niets meer worden gewijzigd."))
    if by.cooperative_id != meeting.cooperative_id:
        raise GovernanceError(_("Dit lid hoort niet bij deze coöperatie."))
    file = accept_document(file)
    document = ProposalDocument(proposal=proposal, title=title, uploaded_by=by)
    document.file = file
    document.full_clean()
    document.save()
    meeting_event_record(
        meeting=meeting, kind=MeetingEventKind.DOCUMENT_ADDED, by=by, note=f"{proposal.title}: {title}"
    )
    return document
