from deel.errors import DomainError


class PaymentError(DomainError):
    pass


class StripeNotConfigured(PaymentError):
    pass


class MandateError(PaymentError):
    pass


class SepaExportError(PaymentError):
    pass


class BankFileError(PaymentError):
    """A bank file that cannot be read; nothing of it is imported."""
