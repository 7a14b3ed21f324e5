from django.apps import AppConfig


class ThinkerConfig(AppConfig):
    name = "igny8_core.domain.thinker"
    label = "thinker"
    verbose_name = "Thinker: author profiles and content strategies"
    default_auto_field = "django.db.models.BigAutoField"
