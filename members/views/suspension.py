"""Suspension as a member (schorsing, art. 2:38 lid 1 BW) by the board: no access to the ALV
and no vote; booking is not affected (that is the other suspension, in board.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions as perms
from ..forms import SuspendForm
from ..permissions import CoopRequest, coop_view
from ..suspension import member_rights_restore, member_rights_suspend
from .board import _act, _back, _subject


@require_POST
@coop_view(perms.can_admit_members)
def rights_suspend(request: CoopRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    form = SuspendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef een reden voor de schorsing op."))
        return _back(request, pk)
    return _act(
        request,
        pk,
        lambda: member_rights_suspend(member=subject, reason=form.cleaned_data["reason"], by=request.member),
        _("%(name)s is geschorst als lid: geen toegang tot de ALV en geen stemrecht.") % {"name": subject.name},
    )


@require_POST
@coop_view(perms.can_admit_members)
def rights_restore(request: CoopRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    return _act(
        request,
        pk,
        lambda: member_rights_restore(member=subject, by=request.member),
        _("De schorsing als lid van %(name)s is opgeheven.") % {"name": subject.name},
    )
