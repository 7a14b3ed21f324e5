"""/api/v1/writer/content/: CRUD, editorial status, versions (list, diff, restore)."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from igny8_core.modules.writer import content_views

router = DefaultRouter()
router.include_root_view = False
router.register("content", content_views.ContentViewSet, basename="content")

urlpatterns: list[URLPattern | URLResolver] = [path("", include(router.urls))]
