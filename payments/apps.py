from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    label = "payments"
    verbose_name = _("Betalingen")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the periodic jobs with Celery)
