"""Bank statement import: each line recorded once, incoming money matched to members,
returned direct debits (storno) reversed, the rest queued for the treasurer.

Outgoing lines (the garage, the insurer, a payout) are recorded and shown with the
import, never booked here: those costs are booked from the bank when they are entered.

Booking: per import and booking date one transaction debits the bank with the money
that came in and credits each matched member's account (or "nog te verwerken" for a
line nobody could be matched to); assigning a queued line later moves it from there to
the member. A returned direct debit reverses the collection's own transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deel import mail
from deel.formats import format_date
from ledger.models import AccountPurpose, Statement, Transaction
from ledger.services import Line, account_for, late_note, receivable_accounts, transaction_post, transaction_reverse
from members.models import Cooperative, Member

from .. import tasks
from ..errors import BankFileError, PaymentError
from ..gateways.bankfiles import BankLineData, ParsedStatement, account_matches, parse
from ..locks import bank_line_lock, payment_flag_lock
from ..models import (
    BankImport,
    BankLine,
    BankLineStatus,
    CollectionStatus,
    Mandate,
    MandateStatus,
    Payment,
    PaymentFlag,
    PaymentStatus,
    SepaBatch,
    SepaCollection,
)
from ..permissions import can_assign_line, can_resolve_flag
from .postings import receipt_post

POSTINGS_PER_TRANSACTION = 200
# How far back a bank credit may come after its batch's collection date (the PmtInfIds of
# batches in that window are read from their stored pain.008 file).
BATCH_WINDOW = dt.timedelta(days=120)
_PMTINF_RE = re.compile(r"<PmtInfId>([^<]+)</PmtInfId>")
_TOKEN_SPLIT = re.compile(r"[\s/:;,+]+")
_NON_ALNUM = re.compile(r"[^0-9A-Z]")


def _norm(text: str) -> str:
    return _NON_ALNUM.sub("", text.upper())


def _candidates(description: str) -> Iterable[str]:
    """Normalised tokens of the remittance text, alone and up to four joined (a reference
    such as "1234 5678 9012 3456" is often typed with spaces)."""
    tokens = [_norm(t) for t in _TOKEN_SPLIT.split(description)]
    tokens = [t for t in tokens if t]
    for i in range(len(tokens)):
        joined = ""
        for j in range(i, min(i + 4, len(tokens))):
            joined += tokens[j]
            yield joined


class _Matcher:
    """Everything needed to match one file's lines, loaded in a fixed number of queries."""

    def __init__(self, cooperative: Cooperative, lines: list[BankLineData]):
        self.by_reference: dict[str, tuple[int, int]] = {
            _norm(ref): (pk, member_id)
            for pk, member_id, ref in Statement.objects.filter(cooperative=cooperative).values_list(
                "pk", "member_id", "payment_reference"
            )
            if _norm(ref)
        }
        owners: dict[str, set[int]] = defaultdict(set)
        for member_id, iban in (
            Member.objects.filter(cooperative=cooperative).exclude(iban="").values_list("pk", "iban")
        ):
            owners[_norm(iban)].add(member_id)
        for member_id, iban in Mandate.objects.filter(cooperative=cooperative, status=MandateStatus.ACTIVE).values_list(
            "member_id", "iban"
        ):
            owners[_norm(iban)].add(member_id)
        # An IBAN shared by two members (a household) identifies nobody.
        self.by_iban = {iban: next(iter(ids)) for iban, ids in owners.items() if len(ids) == 1}
        # message id and every PmtInfId of a batch -> (batch id, cancelled?): the banks report
        # a batch's payout by its PmtInfId (CAMT Btch/PmtInfId, MT940 /PREF/), some by message id.
        self.batches: dict[str, tuple[int, bool]] = {}
        dates = [line.booked_on for line in lines]
        recent = dt.date.min if not dates else min(dates) - BATCH_WINDOW
        for pk, mid, cancelled_at in SepaBatch.objects.filter(cooperative=cooperative).values_list(
            "pk", "message_id", "cancelled_at"
        ):
            self.batches[_norm(mid)] = (pk, cancelled_at is not None)
        for pk, xml, cancelled_at in SepaBatch.objects.filter(
            cooperative=cooperative, collection_date__gte=recent
        ).values_list("pk", "xml", "cancelled_at"):
            for pmt_inf_id in _PMTINF_RE.findall(xml):
                self.batches.setdefault(_norm(pmt_inf_id), (pk, cancelled_at is not None))
        e2e = sorted({line.end_to_end_id for line in lines if line.end_to_end_id})
        self.collections: dict[str, SepaCollection] = {}
        for chunk in _chunks(e2e):
            self.collections.update(
                (c.end_to_end_id, c)
                for c in SepaCollection.objects.filter(
                    batch__cooperative=cooperative, end_to_end_id__in=chunk
                ).select_related("payment__transaction", "member", "batch")
            )

    def member_for(self, line: BankLineData) -> tuple[int | None, int | None, str]:
        """(member id, statement id, how) for an incoming line, or (None, None, "")."""
        for candidate in _candidates(line.description):
            if candidate in self.by_reference:
                statement_id, member_id = self.by_reference[candidate]
                return member_id, statement_id, "reference"
        if line.counterparty_iban and _norm(line.counterparty_iban) in self.by_iban:
            return self.by_iban[_norm(line.counterparty_iban)], None, "iban"
        return None, None, ""

    def batch_for(self, line: BankLineData, *, reported: bool) -> tuple[int, bool] | None:
        """(batch id, cancelled?) of the direct-debit batch this credit pays out, if any: by the
        ids the bank reports with it (`reported`), or by a batch id in its text."""
        candidates = (_norm(i) for i in line.batch_ids) if reported else _candidates(line.description)
        for candidate in candidates:
            if candidate in self.batches:
                return self.batches[candidate]
        return None


