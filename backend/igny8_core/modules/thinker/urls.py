"""/api/v1/thinker/: author profiles, strategies, prompts."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from igny8_core.modules.system.ai_views import PromptViewSet
from igny8_core.modules.thinker import views

router = DefaultRouter()
router.include_root_view = False
router.register("author-profiles", views.AuthorProfileViewSet, basename="thinker-author-profile")
router.register("strategies", views.ContentStrategyViewSet, basename="thinker-strategy")
router.register("prompts", PromptViewSet, basename="thinker-prompt")

urlpatterns: list[URLPattern | URLResolver] = [path("", include(router.urls))]
