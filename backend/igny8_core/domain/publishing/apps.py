from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "igny8_core.domain.publishing"
    label = "publishing"
    verbose_name = "Publishing: site integrations, publishing records, sync"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the publish job's cancel hook (publishing_job_cancelled) in every process.
        from igny8_core.domain.publishing import services  # noqa: F401
