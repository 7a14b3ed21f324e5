from django.urls import include, path
from rest_framework.routers import DefaultRouter

from igny8_core.modules.system import ai_views, views

router = DefaultRouter()
router.include_root_view = False
router.register("jobs", views.JobViewSet, basename="job")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("prompts", ai_views.PromptViewSet, basename="prompt")

urlpatterns = [
    path("health/", views.HealthView.as_view(), name="system-health"),
    path("ai-settings/", ai_views.AISettingsView.as_view(), name="ai-settings"),
    path("", include(router.urls)),
]
