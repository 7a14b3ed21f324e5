from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "igny8_core.domain.billing"
    label = "billing"
    verbose_name = "Credits and billing"
    default_auto_field = "django.db.models.BigAutoField"
