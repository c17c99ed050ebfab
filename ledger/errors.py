from deel.errors import DomainError


class LedgerError(DomainError):
    pass


class UnbalancedTransaction(LedgerError):
    pass


class PeriodClosed(LedgerError):
    pass


class TariffError(LedgerError):
    pass


class TariffDecisionRefused(TariffError):
    """The tariff is not backed by a decision that may set it: none linked (and not dated
    before the cooperative's start in DEEL), not adopted, replaced by a new vote, or of the
    wrong body (Cooperative.tariff_body). `code` names which."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


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


class TariffAmountRefused(TariffError):
    """A tariff amount is negative or above its limit (deel.money.MAX_CENTS): `field` names it."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


class BudgetError(LedgerError):
    """A budget cannot be made, changed or proposed: `code` says why ("exists", "not_draft",
    "not_allowed", "no_km", "meeting")."""

    def __init__(self, message: str, *, code: str = ""):
        super().__init__(message)
        self.code = code


class PenaltyError(LedgerError):
    """A penalty cannot be set, imposed or decided (no reason, no rate, not allowed)."""


class PenaltyDisputeRefused(PenaltyError):
    """A second dispute, or one by someone else than the penalised member."""


class DepositError(LedgerError):
    """A deposit cannot be charged or returned (none set, one already held, not allowed)."""
