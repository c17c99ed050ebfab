from django.utils.translation import gettext_lazy as _

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


class CreditorIdInvalid(PaymentError):
    """A creditor identifier (incassant-ID) whose length, form or check digits are wrong."""

    MESSAGE = _(
        "Dit incassant-ID klopt niet. Een Nederlands incassant-ID heeft 19 tekens, zoals "
        "NL69ZZZ123456780000; controleer de letters en cijfers in de brief van je bank."
    )

    def __init__(self, value: str):
        super().__init__(str(self.MESSAGE))
        self.value = value
