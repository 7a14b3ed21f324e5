from django.urls import include, path
from rest_framework.routers import DefaultRouter

from igny8_core.modules.system import views

router = DefaultRouter()
router.include_root_view = False
router.register("jobs", views.JobViewSet, basename="job")
router.register("plans", views.PlanViewSet, basename="plan")

urlpatterns = [
    path("health/", views.HealthView.as_view(), name="system-health"),
    path("", include(router.urls)),
]
