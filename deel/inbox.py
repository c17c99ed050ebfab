"""The to-do inbox of the treasurer and the board on their home page: what waits for them,
each item with a count or an amount and a link to the page where it is done. Composed here
from the apps' selectors and permissions (like deel/home.py composes the panels); the apps
never know about the inbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from deel.formats import format_date
from governance import permissions as governance_perms
from governance import selectors as governance_selectors
from ledger import permissions as ledger_perms
from ledger import selectors as ledger_selectors
from members import permissions as member_perms
from members import selectors as member_selectors
from members.permissions import CoopRequest
from payments import permissions as payment_perms
from payments import selectors as payment_selectors
from vehicles import selectors as vehicle_selectors


@dataclass(frozen=True)
class InboxItem:
    key: str  # stable, for tests and anchors
    label: str
    url: str
    count: int = 0
    amount_cents: int | None = None
    detail: str = ""
    urgent: bool = False


Source = Callable[[CoopRequest], list[InboxItem]]


def _url(request: CoopRequest, name: str, **kwargs: int) -> str:
    return reverse(name, kwargs={"coop": request.coop.slug, **kwargs})


def claims(request: CoopRequest) -> list[InboxItem]:
    """Claims to decide; for the board only the treasurer's own (four eyes)."""
    if not ledger_perms.can_decide_expenses(request.member):
        return []
    count, cents = ledger_selectors.claims_to_decide(cooperative=request.coop, member=request.member)
    if not count:
        return []
    if member_perms.is_treasurer(request.member):
        label = ngettext("%(n)s declaratie te beoordelen", "%(n)s declaraties te beoordelen", count)
    else:
        label = ngettext(
            "%(n)s declaratie van de penningmeester te beoordelen (vier ogen)",
            "%(n)s declaraties van de penningmeester te beoordelen (vier ogen)",
            count,
        )
    return [InboxItem("claims", label % {"n": count}, _url(request, "ledger:expenses"), count, cents)]


def bank_lines(request: CoopRequest) -> list[InboxItem]:
    if not payment_perms.can_manage_payments(request.member):
        return []
    items = []
    count, cents = payment_selectors.queue_totals(cooperative=request.coop)
    if count:
        label = ngettext("%(n)s bankregel toe te wijzen", "%(n)s bankregels toe te wijzen", count)
        items.append(InboxItem("bank_lines", label % {"n": count}, _url(request, "payments:queue"), count, cents))
    returns = payment_selectors.returns_to_check(cooperative=request.coop)
    if returns:
        label = ngettext(
            "%(n)s teruggeboekte incasso af te handelen", "%(n)s teruggeboekte incasso's af te handelen", returns
        )
        items.append(
            InboxItem(
                "returns", label % {"n": returns}, _url(request, "payments:queue") + "#storno", returns, urgent=True
            )
        )
    return items


def arrears(request: CoopRequest) -> list[InboxItem]:
    if not payment_perms.can_see_arrears(request.member):
        return []
    summary = payment_selectors.overdue_summary(cooperative=request.coop, today=timezone.localdate())
    if not summary.count:
        return []
    label = ngettext(
        "%(n)s lid met een betalingsachterstand", "%(n)s leden met een betalingsachterstand", summary.count
    )
    detail = ngettext(
        "langst: %(days)s dag na de betaaltermijn", "langst: %(days)s dagen na de betaaltermijn", summary.most_days_late
    ) % {"days": summary.most_days_late}
    return [
        InboxItem(
            "arrears",
            label % {"n": summary.count},
            _url(request, "payments:arrears"),
            summary.count,
            summary.total_cents,
            detail,
            urgent=summary.most_days_late >= 14,
        )
    ]


def statements_and_batches(request: CoopRequest) -> list[InboxItem]:
    if not ledger_perms.can_manage_books(request.member):
        return []
    today = timezone.localdate()
    items = []
    due = ledger_selectors.statements_due(cooperative=request.coop, today=today)
    if due is not None:
        label = _("Afschriften van %(month)s opmaken") % {"month": date_format(due.period_start, "F Y")}
        detail = ngettext("%(n)s lid krijgt een afschrift", "%(n)s leden krijgen een afschrift", due.count) % {
            "n": due.count
        }
        items.append(
            InboxItem("statements", label, _url(request, "ledger:statements"), due.count, due.to_pay_cents, detail)
        )
    for period in ledger_selectors.settlements_due(cooperative=request.coop, today=today):
        items.append(
            InboxItem(
                f"settlement-{period.pk}",
                _("Nacalculatie %(period)s uitvoeren") % {"period": period.label},
                _url(request, "ledger:settlement", pk=period.pk),
                detail=_("periode afgelopen op %(date)s") % {"date": format_date(period.ends_on)},
            )
        )
    count, cents = payment_selectors.collection_due(cooperative=request.coop)
    if count:
        label = ngettext("%(n)s incasso klaar voor een SEPA-batch", "%(n)s incasso's klaar voor een SEPA-batch", count)
        items.append(InboxItem("sepa", label % {"n": count}, _url(request, "payments:sepa"), count, cents))
    return items


