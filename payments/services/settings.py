"""The treasurer's payment settings: Stripe keys (stored encrypted), SEPA options, arrears limit."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from schwifty import BIC
from schwifty.exceptions import SchwiftyException

from deel.creditor_id import creditor_id_compact
from members.models import Cooperative, Member

from ..crypto import encrypt
from ..errors import CreditorIdInvalid, PaymentError
from ..locks import payment_settings_lock
from ..models import PaymentSettings, PaymentSettingsChange

# The settings the treasurer edits besides the Stripe keys (the form's fields follow them).
PAYMENT_SETTINGS_EDITABLE_FIELDS = ("pain_version", "prenotification_days", "arrears_limit_cents")


@transaction.atomic
def payment_settings_update(
    *,
    cooperative: Cooperative,
    by: Member | None,
    stripe_secret_key: str = "",
    stripe_webhook_secret: str = "",
    remove_stripe: bool = False,
    pain_version: str | None = None,
    prenotification_days: int | None = None,
    arrears_limit_cents: int | None = None,
    sepa_creditor_id: str | None = None,
    bic: str | None = None,
) -> PaymentSettings:
    """Save the settings. Empty key fields keep the stored keys (they are never shown back);
    `remove_stripe` deletes both keys, which hides online payment. Keys are encrypted.
    A save that changes something appends a PaymentSettingsChange naming `by` and what changed
    (never the keys themselves). `sepa_creditor_id` and `bic` (None: unchanged) are the
    cooperative's own: the creditor identifier is refused (CreditorIdInvalid) unless its form and
    check digits are right, and stored without spaces; the BIC may be empty (IBAN only)."""
    current = payment_settings_lock(cooperative=cooperative)
    coop_changed = _creditor_fields(cooperative=cooperative, sepa_creditor_id=sepa_creditor_id, bic=bic)
    before = {name: getattr(current, name) for name in PAYMENT_SETTINGS_EDITABLE_FIELDS}
    changed: list[str] = []
    if remove_stripe:
        if current.stripe_secret_key_encrypted or current.stripe_webhook_secret_encrypted:
            changed.append("stripe_removed")
        current.stripe_secret_key_encrypted = ""
        current.stripe_webhook_secret_encrypted = ""
        current.stripe_key_hint = ""
    else:
        key = stripe_secret_key.strip()
        if key:
            if not key.startswith(("sk_live_", "sk_test_", "rk_live_", "rk_test_")):
                raise PaymentError(_("Dit is geen geheime Stripe-sleutel (die begint met sk_live_ of sk_test_)."))
            current.stripe_secret_key_encrypted = encrypt(key)
            current.stripe_key_hint = key[:8] + "…" + key[-4:]
            changed.append("stripe_secret_key")
        secret = stripe_webhook_secret.strip()
        if secret:
            if not secret.startswith("whsec_"):
                raise PaymentError(_("Dit is geen Stripe-webhookgeheim (dat begint met whsec_)."))
            current.stripe_webhook_secret_encrypted = encrypt(secret)
            changed.append("stripe_webhook_secret")
    if pain_version is not None:
        current.pain_version = pain_version
    if prenotification_days is not None:
        if not 1 <= prenotification_days <= 30:
            raise PaymentError(_("De vooraankondiging moet tussen 1 en 30 dagen liggen."))
        current.prenotification_days = prenotification_days
    current.arrears_limit_cents = arrears_limit_cents
    current.full_clean()
    current.save()
    changed += [name for name in PAYMENT_SETTINGS_EDITABLE_FIELDS if getattr(current, name) != before[name]]
    if coop_changed:
        cooperative.save(update_fields=coop_changed)
        changed += coop_changed
    if changed:
        PaymentSettingsChange.objects.create(cooperative=cooperative, changed_by=by, changed=changed)
    return current


def _creditor_fields(*, cooperative: Cooperative, sepa_creditor_id: str | None, bic: str | None) -> list[str]:
    """Set the cooperative's creditor identifier and BIC (checked); the names of those that changed."""
    changed: list[str] = []
    if sepa_creditor_id is not None:
        typed = sepa_creditor_id.strip()
        compact = creditor_id_compact(typed) if typed else ""
        if compact is None:
            raise CreditorIdInvalid(typed)
        if compact != cooperative.sepa_creditor_id:
            cooperative.sepa_creditor_id = compact
            changed.append("sepa_creditor_id")
    if bic is not None:
        compact_bic = "".join(bic.split()).upper()
        if compact_bic:
            try:
                BIC(compact_bic)
            except (SchwiftyException, ValueError):
                raise PaymentError(_("Deze BIC klopt niet. Laat het veld leeg als je hem niet weet.")) from None
        if compact_bic != cooperative.bic:
            cooperative.bic = compact_bic
            changed.append("bic")
    return changed
