from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "igny8_core.core"
    label = "igny8_core_app"
    verbose_name = "IGNY8 core"

    def ready(self) -> None:
        # AI functions register themselves on import; then each gets a job handler "ai.<name>".
        from igny8_core.infrastructure.ai import functions, pipeline  # noqa: F401
        from igny8_core.infrastructure.ai.tasks import register_ai_job_handlers

        register_ai_job_handlers()
        from igny8_core.infrastructure.messaging import (
            automation_tasks,  # noqa: F401  (registers its tasks)
            publishing_jobs,  # noqa: F401  (registers its handlers)
        )
