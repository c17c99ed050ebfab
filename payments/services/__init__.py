"""Every write of the payments app (services), split by subject.

Importing names from here keeps callers stable: `from payments import services`.
"""

from .arrears import arrears_run
from .bank import bank_import_file, bank_line_assign, bank_line_assign_income, payment_flag_resolve
from .mandates import iban_normalise, mandate_revoke, mandate_sign, mandates_lapse
from .online_payments import payment_confirm, payment_start, stripe_event_process
from .sepa import sepa_batch_cancel, sepa_batch_create
from .settings import PAYMENT_SETTINGS_EDITABLE_FIELDS, payment_settings_update

__all__ = [
    "PAYMENT_SETTINGS_EDITABLE_FIELDS",
    "arrears_run",
    "bank_import_file",
    "bank_line_assign",
    "bank_line_assign_income",
    "iban_normalise",
    "mandate_revoke",
    "mandate_sign",
    "mandates_lapse",
    "payment_confirm",
    "payment_flag_resolve",
    "payment_settings_update",
    "payment_start",
    "sepa_batch_cancel",
    "sepa_batch_create",
    "stripe_event_process",
]
