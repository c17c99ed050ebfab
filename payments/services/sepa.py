"""SEPA direct-debit batches: collecting open balances of members with a valid mandate."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deel import mail
from deel.creditor_id import creditor_id_compact
from deel.formats import format_date
from ledger.errors import PeriodClosed
from ledger.models import AccountPurpose
from ledger.services import transaction_reverse
from members.models import Cooperative, Member

from .. import tasks
from ..errors import SepaExportError
from ..gateways.pain008 import Debit, PainInvalid, build_pain008, payment_info_id
from ..locks import payment_settings_lock, sepa_batch_lock, sepa_collections_lock
from ..models import (
    CollectionStatus,
    Mandate,
    Payment,
    PaymentMethod,
    PaymentStatus,
    SepaBatch,
    SepaCollection,
)
from ..permissions import batch_cancel_refusal
from ..selectors import collectable, earliest_collection_date, prenotification_days_required
from ..target_days import next_target_business_day
from .postings import receipt_post

logger = logging.getLogger(__name__)


@transaction.atomic
def sepa_batch_create(
    *, cooperative: Cooperative, collection_date: dt.date, by: Member | None, today: dt.date | None = None
) -> SepaBatch:
    """Create and record a pain.008 batch of the open balances of members with a valid mandate.

    Guarantees: the collection date is a TARGET business day (a weekend or TARGET holiday moves
    to the next one: the batch's date is the one used) at least the pre-notification period
    ahead, the longest any collected mandate agreed, and one TARGET business day; the file
    validates against the XSD of the configured version before anything is stored; each amount
    equals the member's open balance to the cent and is posted at once (bank against the member's
    account, source "sepa:<end-to-end id>"), so a second batch does not collect it again; every
    end-to-end id is unique; each member gets a pre-notification e-mail with amount and date.
    """
    today = today or timezone.localdate()
    # One batch at a time per cooperative: the settings row is the lock.
    settings = payment_settings_lock(cooperative=cooperative)
    # Banks only collect on TARGET business days: a weekend or TARGET holiday moves to the next one.
    collection_date = next_target_business_day(collection_date)
    rows = collectable(cooperative=cooperative)
    collected = [mandate for mandate, _amount in rows]
    earliest = earliest_collection_date(cooperative=cooperative, today=today, mandates=collected)
    if collection_date < earliest:
        raise SepaExportError(
            _("De incassodatum moet op of na %(date)s liggen (%(days)s dagen vooraankondiging).")
            % {
                "date": format_date(earliest, year=True),
                "days": prenotification_days_required(cooperative=cooperative, mandates=collected),
            }
        )
    if not (cooperative.iban and cooperative.sepa_creditor_id):
        raise SepaExportError(
            _("Vul eerst het IBAN en het incassant-ID van de coöperatie in voordat je gaat incasseren.")
        )
    if creditor_id_compact(cooperative.sepa_creditor_id) is None:
        raise SepaExportError(
            _("Het incassant-ID %(id)s klopt niet. Verbeter het bij de betaalinstellingen voordat je gaat incasseren.")
            % {"id": cooperative.sepa_creditor_id}
        )
    if not rows:
        raise SepaExportError(_("Er is niets te incasseren: geen leden met een machtiging en een open saldo."))
    number = SepaBatch.objects.filter(cooperative=cooperative).count() + 1
    message_id = f"DEEL{cooperative.pk}-{collection_date:%Y%m%d}-{number}"
    debits = []
    for mandate, amount in rows:
        debits.append(
            Debit(
                name=mandate.account_holder,
                iban=mandate.iban,
                bic=mandate.bic,
                amount_cents=amount,
                sequence_type="RCUR" if mandate.last_used_on else "FRST",
                mandate_reference=mandate.reference,
                mandate_signed_on=mandate.signed_on,
                description=_("%(coop)s saldo lid %(number)s")
                % {"coop": cooperative.name, "number": mandate.member.number or mandate.member_id},
                end_to_end_id=f"{message_id}-{mandate.member_id}",
            )
        )
    try:
        xml = build_pain008(
            version=settings.pain_version,
            message_id=message_id,
            creditor_name=cooperative.name,
            creditor_iban=cooperative.iban,
            creditor_bic=cooperative.bic,
            creditor_id=cooperative.sepa_creditor_id,
            collection_date=collection_date,
            debits=debits,
        )
    except PainInvalid as exc:
        # The detail (XSD path, pattern) is for the log; the treasurer gets what to check.
        logger.warning("pain.008 for %s refused: %s", cooperative.slug, exc)
        raise SepaExportError(
            _(
                "Het incassobestand voldoet niet aan de SEPA-regels. Controleer het IBAN, de BIC en het "
                "incassant-ID van de coöperatie en de rekeningnummers van de machtigingen."
            )
        ) from None
    batch = SepaBatch(
        cooperative=cooperative,
        message_id=message_id,
        collection_date=collection_date,
        pain_version=settings.pain_version,
        total_cents=sum(d.amount_cents for d in debits),
        count=len(debits),
        xml=xml.decode("utf-8"),
        created_by=by,
    )
    batch.full_clean()
    batch.save()
    collection_ids = []
    for (mandate, _amount), debit in zip(rows, debits, strict=True):
        txn, _created = receipt_post(
            cooperative=cooperative,
            member=mandate.member,
            amount_cents=debit.amount_cents,
            date=collection_date,
            description=_("Incasso %(batch)s") % {"batch": message_id},
            source_key=f"sepa:{debit.end_to_end_id}",
            debit_purpose=AccountPurpose.BANK,
            created_by=by,
        )
        payment = Payment.objects.create(
            cooperative=cooperative,
            member=mandate.member,
            method=PaymentMethod.DIRECT_DEBIT,
            amount_cents=debit.amount_cents,
            status=PaymentStatus.SUCCEEDED,
            transaction=txn,
            paid_on=collection_date,
            description=_("Incasso %(date)s") % {"date": format_date(collection_date, year=True)},
        )
        collection = SepaCollection.objects.create(
            batch=batch,
            member=mandate.member,
            mandate=mandate,
            payment=payment,
            amount_cents=debit.amount_cents,
            end_to_end_id=debit.end_to_end_id,
            sequence_type=debit.sequence_type,
            payment_info_id=payment_info_id(message_id, debit.sequence_type),
        )
        collection_ids.append(collection.pk)
        Mandate.objects.filter(pk=mandate.pk).update(last_used_on=collection_date)
    for collection_id in collection_ids:
        mail.after_commit(tasks.send_prenotification_mail, collection_id)
    return batch


@transaction.atomic
def sepa_batch_cancel(*, batch: SepaBatch, by: Member | None, today: dt.date | None = None) -> SepaBatch:
    """Cancel a batch the bank refused or that was never uploaded.

    Guarantees: refused (SepaExportError) once the bank credited the batch or returned one
    of its collections, so nobody pays twice; otherwise each collection's booking is
    reversed once (source "sepacancel:<end-to-end id>"), on the collection date, or today
    when that period is closed; the members owe their balance again and a next batch
    collects it; a mandate used for the first time is FRST again; members who were told
    about the collection hear that it is off.
    """
    today = today or timezone.localdate()
    # The same lock as sepa_batch_create: no batch is made while one is being cancelled.
    payment_settings_lock(cooperative=batch.cooperative)
    locked = sepa_batch_lock(batch_id=batch.pk)
    refusal = batch_cancel_refusal(locked)
    if refusal:
        raise SepaExportError(refusal)
    collections = sepa_collections_lock(batch=locked)
    for collection in collections:
        original = collection.payment.transaction
        if original is not None:
            description = _("Incasso %(batch)s geannuleerd") % {"batch": locked.message_id}
            key = f"sepacancel:{collection.end_to_end_id}"
            try:
                transaction_reverse(
                    original=original,
                    date=locked.collection_date,
                    description=description,
                    source_key=key,
                    created_by=by,
                )
            except PeriodClosed:
                transaction_reverse(
                    original=original, date=today, description=description, source_key=key, created_by=by
                )
        collection.status = CollectionStatus.CANCELLED
        collection.save(update_fields=["status"])
        Payment.objects.filter(pk=collection.payment_id).update(
            status=PaymentStatus.CANCELLED, updated_at=timezone.now()
        )
    for mandate_id in sorted({c.mandate_id for c in collections}):
        previous = (
            SepaCollection.objects.filter(mandate_id=mandate_id)
            .exclude(status=CollectionStatus.CANCELLED)
            .order_by("-batch__collection_date")
            .values_list("batch__collection_date", flat=True)
            .first()
        )
        Mandate.objects.filter(pk=mandate_id).update(last_used_on=previous)
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = by
    locked.save(update_fields=["cancelled_at", "cancelled_by"])
    for collection in collections:
        if collection.prenotified_at is not None:
            mail.after_commit(tasks.send_collection_cancelled_mail, collection.pk)
    return locked
