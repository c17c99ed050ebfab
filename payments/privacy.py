"""What payments keeps about a person (deel.personal_data): payments and direct-debit mandates."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from deel.personal_data import Category, Section, section
from members.models import Member

from .models import ArrearsReminder, BankLine, Mandate, Payment, PaymentFlag, SepaCollection

PAYMENTS = Category(
    key="payments",
    model=Payment,
    title=_("Betalingen"),
    purpose=_("Je betalingen via iDEAL, overboeking of incasso, om ze op je rekening te boeken."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij, de penningmeester en de kascommissie."),
)
MANDATES = Category(
    key="mandates",
    model=Mandate,
    title=_("Machtigingen"),
    purpose=_("De SEPA-machtiging waarmee de coöperatie incasseert; de bank vraagt het bewijs ervan."),
    retention=_("Tot 14 maanden na de laatste incasso (SEPA-regels), en 7 jaar als financieel bewijs."),
    seen_by=_("Jij en de penningmeester."),
)
COLLECTIONS = Category(
    key="collections",
    model=SepaCollection,
    title=_("Incasso's"),
    purpose=_("Elke incasso van je rekening, met de vooraankondiging en een eventuele storno."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij en de penningmeester."),
)
BANK_LINES = Category(
    key="bank_lines",
    model=BankLine,
    title=_("Regels van het bankafschrift"),
    purpose=_(
        "Je overboekingen zoals de bank ze meldt (naam, rekening, omschrijving), om ze op je rekening te boeken."
    ),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("De penningmeester en de kascommissie."),
)
FLAGS = Category(
    key="payment_flags",
    model=PaymentFlag,
    title=_("Betaalsignalen"),
    purpose=_("Een mislukte incasso of betaling die de penningmeester moet opvolgen."),
    retention=_("Tot het is opgelost, daarna 7 jaar als financieel bewijs."),
    seen_by=_("Jij en de penningmeester."),
)
REMINDERS = Category(
    key="arrears_reminders",
    model=ArrearsReminder,
    title=_("Betalingsherinneringen"),
    purpose=_("Welke herinnering je wanneer kreeg, zodat je er niet twee keer een krijgt."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij en de penningmeester."),
)
CATEGORIES = [PAYMENTS, MANDATES, COLLECTIONS, BANK_LINES, FLAGS, REMINDERS]


def personal_data(member: Member) -> list[Section]:
    return [
        section(
            PAYMENTS,
            Payment.objects.filter(member=member).order_by("created_at", "pk"),
            ["created_at", "method", "amount_cents", "refunded_cents", "status", "description", "paid_on"],
            labels={"created_at": _("aangemaakt op")},
        ),
        section(
            MANDATES,
            Mandate.objects.filter(member=member).order_by("signed_on", "pk"),
            ["reference", "iban", "bic", "account_holder", "signed_on", "status", "last_used_on", "ended_at"],
        ),
        section(
            COLLECTIONS,
            SepaCollection.objects.filter(member=member).select_related("batch", "mandate").order_by("pk"),
            ["batch", "mandate", "amount_cents", "end_to_end_id", "status", "return_reason", "prenotified_at"],
            labels={
                "batch": _("incassobestand"),
                "mandate": _("machtiging"),
                "end_to_end_id": _("kenmerk"),
                "prenotified_at": _("vooraankondiging"),
            },
        ),
        section(
            BANK_LINES,
            BankLine.objects.filter(member=member).order_by("booked_on", "pk"),
            ["booked_on", "amount_cents", "counterparty_name", "counterparty_iban", "description", "status"],
        ),
        section(
            FLAGS,
            PaymentFlag.objects.filter(member=member).order_by("created_at", "pk"),
            ["created_at", "reason", "resolved_at"],
            labels={"created_at": _("gemeld op"), "resolved_at": _("opgelost op")},
        ),
        section(
            REMINDERS,
            ArrearsReminder.objects.filter(member=member).order_by("sent_at", "pk"),
            ["sent_at", "level_days", "amount_cents"],
            labels={"sent_at": _("verstuurd op"), "level_days": _("dagen te laat"), "amount_cents": _("bedrag")},
        ),
    ]


def anonymise(member: Member) -> int:
    """After the retention period: the member's bank details go from mandates and bank lines
    (amounts, dates and statuses stay, so the books and the bank reconciliation add up)."""
    changed = Mandate.objects.filter(member=member).update(iban="", bic="", account_holder="", signed_ip=None)
    changed += BankLine.objects.filter(member=member).update(counterparty_name="", counterparty_iban="", description="")
    return changed
