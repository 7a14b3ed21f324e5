from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "igny8_core.domain.content"
    label = "content"
    verbose_name = "Writer: tasks, content, versions, images"
    default_auto_field = "django.db.models.BigAutoField"
