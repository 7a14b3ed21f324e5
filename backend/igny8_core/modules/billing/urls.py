from django.urls import include, path
from rest_framework.routers import DefaultRouter

from igny8_core.modules.billing import views

router = DefaultRouter()
router.include_root_view = False
router.register("transactions", views.TransactionViewSet, basename="credit-transaction")
router.register("credit-costs", views.CreditCostViewSet, basename="credit-cost")

urlpatterns = [
    path("balance/", views.BalanceView.as_view(), name="billing-balance"),
    path("usage/", views.UsageView.as_view(), name="billing-usage"),
    path("topup/", views.TopUpView.as_view(), name="billing-topup"),
    path("", include(router.urls)),
]
