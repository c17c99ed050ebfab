"""The treasurer's payment pages (the audit committee reads them): settings, SEPA batches,
bank import and its queue, and the board's arrears list."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from deel.errors import DomainError
from deel.formats import format_date
from members.models import AccessAction, Member
from members.permissions import CoopRequest, coop_view
from members.services import StrOrPromise, personal_data_access_record

from .. import selectors, services
from ..errors import CreditorIdInvalid
from ..forms import AssignForm, BankUploadForm, BatchCancelForm, BatchForm, SettingsForm
from ..models import BankImport, BankLine, PaymentFlag, SepaBatch
from ..permissions import (
    batch_cancel_refusal,
    can_download_batch,
    can_manage_payments,
    can_read_payments,
    can_see_arrears,
)

# What each page shows of the members' personal data (for the access log, AVG art. 5 lid 2).
BATCH_FIELDS = _lazy("naam, IBAN, machtiging, bedrag")
BANK_FIELDS = _lazy("naam, IBAN, betaald bedrag")
ARREARS_FIELDS = _lazy("naam, achterstand, storno's")


def _log_access(
    request: CoopRequest,
    members: Iterable[Member | None],
    fields: StrOrPromise,
    place: StrOrPromise,
    action: str = AccessAction.VIEWED,
) -> None:
    """Log that the treasurer (or audit committee) saw these members' payment data on a page."""
    unique = {m.pk: m for m in members if m is not None}
    personal_data_access_record(members=unique.values(), user=request.user, action=action, fields=fields, place=place)


