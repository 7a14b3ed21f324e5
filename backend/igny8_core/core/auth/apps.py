from django.apps import AppConfig


class TenancyAuthConfig(AppConfig):
    name = "igny8_core.core.auth"
    label = "igny8_auth"
    verbose_name = "Accounts and tenancy"
    default_auto_field = "django.db.models.BigAutoField"
