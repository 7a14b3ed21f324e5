"""/api/v1/writer/tasks/: CRUD. Explicit paths (generate_content) come before the router."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from igny8_core.modules.writer import generate_views, pipeline_views, task_views

router = DefaultRouter()
router.include_root_view = False
router.register("tasks", task_views.TaskViewSet, basename="task")

urlpatterns: list[URLPattern | URLResolver] = [
    path("tasks/generate_content/", generate_views.GenerateContentView.as_view(), name="task-generate-content"),
    path("tasks/generate_article/", pipeline_views.GenerateArticleView.as_view(), name="task-generate-article"),
    path("", include(router.urls)),  # keep last: explicit task paths above win
]