@coop_view(can_manage_payments)
def settings_page(request: CoopRequest) -> HttpResponse:
    current = selectors.payment_settings_for(cooperative=request.coop)
    initial = {
        "sepa_creditor_id": request.coop.sepa_creditor_id,
        "bic": request.coop.bic,
        "pain_version": current.pain_version,
        "prenotification_days": current.prenotification_days,
        "arrears_limit": (
            f"{current.arrears_limit_cents // 100},{current.arrears_limit_cents % 100:02d}"
            if current.arrears_limit_cents is not None
            else ""
        ),
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.payment_settings_update(
                cooperative=request.coop,
                by=request.member,
                stripe_secret_key=data["stripe_secret_key"],
                stripe_webhook_secret=data["stripe_webhook_secret"],
                remove_stripe=data["remove_stripe"],
                pain_version=data["pain_version"],
                prenotification_days=data["prenotification_days"],
                arrears_limit_cents=data["arrears_limit"],
                sepa_creditor_id=data["sepa_creditor_id"],
                bic=data["bic"],
            )
        except CreditorIdInvalid as exc:
            form.add_error("sepa_creditor_id", exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("De betaalinstellingen zijn opgeslagen."))
            return redirect("payments:settings", coop=request.coop.slug)
    webhook_url = request.build_absolute_uri(f"/stripe/webhook/{request.coop.slug}/")
    return render(
        request,
        "payments/settings.html",
        {
            "form": form,
            "current": current,
            "webhook_url": webhook_url,
            "changes": selectors.settings_changes(cooperative=request.coop),
        },
    )


@coop_view(can_read_payments)
def sepa(request: CoopRequest) -> HttpResponse:
    rows = selectors.collectable(cooperative=request.coop)
    earliest = selectors.earliest_collection_date(cooperative=request.coop, mandates=[m for m, _a in rows])
    form = BatchForm(request.POST or None, earliest=earliest)
    if request.method == "POST":
        if not can_manage_payments(request.member):
            raise PermissionDenied
        if form.is_valid():
            requested = form.cleaned_data["collection_date"]
            if request.POST.get("confirmed") != "1":
                # First show what will happen (who is collected, how much, on which day, who gets
                # an e-mail); only the confirmation makes the batch.
                preview = selectors.sepa_batch_preview(cooperative=request.coop, collection_date=requested)
                return render(request, "payments/sepa_confirm.html", {"preview": preview, "form": form})
            try:
                batch = services.sepa_batch_create(
                    cooperative=request.coop, collection_date=requested, by=request.member
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Incassobatch gemaakt: %(count)s incasso's. De leden krijgen nu hun vooraankondiging.")
                    % {"count": batch.count},
                )
                if batch.collection_date != requested:
                    messages.info(
                        request,
                        _(
                            "%(requested)s is geen werkdag voor het betalingsverkeer (weekend of TARGET-feestdag): "
                            "er wordt geïncasseerd op %(used)s."
                        )
                        % {
                            "requested": format_date(requested),
                            "used": format_date(batch.collection_date),
                        },
                    )
                return redirect("payments:batch", coop=request.coop.slug, pk=batch.pk)
    return render(
        request,
        "payments/sepa.html",
        {
            "form": form,
            "batches": selectors.batches(cooperative=request.coop)[:50],
            "rows": rows,
            "total_cents": sum(amount for _m, amount in rows),
            "mandate_count": selectors.active_mandates(cooperative=request.coop).count(),
            "can_manage": can_manage_payments(request.member),
            "earliest": earliest,
            "target_holidays": selectors.upcoming_target_holidays(start=earliest),
        },
    )


@coop_view(can_read_payments)
def batch(request: CoopRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(SepaBatch.objects.defer("xml"), pk=pk, cooperative=request.coop)
    collections = list(found.collections.select_related("member__user", "mandate").order_by("member__user__last_name"))
    _log_access(
        request, [c.member for c in collections], BATCH_FIELDS, _("incassobatch %(id)s") % {"id": found.message_id}
    )
    refusal = batch_cancel_refusal(found)  # "" when it can be cancelled (permissions.can_cancel_batch)
    return render(
        request,
        "payments/batch.html",
        {
            "batch": found,
            "collections": collections,
            "can_manage": can_manage_payments(request.member),
            "can_cancel": not refusal,
            "can_download": can_download_batch(found),
            "cancel_refusal": refusal,
            "cancel_form": BatchCancelForm(),
        },
    )


@require_POST
@coop_view(can_manage_payments)
def batch_cancel(request: CoopRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(SepaBatch.objects.defer("xml"), pk=pk, cooperative=request.coop)
    form = BatchCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vink aan dat de bank dit bestand niet verwerkt; dan pas kun je annuleren."))
        return redirect("payments:batch", coop=request.coop.slug, pk=found.pk)
    try:
        services.sepa_batch_cancel(batch=found, by=request.member)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("De incassobatch is geannuleerd. De saldi staan weer open en gaan mee in de volgende batch."),
        )
    return redirect("payments:batch", coop=request.coop.slug, pk=found.pk)


@coop_view(can_read_payments)
def batch_file(request: CoopRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(SepaBatch, pk=pk, cooperative=request.coop)
    if not can_download_batch(found):
        # Offering a cancelled batch to the bank would collect balances that are open again.
        messages.error(request, _("Deze incassobatch is geannuleerd; het bestand mag niet meer naar de bank."))
        return redirect("payments:batch", coop=request.coop.slug, pk=found.pk)
    _log_access(
        request,
        [c.member for c in found.collections.select_related("member")],
        BATCH_FIELDS,
        _("incassobestand %(id)s") % {"id": found.message_id},
        action=AccessAction.EXPORTED,
    )
    response = HttpResponse(found.xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="incasso-{found.message_id}.xml"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@coop_view(can_read_payments)
def bank(request: CoopRequest) -> HttpResponse:
    form = BankUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_manage_payments(request.member):
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.bank_import_file(
                    cooperative=request.coop, data=upload.read(), filename=upload.name, by=request.member
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "%(new)s nieuwe regels ingelezen (%(dup)s stonden er al): %(matched)s gekoppeld, "
                        "%(returns)s storno's, %(queued)s te verwerken, %(outgoing)s uitgaand (niet geboekt)."
                    )
                    % {
                        "new": result.new_count,
                        "dup": result.line_count - result.new_count,
                        "matched": result.matched_count,
                        "returns": result.returned_count,
                        "queued": result.queued_count,
                        "outgoing": result.outgoing_count,
                    },
                )
                if result.moved_count:
                    messages.info(
                        request,
                        ngettext(
                            "%(count)s regel is gedateerd in een afgesloten periode en geboekt in de eerste open "
                            "periode daarna.",
                            "%(count)s regels zijn gedateerd in een afgesloten periode en geboekt in de eerste open "
                            "periode daarna.",
                            result.moved_count,
                        )
                        % {"count": result.moved_count},
                    )
                if result.skipped_accounts:
                    messages.info(
                        request,
                        _("Overgeslagen: het bestand bevat ook rekening(en) %(accounts)s, niet van de coöperatie.")
                        % {"accounts": ", ".join(result.skipped_accounts)},
                    )
                return redirect("payments:bank_import", coop=request.coop.slug, pk=result.pk)
    return render(
        request,
        "payments/bank.html",
        {
            "form": form,
            "imports": selectors.imports(cooperative=request.coop),
            "queued": selectors.queue(cooperative=request.coop).count(),
            "can_manage": can_manage_payments(request.member),
        },
    )


@coop_view(can_read_payments)
def bank_import(request: CoopRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(BankImport, pk=pk, cooperative=request.coop)
    lines = list(selectors.import_lines(bank_import=found))
    _log_access(
        request, [line.member for line in lines], BANK_FIELDS, _("bankafschrift %(file)s") % {"file": found.filename}
    )
    return render(request, "payments/bank_import.html", {"bank_import": found, "lines": lines})


@coop_view(can_read_payments)
def queue(request: CoopRequest) -> HttpResponse:
    members = list(selectors.assignable_members(cooperative=request.coop))
    return render(
        request,
        "payments/queue.html",
        {
            "rows": selectors.queue_with_suggestions(cooperative=request.coop, members=members),
            "other_income": AssignForm.OTHER_INCOME,
            "unknown_returns": selectors.unknown_returns(cooperative=request.coop)[:50],
            "flags": selectors.open_flags(cooperative=request.coop),
            "members": members,
            "can_manage": can_manage_payments(request.member),
        },
    )


@require_POST
@coop_view(can_manage_payments)
def assign(request: CoopRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BankLine, pk=pk, cooperative=request.coop)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een lid."))
        return redirect("payments:queue", coop=request.coop.slug)
    if form.cleaned_data["member"] == AssignForm.OTHER_INCOME:
        try:
            services.bank_line_assign_income(line=line, by=request.member, note=form.cleaned_data["note"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("De ontvangst is geboekt als overige opbrengst (geen lid)."))
        return redirect("payments:queue", coop=request.coop.slug)
    member = get_object_or_404(Member, pk=form.cleaned_data["member"], cooperative=request.coop)
    try:
        services.bank_line_assign(line=line, member=member, by=request.member)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("De betaling is geboekt op de rekening van %(name)s.") % {"name": member.name})
    return redirect("payments:queue", coop=request.coop.slug)


@require_POST
@coop_view(can_manage_payments)
def flag_resolve(request: CoopRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(PaymentFlag, pk=pk, cooperative=request.coop)
    services.payment_flag_resolve(flag=flag, by=request.member)
    messages.success(request, _("Afgehandeld: %(name)s.") % {"name": flag.member.name})
    return redirect("payments:queue", coop=request.coop.slug)


@coop_view(can_see_arrears)
def arrears(request: CoopRequest) -> HttpResponse:
    rows = selectors.arrears(cooperative=request.coop)
    _log_access(request, [r.member for r in rows], ARREARS_FIELDS, _("achterstanden"))
    return render(
        request,
        "payments/arrears.html",
        {
            "rows": rows,
            "total_cents": sum(r.balance_cents for r in rows),
            "limit_cents": selectors.payment_settings_for(cooperative=request.coop).arrears_limit_cents,
        },
    )
