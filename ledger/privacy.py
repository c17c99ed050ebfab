"""What the ledger keeps about a person (deel.personal_data): postings, statements, claims."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from deel.personal_data import Category, Section, section
from members.models import Member

from .models import (
    AccountPurpose,
    CarCost,
    Deposit,
    Expense,
    Penalty,
    Posting,
    SettlementLine,
    Statement,
    TripCharge,
)

POSTINGS = Category(
    key="postings",
    model=Posting,
    title=_("Boekingen op je rekening-courant"),
    purpose=_("Wat je verschuldigd bent en wat je betaalde: ritten, contributie, nacalculatie, betalingen."),
    retention=_("7 jaar (fiscale bewaarplicht, art. 52 AWR); daarna blijven alleen de bedragen, zonder je naam."),
    seen_by=_("Jij, de penningmeester en de kascommissie."),
)
STATEMENTS = Category(
    key="statements",
    model=Statement,
    title=_("Afschriften"),
    purpose=_("Je maandelijkse overzicht van wat je betaalt of terugkrijgt."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij, de penningmeester en de kascommissie."),
)
EXPENSES = Category(
    key="expenses",
    model=Expense,
    title=_("Declaraties"),
    purpose=_("Kosten die je voor de coöperatie voorschoot, om ze te vergoeden."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij, de penningmeester en de kascommissie."),
)
TRIP_CHARGES = Category(
    key="trip_charges",
    model=TripCharge,
    title=_("Ritkosten"),
    purpose=_("Wat elke rit kostte volgens het tarief: km, tijd en bedrag."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij, de penningmeester en de kascommissie."),
)
SETTLEMENT_SHARES = Category(
    key="settlement_shares",
    model=SettlementLine,
    title=_("Aandeel in de nacalculatie"),
    purpose=_("Jouw deel van de echte kosten van een periode tegenover wat je via het tarief betaalde."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij, de penningmeester en de kascommissie."),
)
CAR_COSTS = Category(
    key="car_costs_advanced",
    model=CarCost,
    title=_("Voorgeschoten autokosten"),
    purpose=_("Autokosten die jij betaalde en die op je rekening zijn gezet."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij, de penningmeester, de autobeheerder en de kascommissie."),
)
PENALTIES = Category(
    key="penalties",
    model=Penalty,
    title=_("Boetes"),
    purpose=_("Boetes die de ALV vaststelde en je werden opgelegd, met de reden en je bezwaar."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij, de autobeheerder, het bestuur, de penningmeester en de kascommissie."),
)
DEPOSITS = Category(
    key="deposits",
    model=Deposit,
    title=_("Borg"),
    purpose=_("De borg die je betaalde en wanneer je hem terugkreeg."),
    retention=_("7 jaar (fiscale bewaarplicht)."),
    seen_by=_("Jij, de penningmeester en de kascommissie."),
)
CATEGORIES = [POSTINGS, STATEMENTS, TRIP_CHARGES, SETTLEMENT_SHARES, EXPENSES, CAR_COSTS, PENALTIES, DEPOSITS]


def personal_data(member: Member) -> list[Section]:
    return [
        section(
            POSTINGS,
            Posting.objects.filter(account__member=member, account__purpose=AccountPurpose.RECEIVABLE)
            .select_related("transaction", "account")
            .order_by("transaction__date", "pk"),
            ["transaction", "amount_cents"],
            labels={"transaction": _("boeking"), "amount_cents": _("bedrag")},
        ),
        section(
            STATEMENTS,
            Statement.objects.filter(member=member).order_by("period_end", "pk"),
            [
                "number",
                "period_start",
                "period_end",
                "opening_balance_cents",
                "closing_balance_cents",
                "amount_due_cents",
                "payment_reference",
                "issued_at",
            ],
        ),
        section(
            TRIP_CHARGES,
            TripCharge.objects.filter(member=member).select_related("vehicle").order_by("date", "pk"),
            ["date", "vehicle", "km", "minutes", "amount_cents"],
            labels={"vehicle": _("auto")},
        ),
        section(
            SETTLEMENT_SHARES,
            SettlementLine.objects.filter(member=member).select_related("settlement__period").order_by("pk"),
            ["settlement", "km", "minutes", "paid_cents", "share_cents", "difference_cents"],
            labels={"settlement": _("periode")},
        ),
        section(
            EXPENSES,
            Expense.objects.filter(member=member).select_related("vehicle").order_by("spent_on", "pk"),
            [
                "spent_on",
                "category",
                "description",
                "amount_cents",
                "vehicle",
                "status",
                "refusal_reason",
                "attachment",
            ],
        ),
        section(
            CAR_COSTS,
            CarCost.objects.filter(paid_by_member=member).select_related("vehicle").order_by("incurred_on", "pk"),
            ["incurred_on", "vehicle", "category", "description", "amount_cents"],
        ),
        section(
            PENALTIES,
            Penalty.objects.filter(member=member).select_related("vehicle", "dispute").order_by("recorded_at", "pk"),
            ["recorded_at", "kind", "vehicle", "units", "amount_cents", "reason"],
            labels={"vehicle": _("auto")},
        ),
        section(
            DEPOSITS,
            Deposit.objects.filter(member=member).order_by("charged_at", "pk"),
            ["amount_cents", "charged_at", "returned_at"],
        ),
    ]


def anonymise(member: Member) -> int:
    """After the retention period: the receipts attached to claims go; amounts and
    descriptions stay in the books."""
    changed = 0
    for expense in Expense.objects.filter(member=member).exclude(attachment=""):
        expense.attachment.delete(save=False)
        Expense.objects.filter(pk=expense.pk).update(attachment="")
        changed += 1
    return changed
