"""Ledger's side of the signals other apps send (finished trips, receipts).

Connected in LedgerConfig.ready(); the handlers call ledger services only.
"""
