"""Every write of the ledger, in one namespace (the modules hold the code)."""

from .accounts import account_for, receivable_accounts
from .closing import period_close, period_set_reserve
from .costs import car_cost_create, depreciation_post_month, fees_charge_month, month_end, month_start
from .expenses import expense_approve, expense_from_receipt, expense_refuse, expense_submit
from .periods import period_bounds
from .posting import Line, transaction_post, transaction_reverse
from .settlement import SettlementResult, period_resolve, settlement_compute, settlement_run
from .statements import statements_issue
from .tariffs import tariff_create
from .trips import trip_charge, trips_charge_pending

__all__ = [
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
    "month_end",
    "month_start",
    "period_bounds",
    "period_close",
    "period_resolve",
    "period_set_reserve",
    "receivable_accounts",
    "settlement_compute",
    "settlement_run",
    "statements_issue",
    "tariff_create",
    "transaction_post",
    "transaction_reverse",
    "trip_charge",
    "trips_charge_pending",
]
