"""/api/v1/writer/images/ and POST /api/v1/writer/content/generate_image_prompts/ (see urls.py)."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from igny8_core.modules.writer import image_views

router = DefaultRouter()
router.include_root_view = False
router.register("images", image_views.ImageViewSet, basename="image")

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "content/generate_image_prompts/",
        image_views.GenerateImagePromptsView.as_view(),
        name="content-generate-image-prompts",
    ),
    path("", include(router.urls)),
]