def _chunks(items: list[str], size: int = 900) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@transaction.atomic
def bank_import_file(*, cooperative: Cooperative, data: bytes, filename: str, by: Member | None) -> BankImport:
    """Import a CAMT.053 or MT940 file (format detected).

    Guarantees: a file that cannot be read completely raises BankFileError (a Dutch reason)
    and imports nothing; a line already imported (same unique key) is skipped, so importing a
    file twice adds nothing; only the statements of the cooperative's own IBAN are imported,
    the other accounts of a multi-account export are named in `skipped_accounts`, and a file
    without the own account is refused whole, so nobody's private account ends up in the books.
    Incoming money is booked at most once: a credit the bank reports with a SEPA collection's
    end-to-end id, or with a batch's PmtInfId or message id, was booked when the batch was made
    and is only recorded (BATCH); other money is matched to a member by the statement's payment
    reference, then by IBAN, else waits in the queue. A returned direct debit reverses its
    collection and flags the member. A line dated in a closed period is booked on the first
    day of the first open period after it, with a note. Outgoing lines are recorded and listed,
    not booked: the payments they are (car costs, payouts) are booked where they are entered;
    a return of a direct debit DEEL does not know is listed for the treasurer.
    """
    parsed = parse(data)
    own_lines, skipped = _own_lines(cooperative, parsed)
    bank_import = BankImport.objects.create(
        cooperative=cooperative,
        filename=filename[:200],
        format=parsed.format,
        uploaded_by=by,
        skipped_accounts=skipped,
    )
    keys = [line.unique_key for line in own_lines]
    existing: set[str] = set()
    for chunk in _chunks(keys):
        existing.update(
            BankLine.objects.filter(cooperative=cooperative, unique_key__in=chunk).values_list("unique_key", flat=True)
        )
    new_lines = [line for line in own_lines if line.unique_key not in existing]
    matcher = _Matcher(cooperative, new_lines)

    rows: list[tuple[BankLineData, BankLine]] = []
    returns: list[tuple[BankLine, SepaCollection]] = []
    for line in new_lines:
        row = BankLine(
            cooperative=cooperative,
            bank_import=bank_import,
            unique_key=line.unique_key,
            booked_on=line.booked_on,
            amount_cents=line.amount_cents,
            counterparty_name=line.counterparty_name,
            counterparty_iban=line.counterparty_iban,
            description=line.description,
            end_to_end_id=line.end_to_end_id,
            return_reason=line.return_reason,
            is_return=line.is_return,
        )
        if line.amount_cents > 0:
            _classify_incoming(row, line, matcher)
        elif line.is_return and line.end_to_end_id in matcher.collections:
            collection = matcher.collections[line.end_to_end_id]
            row.status = BankLineStatus.RETURN
            row.member_id = collection.member_id
            returns.append((row, collection))
        elif line.is_return:
            row.status = BankLineStatus.RETURN_UNKNOWN
        else:
            row.status = BankLineStatus.OUTGOING
        rows.append((line, row))

    dates = _BookingDates()
    _post_incoming(cooperative, bank_import, rows, by, dates)
    BankLine.objects.bulk_create([row for _line, row in rows], batch_size=1000)
    for row, collection in returns:
        _process_return(cooperative, row, collection, by, dates)

    counts: dict[str, int] = defaultdict(int)
    for _line, row in rows:
        counts[row.status] += 1
    bank_import.line_count = len(own_lines)
    bank_import.new_count = len(new_lines)
    bank_import.matched_count = counts[BankLineStatus.MATCHED] + counts[BankLineStatus.BATCH]
    bank_import.queued_count = counts[BankLineStatus.QUEUED]
    bank_import.returned_count = counts[BankLineStatus.RETURN]
    bank_import.outgoing_count = counts[BankLineStatus.OUTGOING] + counts[BankLineStatus.RETURN_UNKNOWN]
    bank_import.moved_count = dates.moved
    bank_import.save(
        update_fields=[
            "line_count",
            "new_count",
            "matched_count",
            "queued_count",
            "returned_count",
            "outgoing_count",
            "moved_count",
        ]
    )
    return bank_import


