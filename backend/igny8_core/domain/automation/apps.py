from django.apps import AppConfig


class AutomationConfig(AppConfig):
    name = "igny8_core.domain.automation"
    label = "automation"
    verbose_name = "Automation: rules, runs and the per-site run lock"
    default_auto_field = "django.db.models.BigAutoField"
