from django.apps import AppConfig


class DeelConfig(AppConfig):
    name = "deel"
    verbose_name = "DEEL"