def _classify_incoming(row: BankLine, line: BankLineData, matcher: _Matcher) -> None:
    """Money in: a collection of DEEL's own (by end-to-end id), a batch payout (by the PmtInfId
    or message id the bank reports), a member (by payment reference, then IBAN), a batch named
    in the text, or the queue; in that order, so a collection already booked per member is
    never credited to them again, and a member's own transfer is never taken for a batch."""
    collection = matcher.collections.get(line.end_to_end_id) if line.end_to_end_id else None
    if collection is not None:
        row.sepa_batch_id = collection.batch_id
        row.member_id = collection.member_id
        if collection.status == CollectionStatus.SCHEDULED and collection.batch.cancelled_at is None:
            row.status = BankLineStatus.BATCH
            row.note = _("Incasso %(e2e)s, al geboekt bij het maken van de batch") % {"e2e": line.end_to_end_id}
        else:
            # Reversed already (cancelled or returned): the money waits for the treasurer.
            row.status = BankLineStatus.QUEUED
            row.member_id = None
            row.note = _("Incasso %(e2e)s was teruggeboekt; controleer deze ontvangst") % {"e2e": line.end_to_end_id}
        return
    member_id, statement_id, _how = None, None, ""
    found = matcher.batch_for(line, reported=True)
    if found is None:
        member_id, statement_id, _how = matcher.member_for(line)
    if found is None and member_id is None:
        found = matcher.batch_for(line, reported=False)
    if found is not None:
        row.sepa_batch_id, cancelled = found
        # A live batch was booked per member when it was made. A cancelled one was
        # reversed, so money for it after all waits in the queue, never silently.
        row.status = BankLineStatus.QUEUED if cancelled else BankLineStatus.BATCH
        if not cancelled:
            row.note = _("Incassobatch, al geboekt bij het maken van de batch")
    elif member_id is not None:
        row.status = BankLineStatus.MATCHED
        row.member_id = member_id
        row.statement_id = statement_id
    else:
        row.status = BankLineStatus.QUEUED


