from django.urls import include, path
from rest_framework.routers import DefaultRouter

from igny8_core.modules.planner import views

router = DefaultRouter()
router.include_root_view = False
router.register("keywords", views.KeywordViewSet, basename="keyword")
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("ideas", views.IdeaViewSet, basename="idea")

urlpatterns = [path("", include(router.urls))]
