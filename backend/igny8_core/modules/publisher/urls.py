"""/api/v1/publisher/: publish/, records/ (list, retrieve, resolve, cancel)."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from igny8_core.modules.publisher import views

router = DefaultRouter()
router.include_root_view = False
router.register("records", views.PublishingRecordViewSet, basename="publisher-record")

urlpatterns: list[URLPattern | URLResolver] = [
    path("publish/", views.PublishView.as_view(), name="publisher-publish"),
    path("", include(router.urls)),
]
