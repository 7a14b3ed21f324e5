"""/api/v1/automation/: rules/, runs/, templates/, templates/<key>/apply/."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from igny8_core.modules.automation import views

router = DefaultRouter()
router.include_root_view = False
router.register("rules", views.RuleViewSet, basename="automation-rule")
router.register("runs", views.RunViewSet, basename="automation-run")

urlpatterns: list[URLPattern | URLResolver] = [
    path("templates/", views.TemplateListView.as_view(), name="automation-templates"),
    path("templates/<slug:key>/apply/", views.TemplateApplyView.as_view(), name="automation-template-apply"),
    path("", include(router.urls)),
]
