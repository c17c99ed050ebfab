"""The decision register, board decisions, ALV requests and written decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from members.permissions import CoopRequest, coop_view

from .. import permissions as perms
from .. import selectors, services
from ..filters import DecisionFilter
from ..forms import BoardDecisionForm, MeetingRequestForm, WrittenResolutionForm
from ..models import Decision, MeetingRequest, WrittenConsent, WrittenResolution
from .common import show_error
from .meetings import _form_page


@coop_view(perms.can_view)
def decision_list(request: CoopRequest) -> HttpResponse:
    filterset = DecisionFilter(request.GET or None, queryset=selectors.decision_list(cooperative=request.coop))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/decision_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_record": perms.can_record_decisions(request.member),
        },
    )


@coop_view(perms.can_view)
def decision_detail(request: CoopRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related(
            "meeting", "ballot__proposal", "ballot__confirmed_by__user", "recorded_by__user", "replaces"
        ),
        pk=pk,
        cooperative=request.coop,
    )
    replaced_by = Decision.objects.filter(replaces=decision).first()
    return render(request, "governance/decision_detail.html", {"decision": decision, "replaced_by": replaced_by})


@coop_view(perms.can_record_decisions)
def decision_create(request: CoopRequest) -> HttpResponse:
    form = BoardDecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record_board(cooperative=request.coop, by=request.member, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            messages.success(request, _("Het bestuursbesluit is vastgelegd als %(n)s.") % {"n": decision.number})
            return redirect("governance:decision", coop=request.coop.slug, pk=decision.pk)
    return _form_page(
        request,
        form,
        title=_("Bestuursbesluit vastleggen"),
        back=("governance:decisions", {}),
        intro=_("Besluiten van het bestuur buiten een ALV komen ook in het register, gemarkeerd als bestuursbesluit."),
    )


# ALV requests by the members ----------------------------------------------------------------


@coop_view(perms.can_view)
def request_list(request: CoopRequest) -> HttpResponse:
    form = MeetingRequestForm(request.POST or None)
    if request.method == "POST":
        if not perms.can_request_meeting(request.member):
            return redirect("governance:requests", coop=request.coop.slug)
        if form.is_valid():
            try:
                req = services.meeting_request_create(cooperative=request.coop, by=request.member, **form.cleaned_data)
            except DomainError as e:
                show_error(request, e)
            else:
                messages.success(request, _("Je verzoek is vastgelegd. Vraag andere leden het te steunen."))
                return redirect("governance:request", coop=request.coop.slug, pk=req.pk)
    return render(
        request,
        "governance/request_list.html",
        {
            "requests": selectors.meeting_requests(cooperative=request.coop),
            "form": form,
            "threshold": services.meeting_request_threshold(cooperative=request.coop),
        },
    )


@coop_view(perms.can_view)
def request_detail(request: CoopRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(
        MeetingRequest.objects.select_related("created_by__user", "meeting"), pk=pk, cooperative=request.coop
    )
    supporters = list(req.supports.select_related("member__user").order_by("created_at"))
    supported = any(s.member_id == request.member.pk for s in supporters)
    may_convene = selectors.meeting_request_members_may_convene(request=req)
    return render(
        request,
        "governance/request_detail.html",
        {
            "req": req,
            "supporters": supporters,
            "supported": supported,
            "threshold": services.meeting_request_threshold(cooperative=request.coop),
            "members_may_convene": may_convene,
            "can_convene_self": perms.can_convene_requested_meeting(
                may_convene=may_convene, supporter=supported, member=request.member
            ),
            "can_manage": perms.can_manage_meetings(request.member),
        },
    )


@coop_view(perms.can_request_meeting)
@require_POST
def request_support(request: CoopRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(MeetingRequest, pk=pk, cooperative=request.coop)
    try:
        services.meeting_request_support(request=req, member=request.member)
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(request, _("Je steunt dit verzoek."))
    return redirect("governance:request", coop=request.coop.slug, pk=req.pk)


# Written decisions outside a meeting ----------------------------------------------------------


@coop_view(perms.can_view)
def written_list(request: CoopRequest) -> HttpResponse:
    return render(
        request,
        "governance/written_list.html",
        {
            "resolutions": selectors.written_resolutions(cooperative=request.coop),
            "can_manage": perms.can_manage_meetings(request.member),
        },
    )


@coop_view(perms.can_manage_meetings)
def written_create(request: CoopRequest) -> HttpResponse:
    form = WrittenResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            res = services.written_resolution_create(cooperative=request.coop, by=request.member, **form.cleaned_data)
        except DomainError as e:
            show_error(request, e)
        else:
            return redirect("governance:written_detail", coop=request.coop.slug, pk=res.pk)
    return _form_page(
        request,
        form,
        title=_("Schriftelijk besluit voorleggen"),
        back=("governance:written", {}),
        intro=_(
            "Een besluit buiten de vergadering is alleen genomen als álle leden met stemrecht schriftelijk "
            "instemmen. Eén stem tegen, en het voorstel moet naar de ALV."
        ),
    )


@coop_view(perms.can_view)
def written_detail(request: CoopRequest, pk: int) -> HttpResponse:
    res = get_object_or_404(
        WrittenResolution.objects.select_related("created_by__user", "decision"), pk=pk, cooperative=request.coop
    )
    mine = WrittenConsent.objects.filter(resolution=res, member=request.member).first()
    return render(
        request,
        "governance/written_detail.html",
        {
            "res": res,
            "tally": services.written_resolution_tally(resolution=res),
            "mine": mine,
            "can_vote": perms.can_vote(request.member),
            "can_answer": perms.can_answer_written_resolution(res, request.member, timezone.now()),
            "lapsed": perms.written_resolution_past_deadline(res, timezone.now()),
        },
    )


@coop_view(perms.can_vote)
@require_POST
def written_consent(request: CoopRequest, pk: int) -> HttpResponse:
    res = get_object_or_404(WrittenResolution, pk=pk, cooperative=request.coop)
    try:
        services.written_consent_give(resolution=res, member=request.member, agrees=request.POST.get("agrees") == "1")
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(request, _("Je antwoord is vastgelegd."))
    return redirect("governance:written_detail", coop=request.coop.slug, pk=res.pk)
