from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "igny8_core.domain.planning"
    label = "planning"
    verbose_name = "Planner: keywords, clusters, ideas"
    default_auto_field = "django.db.models.BigAutoField"