def papers(request: CoopRequest) -> list[InboxItem]:
    member = request.member
    if not (member_perms.is_treasurer(member) or member_perms.is_board(member)):
        return []
    documents = vehicle_selectors.documents_expiring(cooperative=request.coop, member=member)
    if not documents:
        return []
    today = timezone.localdate()
    first = documents[0]
    label = ngettext("%(n)s autopapier verloopt binnenkort", "%(n)s autopapieren verlopen binnenkort", len(documents))
    detail = _("eerste: %(plate)s, %(date)s") % {
        "plate": first.vehicle.plate,
        "date": format_date(first.expires_before),
    }
    return [
        InboxItem(
            "papers",
            label % {"n": len(documents)},
            _url(request, "vehicles:expiring"),
            len(documents),
            detail=detail,
            urgent=first.expires_before <= today,
        )
    ]


def applications(request: CoopRequest) -> list[InboxItem]:
    if not member_perms.can_admit_members(request.member):
        return []
    count = member_selectors.admission_queue(cooperative=request.coop).count()
    if not count:
        return []
    label = ngettext("%(n)s aanmelding wacht op het bestuur", "%(n)s aanmeldingen wachten op het bestuur", count)
    return [InboxItem("applications", label % {"n": count}, _url(request, "members:board"), count)]


def alv_deadlines(request: CoopRequest) -> list[InboxItem]:
    if not governance_perms.can_manage_meetings(request.member):
        return []
    items = []
    for d in governance_selectors.board_deadlines(cooperative=request.coop, now=timezone.now()):
        due = format_date(d.due) if d.due else ""
        if d.kind == "convene":
            assert d.meeting_id is not None
            label = _("Oproeping versturen: %(title)s") % {"title": d.title}
            detail = _("uiterlijk %(date)s (oproepingstermijn)") % {"date": due}
            url = _url(request, "governance:convene", pk=d.meeting_id)
            key = f"convene-{d.meeting_id}"
        elif d.kind == "minutes":
            assert d.meeting_id is not None
            label = _("Notulen vaststellen: %(title)s") % {"title": d.title}
            detail = _("op de volgende ALV")
            url = _url(request, "governance:minutes", pk=d.meeting_id)
            key = f"minutes-{d.meeting_id}"
        else:
            assert d.request_id is not None
            label = _("Verzoek om een ALV (2:41): %(title)s") % {"title": d.title}
            detail = _("oproepen uiterlijk %(date)s") % {"date": due}
            url = _url(request, "governance:request", pk=d.request_id)
            key = f"request-{d.request_id}"
        items.append(InboxItem(key, label, url, detail=detail, urgent=d.late))
    return items


def disputes(request: CoopRequest) -> list[InboxItem]:
    """Penalties a member disputed: the board decides (ledger.penalties)."""
    if not member_perms.is_board(request.member):
        return []
    count = ledger_selectors.open_disputes_count(cooperative=request.coop)
    if not count:
        return []
    label = ngettext("%(n)s bezwaar tegen een boete", "%(n)s bezwaren tegen boetes", count)
    return [InboxItem("disputes", label % {"n": count}, _url(request, "ledger:disputes"), count)]


# In the order they are shown.
SOURCES: tuple[Source, ...] = (
    claims,
    bank_lines,
    arrears,
    statements_and_batches,
    papers,
    applications,
    disputes,
    alv_deadlines,
)


def has_inbox(request: CoopRequest) -> bool:
    member = request.member
    return member_perms.is_treasurer(member) or member_perms.is_board(member)


def inbox_items(request: CoopRequest) -> list[InboxItem]:
    """Every to-do of the treasurer and the board, each once (a member holding both roles
    sees the union)."""
    seen: set[str] = set()
    items = []
    for source in SOURCES:
        for item in source(request):
            if item.key not in seen:
                seen.add(item.key)
                items.append(item)
    return items
