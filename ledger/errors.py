from deel.errors import DomainError


class LedgerError(DomainError):
    pass


class UnbalancedTransaction(LedgerError):
    pass


class PeriodClosed(LedgerError):
    pass


class TariffError(LedgerError):
    pass


class NoTariff(LedgerError):
    """No tariff is in force for the trip's date and vehicle class."""


class ExpenseError(LedgerError):
    pass


class SettlementError(LedgerError):
    pass


class PeriodError(LedgerError):
    pass


class CarCostCorrectionError(LedgerError):
    """A negative car cost (a correction) without a reason, or not by the treasurer."""
