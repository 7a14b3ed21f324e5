"""/api/v1/integration/: integrations CRUD, {id}/test/, {id}/sync/, {id}/terms/."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from igny8_core.modules.integration import views

router = DefaultRouter()
router.include_root_view = False
router.register("", views.IntegrationViewSet, basename="integration")

urlpatterns: list[URLPattern | URLResolver] = [path("", include(router.urls))]
