from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from igny8_core.shared.middleware.request_id import get_request_id

api_v1 = [
    path("auth/", include("igny8_core.core.auth.urls")),
    path("billing/", include("igny8_core.modules.billing.urls")),
    path("system/", include("igny8_core.modules.system.urls")),
    path("planner/", include("igny8_core.modules.planner.urls")),
    path("writer/", include("igny8_core.modules.writer.urls")),
    path("thinker/", include("igny8_core.modules.thinker.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
]


def _json_error(status: int, message: str) -> JsonResponse:
    body = {"success": False, "error": message, "errors": {}, "request_id": get_request_id()}
    return JsonResponse(body, status=status)


def handler404(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return _json_error(404, "Not found.")


def handler500(request: HttpRequest) -> JsonResponse:
    return _json_error(500, "Something went wrong on our side. Quote the request id if you contact support.")
