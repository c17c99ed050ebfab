from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Boekhouding")

    def ready(self):
        from . import receivers  # noqa: F401  (connects to reservations' signals)
