from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Boekhouding")

    def ready(self) -> None:
        from reservations import estimates

        from . import receivers  # noqa: F401  (connects to reservations' signals)
        from .estimates import LedgerPrices
        from .guards import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="ledger.sqlite_guard")
        estimates.register(LedgerPrices())  # reservations asks the ledger what a booking costs
