"""A member's payment pages: pay a statement or top up online, see payments, sign a mandate."""

from __future__ import annotations

from allauth.account.adapter import get_adapter as get_account_adapter
from csp.decorators import csp_update
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from deel.formats import format_iban
from ledger.models import Statement
from members.permissions import CoopRequest, coop_view

from .. import selectors, services
from ..forms import ConfirmForm, MandateForm, PayForm
from ..gateways import stripe as gateway
from ..models import Mandate, MandateStatus, Payment
from ..permissions import can_confirm_payment, can_manage_payments, can_pay, can_read_payments, can_see_arrears

# What Stripe's PaymentIntent status says to the member coming back from the bank.
_STRIPE_SUCCEEDED = "succeeded"
_STRIPE_PROCESSING = "processing"
_STRIPE_FAILED = "requires_payment_method"


def _client_ip(request: CoopRequest) -> str:
    """The member's own address behind the trusted reverse proxies (DEEL_TRUSTED_PROXIES),
    as allauth reads it for its rate limits: the mandate's evidence, not the proxy's address."""
    return str(get_account_adapter(request).get_client_ip(request))


@coop_view(can_pay)
def mine(request: CoopRequest) -> HttpResponse:
    overview = selectors.member_overview(member=request.member)
    settings = selectors.payment_settings_for(cooperative=request.coop)
    return render(
        request,
        "payments/mine.html",
        {
            **overview,
            "stripe_enabled": settings.stripe_enabled,
            "coop_iban": format_iban(request.coop.iban),
            "pay_form": PayForm(),
            "treasurer_links": can_read_payments(request.member),
            "arrears_link": can_see_arrears(request.member),
            "is_treasurer": can_manage_payments(request.member),
        },
    )


@require_POST
@coop_view(can_pay)
def pay_start(request: CoopRequest) -> HttpResponse:
    form = PayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een betaalwijze en vul een geldig bedrag in."))
        return redirect("payments:mine", coop=request.coop.slug)
    statement = None
    amount = form.cleaned_data["amount"]
    if form.cleaned_data["statement"]:
        statement = get_object_or_404(
            Statement, pk=form.cleaned_data["statement"], cooperative=request.coop, member=request.member
        )
        # What is still open of it (part may be paid already), not what it said at issue.
        open_cents = {s.statement.pk: s.open_cents for s in selectors.amount_due(member=request.member).statements}
        amount = open_cents.get(statement.pk, 0)
        if amount <= 0:
            messages.info(request, _("Dit afschrift is al betaald."))
            return redirect("payments:mine", coop=request.coop.slug)
    try:
        payment = services.payment_start(
            member=request.member, method=form.cleaned_data["method"], amount_cents=amount or 0, statement=statement
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("payments:mine", coop=request.coop.slug)
    return redirect("payments:confirm", coop=request.coop.slug, pk=payment.pk)


# The confirm form's POST is redirected to the bank's iDEAL page (through Stripe); browsers
# hold that redirect to the page's form-action, and banks differ, so this page allows https.
@csp_update({"form-action": ["https:"]})
@coop_view(can_pay)
def confirm(request: CoopRequest, pk: int) -> HttpResponse:
    payment = get_object_or_404(Payment, pk=pk, cooperative=request.coop, member=request.member)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return_url = request.build_absolute_uri(
            reverse("payments:returned", kwargs={"coop": request.coop.slug, "pk": payment.pk})
        )
        try:
            # SEPA Direct Debit through Stripe: the IBAN is checked as for a mandate.
            iban = services.iban_normalise(form.cleaned_data["iban"] or "").compact if payment.is_sepa_debit else ""
            url = services.payment_confirm(
                payment=payment,
                return_url=return_url,
                iban=iban,
                ip_address=_client_ip(request),
                user_agent=request.headers.get("User-Agent", "")[:200],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(url)
    return render(
        request,
        "payments/confirm.html",
        {"payment": payment, "form": form, "can_confirm": can_confirm_payment(payment)},
    )


@coop_view(can_pay)
def returned(request: CoopRequest, pk: int) -> HttpResponse:
    """Where Stripe sends the member back after the bank: show what Stripe says now.
    The booking itself waits for the signed webhook."""
    payment = get_object_or_404(Payment, pk=pk, cooperative=request.coop, member=request.member)
    stripe_status = ""
    settings = selectors.payment_settings_for(cooperative=request.coop)
    if payment.stripe_payment_intent_id and settings.stripe_enabled:
        try:
            stripe_status = gateway.payment_intent_retrieve(settings, intent_id=payment.stripe_payment_intent_id).status
        except gateway.StripeUnavailable:
            stripe_status = ""
    succeeded = stripe_status == _STRIPE_SUCCEEDED or payment.is_succeeded
    return render(
        request,
        "payments/returned.html",
        {
            "payment": payment,
            "succeeded": succeeded,
            "processing": not succeeded and stripe_status == _STRIPE_PROCESSING,
            "failed": stripe_status == _STRIPE_FAILED or payment.is_failed,
        },
    )


@coop_view(can_pay)
def mandate(request: CoopRequest) -> HttpResponse:
    current = Mandate.objects.filter(member=request.member, status=MandateStatus.ACTIVE).first()
    form = MandateForm(
        request.POST or None, initial={"account_holder": request.member.name, "iban": request.member.iban}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_sign(
                member=request.member,
                iban=form.cleaned_data["iban"],
                account_holder=form.cleaned_data["account_holder"],
                agree=form.cleaned_data["agree"],
                ip_address=_client_ip(request) or None,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Je machtiging is vastgelegd. Je krijgt vóór elke incasso een aankondiging."))
            return redirect("payments:mine", coop=request.coop.slug)
    # The period the member agrees to by signing now (the mandate keeps it).
    days = selectors.payment_settings_for(cooperative=request.coop).prenotification_days
    return render(request, "payments/mandate.html", {"form": form, "current": current, "prenotification_days": days})


@require_POST
@coop_view(can_pay)
def mandate_revoke(request: CoopRequest) -> HttpResponse:
    current = get_object_or_404(Mandate, member=request.member, status=MandateStatus.ACTIVE)
    services.mandate_revoke(mandate=current, by=request.member)
    messages.success(request, _("Je machtiging is ingetrokken. Er wordt niets meer automatisch afgeschreven."))
    return redirect("payments:mine", coop=request.coop.slug)