def _own_lines(cooperative: Cooperative, parsed: ParsedStatement) -> tuple[list[BankLineData], list[str]]:
    """The lines of the cooperative's own account, and the other accounts the file names."""
    if not cooperative.iban:
        raise BankFileError(
            _("Vul eerst het IBAN van de coöperatie in: DEEL leest alleen afschriften van die rekening in.")
        )
    accounts = parsed.accounts or [parsed.account_iban]
    own = {account for account in accounts if account_matches(account, cooperative.iban)}
    if not own:
        raise BankFileError(
            _(
                "Dit afschrift is van rekening %(file)s, niet van de rekening van de coöperatie (%(own)s). "
                "Er is niets ingelezen."
            )
            % {"file": ", ".join(a for a in accounts if a) or _("(onbekend)"), "own": cooperative.iban}
        )
    lines = [line for line in parsed.lines if (line.account or parsed.account_iban) in own]
    if not lines:
        raise BankFileError(
            _("Het afschrift van de rekening van de coöperatie bevat geen transacties; er is niets ingelezen.")
        )
    return lines, [account for account in accounts if account not in own]


class _BookingDates:
    """Counts the bank lines booked in a later period than their date. A line keeps the date the
    bank reports (so the books' bank balance on a day is the bank's); when that day's period is
    settled or closed, `ledger.services.transaction_post` books it in the first open period after,
    with its note on the transaction: the one late-entry rule of the books."""

    def __init__(self) -> None:
        self.moved = 0

    def note(self, txn: Transaction, day: dt.date) -> str:
        """The late-entry note of `txn` for a line of `day`, counted; empty when booked in its own period."""
        period = txn.period
        if period.starts_on <= day <= period.ends_on:
            return ""
        return late_note(period, day)


def _post_incoming(
    cooperative: Cooperative,
    bank_import: BankImport,
    rows: list[tuple[BankLineData, BankLine]],
    by: Member | None,
    dates: _BookingDates,
) -> None:
    """One transaction per booking date: bank debit, each matched member (or suspense) credit."""
    booked = [row for _line, row in rows if row.status in (BankLineStatus.MATCHED, BankLineStatus.QUEUED)]
    if not booked:
        return
    bank = account_for(cooperative=cooperative, purpose=AccountPurpose.BANK)
    suspense = account_for(cooperative=cooperative, purpose=AccountPurpose.SUSPENSE)
    receivables = receivable_accounts(
        cooperative=cooperative, member_ids=sorted({row.member_id for row in booked if row.member_id})
    )
    by_date: dict[dt.date, list[BankLine]] = defaultdict(list)
    for row in booked:
        by_date[row.booked_on].append(row)
    for day, day_rows in sorted(by_date.items()):
        # Chunks keep each transaction small: the database checks a transaction's balance per
        # posting row, which grows with the square of its size.
        for part, start in enumerate(range(0, len(day_rows), POSTINGS_PER_TRANSACTION)):
            chunk = day_rows[start : start + POSTINGS_PER_TRANSACTION]
            lines = [Line(account=bank, amount_cents=sum(r.amount_cents for r in chunk))]
            for r in chunk:
                account = receivables[r.member_id] if r.member_id else suspense
                lines.append(Line(account=account, amount_cents=-r.amount_cents))
            description = _("Bankafschrift %(date)s (%(file)s)") % {
                "date": format_date(day, year=True),
                "file": bank_import.filename[:80],
            }
            txn, _created = transaction_post(
                cooperative=cooperative,
                date=day,
                description=description,
                source_key=f"bankimport:{bank_import.pk}:{day.isoformat()}:{part}",
                lines=lines,
                created_by=by,
            )
            note = dates.note(txn, day)
            if note:
                dates.moved += len(chunk)
            for r in chunk:
                r.transaction = txn
                if note:
                    r.note = f"{r.note}; {note}"[:200] if r.note else note[:200]


def _process_return(
    cooperative: Cooperative, row: BankLine, collection: SepaCollection, by: Member | None, dates: _BookingDates
) -> None:
    """Reverse the returned collection once, flag the member, tell member and treasurer."""
    if collection.status == CollectionStatus.RETURNED:
        return
    original = collection.payment.transaction
    if original is not None:
        description = _("Storno incasso %(e2e)s (%(reason)s)") % {
            "e2e": collection.end_to_end_id,
            "reason": row.return_reason or "-",
        }
        txn, _created = transaction_reverse(
            original=original,
            date=row.booked_on,
            description=description,
            source_key=f"storno:{collection.end_to_end_id}",
            created_by=by,
        )
        note = dates.note(txn, row.booked_on)
        if note:
            dates.moved += 1
        BankLine.objects.filter(pk=row.pk).update(transaction=txn, note=note[:200])
    collection.status = CollectionStatus.RETURNED
    collection.return_reason = row.return_reason
    collection.save(update_fields=["status", "return_reason"])
    Payment.objects.filter(pk=collection.payment_id).update(status=PaymentStatus.RETURNED, updated_at=timezone.now())
    PaymentFlag.objects.create(
        cooperative=cooperative,
        member_id=collection.member_id,
        reason=(
            _("Incasso van %(date)s gestorneerd (reden %(reason)s)")
            % {"date": format_date(collection.batch.collection_date, year=True), "reason": row.return_reason or "-"}
        )[:200],
    )
    mail.after_commit(tasks.send_return_mail, collection.pk)


