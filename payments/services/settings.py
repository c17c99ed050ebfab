"""The treasurer's payment settings: Stripe keys (stored encrypted), SEPA options, arrears limit."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Cooperative, Member

from ..crypto import encrypt
from ..errors import PaymentError
from ..models import PaymentSettings


def payment_settings_for(*, cooperative: Cooperative) -> PaymentSettings:
    """The cooperative's settings (defaults until the treasurer saves them; not written here)."""
    found = PaymentSettings.objects.filter(cooperative=cooperative).first()
    return found or PaymentSettings(cooperative=cooperative)


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
) -> PaymentSettings:
    """Save the settings. Empty key fields keep the stored keys (they are never shown back);
    `remove_stripe` deletes both keys, which hides online payment. Keys are encrypted."""
    current, _created = PaymentSettings.objects.select_for_update().get_or_create(cooperative=cooperative)
    if remove_stripe:
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
        secret = stripe_webhook_secret.strip()
        if secret:
            if not secret.startswith("whsec_"):
                raise PaymentError(_("Dit is geen Stripe-webhookgeheim (dat begint met whsec_)."))
            current.stripe_webhook_secret_encrypted = encrypt(secret)
    if pain_version is not None:
        current.pain_version = pain_version
    if prenotification_days is not None:
        if not 1 <= prenotification_days <= 30:
            raise PaymentError(_("De vooraankondiging moet tussen 1 en 30 dagen liggen."))
        current.prenotification_days = prenotification_days
    current.arrears_limit_cents = arrears_limit_cents
    current.full_clean()
    current.save()
    return current
