"""A member's own balance, postings, statements and expense claims."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.errors import DomainError
from deel.files import file_response
from members.permissions import CoopRequest, coop_view
from reports import charts
from reports.statements import statement_pdf

from .. import permissions as perms
from .. import selectors, services
from ..deposits import deposit_held
from ..forms import ExpenseForm
from ..models import Expense, Statement
from ..penalties import penalties_of_member


@coop_view(perms.is_member)
def my_balance(request: CoopRequest) -> HttpResponseBase:
    member = request.member
    months = selectors.member_months(member=member)
    return render(
        request,
        "ledger/my_balance.html",
        {
            "balance_cents": selectors.member_balance_cents(member=member),
            "months": months,
            "chart": charts.figure(charts.member_costs_chart(months, today=timezone.localdate())),
            "statements": list(selectors.statements_of_member(member=member)[:24]),
            "expenses": selectors.expenses_of_member(member=member, limit=20),
            "penalties": penalties_of_member(member=member),
            "deposit": deposit_held(member=member),
        },
    )


@coop_view(perms.is_member)
def prices(request: CoopRequest) -> HttpResponseBase:
    """The tariffs every member pays and the decisions that set them (transparency)."""
    return render(request, "ledger/prices.html", {"prices": selectors.price_list(cooperative=request.coop)})


def _statement_for(request: CoopRequest, pk: int) -> Statement:
    """A statement of this cooperative that the member may read: their own, or any for
    those who read the books."""
    statement = get_object_or_404(
        Statement.objects.select_related("member__user", "cooperative"),
        pk=pk,
        cooperative=request.coop,
    )
    if statement.member_id != request.member.pk and not perms.can_read_books(request.member):
        raise PermissionDenied
    return statement


@coop_view(perms.is_member)
def statement_detail(request: CoopRequest, pk: int) -> HttpResponseBase:
    """A statement as issued: its lines, balances and each settlement explained per car."""
    statement = _statement_for(request, pk)
    (data,) = selectors.statements_data(statements=[statement])
    return render(request, "ledger/statement_detail.html", {"statement": statement, "data": data})


@coop_view(perms.is_member)
def statement_download(request: CoopRequest, pk: int) -> HttpResponseBase:
    """A statement's PDF: its member, or those who read the books."""
    statement = _statement_for(request, pk)
    response = HttpResponse(statement_pdf(statement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="afschrift-{statement.number}.pdf"'
    return response


@coop_view(perms.is_member)
def expense_new(request: CoopRequest) -> HttpResponseBase:
    coop = request.coop
    form = ExpenseForm(request.POST or None, request.FILES or None, cooperative=coop)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.expense_submit(
                member=request.member,
                description=data["description"],
                amount_cents=data["amount"],
                spent_on=data["spent_on"],
                category=data["category"],
                vehicle=data["vehicle"],
                attachment=data["attachment"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Je declaratie is ingediend. De penningmeester beoordeelt haar."))
            return redirect("ledger:my_balance", coop=coop.slug)
    return render(request, "ledger/expense_form.html", {"form": form})


@coop_view(perms.is_member)
def expense_attachment(request: CoopRequest, pk: int) -> HttpResponseBase:
    """The receipt of a claim: its member, or those who read the books."""
    expense = get_object_or_404(Expense.objects.select_related("receipt"), pk=pk, cooperative=request.coop)
    member = request.member
    if expense.member_id != member.pk and not perms.can_read_books(member):
        raise PermissionDenied
    if expense.attachment:
        return file_response(expense.attachment)
    if expense.receipt is not None:
        return file_response(expense.receipt.photo)
    raise PermissionDenied
