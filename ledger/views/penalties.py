"""Penalties: the caretaker records one for a booking, the member disputes it once from
their balance page, the board decides the disputes; the treasurer's deposits page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from members.models import Cooperative, Member, MemberStatus
from members.permissions import CoopRequest, coop_view
from reservations import selectors as res_selectors
from reservations.models import Reservation

from .. import deposits, penalties
from .. import permissions as perms
from ..forms import EuroField
from ..models import RECORDED_KINDS, AccountPurpose, Deposit, Penalty, PenaltyDispute, PenaltyKind, Posting, Tariff


class PenaltyRecordForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Wat"), choices=[(k.value, k.label) for k in PenaltyKind if k in RECORDED_KINDS]
    )
    reason = forms.CharField(
        label=gettext_lazy("Reden (het lid leest dit)"), max_length=180, widget=forms.Textarea(attrs={"rows": 3})
    )


def _tariff_label(t: Tariff) -> str:
    decision = t.decision.number if t.decision else t.decision_reference
    parts = (f"{t.valid_from:%d-%m-%Y}", t.get_vehicle_class_display() or str(_("alle auto's")), decision)
    return " · ".join(part for part in parts if part)


class PenaltyRateForm(forms.Form):
    tariff = forms.ModelChoiceField(label=gettext_lazy("Tarief (met het besluit)"), queryset=Tariff.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Boete"), choices=PenaltyKind.choices)
    amount = EuroField(label=gettext_lazy("Bedrag (euro; per begonnen kwartier bij te laat)"), limit="penalty")

    def __init__(self, *args: Any, cooperative: Cooperative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tariff"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Tariff.objects.filter(cooperative=cooperative).select_related("decision").order_by("-valid_from")
        )
        field.label_from_instance = _tariff_label  # type: ignore[method-assign,assignment]  # the form's own labels


class DisputeForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Waarom ben je het er niet mee eens?"), widget=forms.Textarea)


class DecideForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Toelichting voor het lid"), max_length=200, required=False)


class DepositForm(forms.Form):
    member = forms.ModelChoiceField(label=gettext_lazy("Lid"), queryset=Member.objects.none())

    def __init__(self, *args: Any, cooperative: Cooperative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Member.objects.filter(cooperative=cooperative, status=MemberStatus.ACTIVE)
            .exclude(pk__in=Deposit.objects.filter(refund__isnull=True).values("member_id"))
            .select_related("user")
        )


@coop_view()
def record(request: CoopRequest, pk: int) -> HttpResponseBase:
    """The caretaker records cleaning, unreported damage or too little fuel for a booking."""
    try:
        r = res_selectors.reservation_detail(cooperative=request.coop, pk=pk)
    except Reservation.DoesNotExist:
        raise Http404 from None
    if not penalties.can_record_penalty(request.member, r):
        raise PermissionDenied
    form = PenaltyRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            penalty = penalties.penalty_record(
                reservation=r, kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"], by=request.member
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Boete opgelegd aan %(name)s; het lid krijgt bericht.") % {"name": penalty.member.name}
            )
            return redirect("reservations:detail", coop=request.coop.slug, pk=r.pk)
    existing = list(Penalty.objects.filter(reservation=r).select_related("dispute"))
    return render(request, "ledger/penalty_record.html", {"r": r, "form": form, "existing": existing})


@coop_view(perms.can_read_books)
def penalty_rates(request: CoopRequest) -> HttpResponseBase:
    """The ALV's penalty lines per tariff; the treasurer adds one (a change: a new tariff)."""
    coop = request.coop
    may_set = penalties.can_set_penalty_rates(request.member)
    form = PenaltyRateForm(request.POST or None, cooperative=coop)
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        if form.is_valid():
            try:
                penalties.penalty_rate_set(
                    tariff=form.cleaned_data["tariff"],
                    kind=form.cleaned_data["kind"],
                    amount_cents=form.cleaned_data["amount"],
                    by=request.member,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Boetetarief vastgelegd."))
                return redirect("ledger:penalty_rates", coop=coop.slug)
    rates = penalties.penalty_rates_of(cooperative_id=coop.pk)
    return render(request, "ledger/penalty_rates.html", {"rates": rates, "form": form, "may_set": may_set})


@require_POST
@coop_view()
def dispute(request: CoopRequest, pk: int) -> HttpResponseBase:
    penalty = get_object_or_404(Penalty, pk=pk, cooperative=request.coop)
    if penalty.member_id != request.member.pk:
        raise PermissionDenied
    form = DisputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Schrijf waarom je het niet eens bent met de boete."))
    else:
        try:
            penalties.penalty_dispute(penalty=penalty, by=request.member, text=form.cleaned_data["text"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Je bezwaar is ingediend. Het bestuur beslist en je krijgt bericht."))
    return redirect("ledger:my_balance", coop=request.coop.slug)


@coop_view(penalties.can_decide_disputes)
def disputes(request: CoopRequest) -> HttpResponseBase:
    rows = penalties.disputes_of(cooperative_id=request.coop.pk)
    rates = penalties.penalty_rates_of(cooperative_id=request.coop.pk)
    return render(request, "ledger/disputes.html", {"disputes": rows, "rates": rates, "form": DecideForm()})


@require_POST
@coop_view(penalties.can_decide_disputes)
def dispute_decide(request: CoopRequest, pk: int) -> HttpResponseBase:
    item = get_object_or_404(PenaltyDispute.objects.select_related("penalty"), pk=pk, penalty__cooperative=request.coop)
    form = DecideForm(request.POST)
    form.is_valid()
    grant = request.POST.get("outcome") == "granted"
    try:
        penalties.penalty_dispute_decide(
            dispute=item, by=request.member, grant=grant, note=form.cleaned_data.get("note", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Teruggedraaid.") if grant else _("De boete blijft staan."))
    return redirect("ledger:disputes", coop=request.coop.slug)


@coop_view(deposits.can_manage_deposits)
def deposit_list(request: CoopRequest) -> HttpResponseBase:
    """Deposits held (the liability account's balance) and charging one that is missing."""
    coop = request.coop
    form = DepositForm(request.POST or None, cooperative=coop)
    if request.method == "POST" and form.is_valid():
        try:
            deposit = deposits.deposit_charge(member=form.cleaned_data["member"], by=request.member)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if deposit is None:
                messages.warning(request, _("De statuten noemen geen borg (0 euro); er is niets geboekt."))
            else:
                messages.success(request, _("Borg in rekening gebracht."))
            return redirect("ledger:deposits", coop=coop.slug)
    held = deposits.deposits_held_of(cooperative=coop)
    total = -(
        Posting.objects.filter(account__cooperative=coop, account__purpose=AccountPurpose.DEPOSIT).aggregate(
            t=Sum("amount_cents")
        )["t"]
        or 0
    )
    return render(request, "ledger/deposits.html", {"held": held, "total_cents": total, "form": form})
