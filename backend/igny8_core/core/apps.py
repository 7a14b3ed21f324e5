from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "igny8_core.core"
    label = "igny8_core_app"
    verbose_name = "IGNY8 core"
