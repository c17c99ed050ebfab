from members.errors import DomainError


class LedgerError(DomainError):
    pass


class UnbalancedTransaction(LedgerError):
    pass


class PeriodClosed(LedgerError):
    pass
