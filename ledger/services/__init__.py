"""Every write of the ledger, one module per subject (posting, tariffs, trips, costs, expenses,
statements, settlement, closing): this package is the app's door for other apps (payments
posts through `transaction_post` and the account getters)."""

from .accounts import account_for, receivable_accounts
from .closing import period_close, period_set_reserve
from .costs import car_cost_create, depreciation_post_month, fees_charge_month, month_end, month_start
from .expenses import expense_approve, expense_from_receipt, expense_refuse, expense_submit
from .monthly import monthly_books_run
from .periods import period_bounds
from .posting import Line, late_note, period_for_date, transaction_post, transaction_reverse
from .settlement import (
    SettlementResult,
    period_resolve,
    settlement_compute,
    settlement_refusal,
    settlement_result_posted,
    settlement_run,
)
from .statements import (
    payment_reference,
    reference_is_valid,
    statements_issue,
    statements_issue_month,
    statements_month_window,
)
from .tariffs import TARIFF_EDITABLE_FIELDS, tariff_create, tariff_in_force, trip_price_cents
from .trips import late_cancellation_charge, trip_charge, trips_charge_pending

__all__ = [
    "late_note",
    "TARIFF_EDITABLE_FIELDS",
    "Line",
    "SettlementResult",
    "account_for",
    "car_cost_create",
    "depreciation_post_month",
    "expense_approve",
    "expense_from_receipt",
    "expense_refuse",
    "expense_submit",
    "fees_charge_month",
    "late_cancellation_charge",
    "month_end",
    "month_start",
    "monthly_books_run",
    "payment_reference",
    "period_bounds",
    "period_close",
    "period_for_date",
    "period_resolve",
    "period_set_reserve",
    "receivable_accounts",
    "reference_is_valid",
    "settlement_compute",
    "settlement_refusal",
    "settlement_result_posted",
    "settlement_run",
    "statements_issue",
    "statements_issue_month",
    "statements_month_window",
    "tariff_create",
    "tariff_in_force",
    "transaction_post",
    "transaction_reverse",
    "trip_charge",
    "trip_price_cents",
    "trips_charge_pending",
]
