from django.apps import AppConfig


class AIConfig(AppConfig):
    name = "igny8_core.domain.ai"
    label = "ai"
    verbose_name = "AI settings and prompts"
    default_auto_field = "django.db.models.BigAutoField"