@transaction.atomic
def bank_line_assign(*, line: BankLine, member: Member, by: Member) -> BankLine:
    """Assign a queued incoming line to a member by hand: moves the money from "nog te verwerken"
    to the member's account (once); the member then sees it among their payments."""
    locked = bank_line_lock(line_id=line.pk)
    if not can_assign_line(locked):
        raise PaymentError(_("Deze bankregel is al verwerkt."))
    if member.cooperative_id != locked.cooperative_id:
        raise PaymentError(_("Dit lid hoort niet bij deze coöperatie."))
    cooperative = member.cooperative
    receipt_post(
        cooperative=cooperative,
        member=member,
        amount_cents=locked.amount_cents,
        date=timezone.localdate(),
        description=_("Bankregel van %(date)s toegewezen aan %(member)s")
        % {"date": format_date(locked.booked_on, year=True), "member": member.name},
        source_key=f"bankassign:{locked.pk}",
        debit_purpose=AccountPurpose.SUSPENSE,
        created_by=by,
    )
    locked.status = BankLineStatus.ASSIGNED
    locked.member = member
    locked.assigned_by = by
    locked.save(update_fields=["status", "member", "assigned_by"])
    return locked


@transaction.atomic
def bank_line_assign_income(*, line: BankLine, by: Member, note: str = "") -> BankLine:
    """Book a queued incoming line from someone who is not a member (a sponsor, a subsidy) as
    income of the cooperative: from "nog te verwerken" to "overige opbrengsten" (the account is
    made on first use), once. It lowers the pool's cost at the settlement like any income
    without a car."""
    locked = bank_line_lock(line_id=line.pk)
    if not can_assign_line(locked):
        raise PaymentError(_("Deze bankregel is al verwerkt."))
    cooperative = locked.cooperative
    who = locked.counterparty_name or locked.counterparty_iban or _("onbekende tegenpartij")
    description = _("Bankregel van %(date)s: overige opbrengst van %(who)s") % {
        "date": format_date(locked.booked_on, year=True),
        "who": who,
    }
    if note:
        description = f"{description} ({note})"
    transaction_post(
        cooperative=cooperative,
        date=timezone.localdate(),
        description=description[:200],
        source_key=f"bankassign:{locked.pk}",
        lines=[
            Line(
                account=account_for(cooperative=cooperative, purpose=AccountPurpose.SUSPENSE),
                amount_cents=locked.amount_cents,
            ),
            Line(
                account=account_for(cooperative=cooperative, purpose=AccountPurpose.OTHER_INCOME),
                amount_cents=-locked.amount_cents,
            ),
        ],
        created_by=by,
    )
    locked.status = BankLineStatus.ASSIGNED
    locked.assigned_by = by
    locked.note = (_("Overige opbrengst: %(note)s") % {"note": note or who})[:200]
    locked.save(update_fields=["status", "assigned_by", "note"])
    return locked


@transaction.atomic
def payment_flag_resolve(*, flag: PaymentFlag, by: Member) -> PaymentFlag:
    """The treasurer marks a returned direct debit as dealt with (once, recording who; the flag
    stays as history)."""
    locked = payment_flag_lock(flag_id=flag.pk)
    if not can_resolve_flag(locked, by):
        raise PaymentError(_("Dit signaal hoort niet bij deze coöperatie."))
    if locked.resolved_at is None:
        locked.resolved_at = timezone.now()
        locked.resolved_by = by
        locked.save(update_fields=["resolved_at", "resolved_by"])
    return locked
