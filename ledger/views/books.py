"""The books themselves: postings, trial balance, settlement."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from members.permissions import CoopRequest, coop_view
from reports.csv import cents_for_csv, csv_response
from reports.settlement_report import settlement_pdf

from .. import permissions as perms
from .. import selectors, services
from ..filters import PostingFilter
from ..models import Period, Posting


def _postings(request: CoopRequest) -> PostingFilter:
    coop = request.coop
    qs = (
        Posting.objects.filter(account__cooperative=coop)
        .select_related("transaction", "account", "member__user", "vehicle")
        .order_by("-transaction__date", "-pk")
    )
    return PostingFilter(request.GET or None, queryset=qs, cooperative=coop)


@coop_view(perms.can_read_books)
def postings(request: CoopRequest) -> HttpResponseBase:
    filterset = _postings(request)
    page = Paginator(filterset.qs, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ledger/postings.html", {"filter": filterset, "page": page, "query": query.urlencode()})


@coop_view(perms.can_read_books)
def postings_csv(request: CoopRequest) -> HttpResponseBase:
    filterset = _postings(request)
    rows = (
        [
            p.transaction.date.isoformat(),
            p.transaction_id,
            p.transaction.source_key,
            p.transaction.description,
            p.account.code,
            p.account.name,
            p.member.name if p.member else "",
            p.vehicle.plate if p.vehicle else "",
            cents_for_csv(p.amount_cents),
        ]
        for p in filterset.qs.iterator(chunk_size=2000)
    )
    header = [
        _("Datum"),
        _("Boeking"),
        _("Bron"),
        _("Omschrijving"),
        _("Rekening"),
        _("Naam rekening"),
        _("Lid"),
        _("Auto"),
        _("Bedrag"),
    ]
    return csv_response(f"boekingen-{request.coop.slug}.csv", header, rows)


def _until(request: CoopRequest) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET.get("until", ""))
    except ValueError:
        return None


@coop_view(perms.can_read_books)
def trial_balance(request: CoopRequest) -> HttpResponseBase:
    until = _until(request)
    rows = selectors.trial_balance(cooperative=request.coop, until=until)
    totals = {
        "debit": sum(r["debit_cents"] for r in rows),
        "credit": sum(r["credit_cents"] for r in rows),
        "balance": sum(r["balance_cents"] for r in rows),
    }
    return render(request, "ledger/trial_balance.html", {"rows": rows, "totals": totals, "until": until})


@coop_view(perms.can_read_books)
def trial_balance_csv(request: CoopRequest) -> HttpResponseBase:
    rows = selectors.trial_balance(cooperative=request.coop, until=_until(request))
    header = [_("Rekening"), _("Naam"), _("Soort"), _("Debet"), _("Credit"), _("Saldo")]
    data = (
        [
            r["code"],
            r["name"],
            r["type"],
            cents_for_csv(r["debit_cents"]),
            cents_for_csv(r["credit_cents"]),
            cents_for_csv(r["balance_cents"]),
        ]
        for r in rows
    )
    return csv_response(f"proefbalans-{request.coop.slug}.csv", header, data)


@coop_view(perms.can_read_books)
def settlement(request: CoopRequest, pk: int) -> HttpResponseBase:
    """A period's settlement: the simulation before posting, the posted figures after."""
    coop = request.coop
    period = get_object_or_404(Period, pk=pk, cooperative=coop)
    error = None
    result = None
    try:
        result = services.settlement_run(cooperative=coop, period=period, simulate=not perms.is_settled(period))
    except DomainError as exc:
        error = str(exc)
    refusal = services.settlement_refusal(period=period) if result is not None and result.simulate else None
    can_manage = perms.can_manage_books(request.member)
    today = timezone.localdate()
    return render(
        request,
        "ledger/settlement.html",
        {
            "period": period,
            "result": result,
            "error": error,
            "refusal": refusal,
            "can_post": can_manage and perms.can_post_settlement(period, today=today),
            "can_close": can_manage and perms.is_settled(period) and perms.can_close_period(period, today=today),
        },
    )


@require_POST
@coop_view(perms.can_manage_books)
def settlement_post(request: CoopRequest, pk: int) -> HttpResponseBase:
    coop = request.coop
    period = get_object_or_404(Period, pk=pk, cooperative=coop)
    try:
        result = services.settlement_run(cooperative=coop, period=period, posted_by=request.member)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        if result.created:
            messages.success(request, _("Nacalculatie %(p)s geboekt.") % {"p": period.label})
        else:
            messages.info(request, _("Deze nacalculatie was al geboekt; er is niets gewijzigd."))
    return redirect("ledger:settlement", coop=coop.slug, pk=period.pk)


@coop_view(perms.can_read_books)
def settlement_report(request: CoopRequest, pk: int) -> HttpResponseBase:
    coop = request.coop
    period = get_object_or_404(Period, pk=pk, cooperative=coop)
    try:
        result = services.settlement_run(cooperative=coop, period=period, simulate=not perms.is_settled(period))
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("ledger:settlement", coop=coop.slug, pk=period.pk)
    response = HttpResponse(settlement_pdf(result), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="nacalculatie-{period.label}.pdf"'
    return response
