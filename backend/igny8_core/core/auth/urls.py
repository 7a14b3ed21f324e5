from django.urls import include, path
from rest_framework.routers import DefaultRouter

from igny8_core.core.auth import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("users", views.MemberViewSet, basename="member")
router.register("sites", views.SiteViewSet, basename="site")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("industries", views.IndustryViewSet, basename="industry")
router.register("site-access", views.SiteAccessViewSet, basename="site-access")

urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="auth-register"),
    path("login/", views.LoginView.as_view(), name="auth-login"),
    path("refresh/", views.RefreshView.as_view(), name="auth-refresh"),
    path("logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("me/", views.MeView.as_view(), name="auth-me"),
    path("account/", views.AccountView.as_view(), name="auth-account"),
    path("", include(router.urls)),
]
