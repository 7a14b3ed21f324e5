"""API conventions: the envelope on success and on every error class, throttling, pagination,
request ids, and the sealed tenant base viewset."""

from __future__ import annotations

import json
import re

import pytest
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from igny8_core.core.api.exceptions import _flatten, exception_handler
from igny8_core.core.api.throttles import UserRateThrottle
from igny8_core.core.auth.models import Role
from igny8_core.core.base.viewsets import TenantModelViewSet, TenantReadOnlyViewSet, TenantScopedViewSet
from igny8_core.domain.billing.models import CreditTransaction
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.jobs.services import job_create, job_start, job_succeed
from igny8_core.shared.exceptions import ConflictError, InsufficientCreditsError
from igny8_core.shared.middleware.request_id import set_request_id
from tests.conftest import Tenant, client_for

pytestmark = pytest.mark.django_db

GENERATED_ID = re.compile(r"^[0-9a-f]{32}$")


def error_envelope(response, error: str, errors: dict | None = None) -> dict:
    return {"success": False, "error": error, "errors": errors or {}, "request_id": response["X-Request-ID"]}


# --- success -------------------------------------------------------------------------------------


def test_success_envelope(tenant: Tenant):
    response = tenant.client.get("/api/v1/billing/balance/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["success", "data", "message", "request_id"]
    assert (body["success"], body["message"], body["request_id"]) == (True, "", response["X-Request-ID"])
    assert body["data"]["balance"] == 1000


def test_accepted_job_envelope(tenant: Tenant, monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr("igny8_core.modules.system.views.send_job", sent.append)

    response = tenant.client.post("/api/v1/system/jobs/selftest/", {}, format="json")

    assert response.status_code == 202
    job = Job.objects.get()
    assert response.json() == {
        "success": True,
        "data": {"job_id": job.pk, "status": "queued"},
        "message": "Job queued.",
        "request_id": response["X-Request-ID"],
    }
    assert job.payload == {"steps": 4, "delay": 0.0}


# --- 400 -----------------------------------------------------------------------------------------


def test_validation_error_names_the_field(tenant: Tenant):
    response = tenant.client.post("/api/v1/system/jobs/selftest/", {"steps": 0, "delay": 9}, format="json")

    assert response.status_code == 400
    assert response.json() == error_envelope(
        response,
        "Invalid input. steps: Ensure this value is greater than or equal to 1.; "
        "delay: Ensure this value is less than or equal to 2.",
        {
            "steps": ["Ensure this value is greater than or equal to 1."],
            "delay": ["Ensure this value is less than or equal to 2."],
        },
    )
    assert Job.objects.count() == 0


def test_wrong_type_is_400_naming_the_field(tenant: Tenant):
    response = tenant.client.post("/api/v1/system/jobs/selftest/", {"steps": "many"}, format="json")

    assert response.status_code == 400
    assert response.json() == error_envelope(
        response, "Invalid input. steps: A valid integer is required.", {"steps": ["A valid integer is required."]}
    )
    assert Job.objects.count() == 0


@pytest.mark.parametrize("raw", ['{"steps": ', "not json at all", "[1, 2"])
def test_malformed_json_is_400_not_500(tenant: Tenant, raw):
    response = tenant.client.post("/api/v1/system/jobs/selftest/", data=raw, content_type="application/json")

    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["error"].startswith("Malformed request body: JSON parse error - ")
    assert list(body["errors"]) == ["body"]
    assert body["errors"]["body"][0].startswith("JSON parse error - ")
    assert body["request_id"] == response["X-Request-ID"]
    assert Job.objects.count() == 0


def test_a_json_list_instead_of_an_object_is_400(tenant: Tenant):
    response = tenant.client.post("/api/v1/system/jobs/selftest/", data="[1, 2]", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == error_envelope(
        response,
        "Invalid input. Invalid data. Expected a dictionary, but got list.",
        {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]},
    )


def test_bad_id_query_parameter_is_400_naming_it(tenant: Tenant):
    response = tenant.client.get("/api/v1/system/jobs/", {"site_id": "x"})

    assert response.status_code == 400
    assert response.json() == error_envelope(
        response, "site_id must be a whole number.", {"site_id": ["Must be a whole number."]}
    )


def test_nested_errors_flatten_to_dotted_paths():
    detail = {"name": ["Required."], "address": {"city": ["Too long."]}, "items": [{}, {"qty": ["Bad."]}]}

    assert _flatten(detail) == {"name": ["Required."], "address.city": ["Too long."], "items.1.qty": ["Bad."]}
    assert _flatten(["One.", "Two."]) == {"non_field_errors": ["One.", "Two."]}


# --- 401 / 403 / 404 / 405 -------------------------------------------------------------------------


def test_401_envelope_with_authenticate_header(client):
    response = client.get("/api/v1/billing/balance/")

    assert response.status_code == 401
    assert response.json() == error_envelope(response, "Authentication credentials were not provided.")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_401_for_an_expired_or_garbage_token(db):
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION="Bearer abc.def.ghi")

    response = client.get("/api/v1/billing/balance/")

    assert response.status_code == 401
    body = response.json()
    assert body["success"] is False
    assert body["error"] == "Given token not valid for any token type"
    assert body["request_id"] == response["X-Request-ID"]


def test_403_envelope(tenant: Tenant):
    _, viewer = tenant.member(Role.VIEWER)

    response = viewer.get("/api/v1/billing/transactions/")

    assert response.status_code == 403
    assert response.json() == error_envelope(response, "Your role (viewer) cannot do this; it needs admin or higher.")


@pytest.mark.parametrize("job_id", ["999999", "abc"])
def test_404_envelope_for_a_missing_object(tenant: Tenant, job_id):
    response = tenant.client.get(f"/api/v1/system/jobs/{job_id}/")

    assert response.status_code == 404
    assert response.json() == error_envelope(response, "Not found.")


@pytest.mark.parametrize("path", ["/api/v1/does-not-exist/", "/api/v1/billing/nothing-here/", "/api/v2/"])
def test_unknown_urls_answer_the_json_envelope(client, path):
    response = client.get(path, HTTP_X_REQUEST_ID="lost-1")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"success": False, "error": "Not found.", "errors": {}, "request_id": "lost-1"}
    assert response["X-Request-ID"] == "lost-1"


def test_other_paths_belong_to_the_web_app(client, settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    settings.FRONTEND_DIST = tmp_path

    response = client.get("/planner/keywords")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert b"".join(response.streaming_content) == b"<!doctype html><div id=root></div>"


def test_other_paths_are_a_json_404_while_the_web_app_is_not_built(client, settings, tmp_path):
    settings.FRONTEND_DIST = tmp_path / "missing"

    response = client.get("/nowhere", HTTP_X_REQUEST_ID="lost-2")

    assert response.status_code == 404
    assert response.json() == {"success": False, "error": "Not found.", "errors": {}, "request_id": "lost-2"}


def test_405_envelope(tenant: Tenant):
    response = tenant.client.delete("/api/v1/billing/balance/")

    assert response.status_code == 405
    assert response.json() == error_envelope(response, 'Method "DELETE" not allowed.')


# --- 402 / 409 / 500 -------------------------------------------------------------------------------


class _SpendView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def post(self, request):
        raise InsufficientCreditsError(required=30, available=12, operation="idea_generation")


class _ConflictView(_SpendView):
    def post(self, request):
        raise ConflictError("Already there.", errors={"name": ["Taken."]})


class _CrashView(_SpendView):
    def post(self, request):
        raise ValueError("secret internals: password=hunter2")


def _call(view: type[APIView]) -> tuple[int, dict]:
    request = APIRequestFactory().post("/api/v1/anything/", {}, format="json")
    token = set_request_id("req-test")
    try:
        response = view.as_view()(request)
        response.render()
    finally:
        token.var.reset(token)
    return response.status_code, json.loads(response.content)


def test_402_insufficient_credits_envelope_carries_required_and_available():
    status, body = _call(_SpendView)

    assert status == 402
    assert body == {
        "success": False,
        "error": "Not enough credits for idea generation: 30 needed, 12 available. "
        "Top up or wait for your monthly credits.",
        "errors": {},
        "required": 30,
        "available": 12,
        "request_id": "req-test",
    }


def test_exception_handler_maps_insufficient_credits_to_402_directly():
    request = APIRequestFactory().get("/api/v1/anything/")

    response = exception_handler(
        InsufficientCreditsError(required=5, available=0), {"view": _SpendView(), "request": request}
    )

    assert isinstance(response, Response)
    assert response.status_code == 402
    assert response.data == {
        "success": False,
        "error": "Not enough credits: 5 needed, 0 available. Top up or wait for your monthly credits.",
        "errors": {},
        "required": 5,
        "available": 0,
    }


def test_409_envelope_from_a_view():
    status, body = _call(_ConflictView)

    assert status == 409
    assert body == {
        "success": False,
        "error": "Already there.",
        "errors": {"name": ["Taken."]},
        "request_id": "req-test",
    }


def test_409_envelope_through_the_api(tenant: Tenant):
    job = job_create(account=tenant.account, kind="system.selftest")
    job_start(job_id=job.pk)
    job_succeed(job_id=job.pk)

    response = tenant.client.post(f"/api/v1/system/jobs/{job.pk}/cancel/")

    assert response.status_code == 409
    assert response.json() == error_envelope(
        response, "This job has already finished (succeeded); it cannot be cancelled."
    )


def test_500_envelope_hides_internals(caplog):
    status, body = _call(_CrashView)

    assert status == 500
    assert body == {
        "success": False,
        "error": "Something went wrong on our side. Quote the request id if you contact support.",
        "errors": {},
        "request_id": "req-test",
    }
    assert "Unhandled error in _CrashView" in caplog.text


# --- 429 -------------------------------------------------------------------------------------------


@pytest.fixture
def frozen_throttle_clock(monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "timer", staticmethod(lambda: 1_000_000.0))


def test_429_after_the_user_rate_with_retry_after(settings, frozen_throttle_clock, tenant: Tenant, stranger: Tenant):
    settings.IGNY8_THROTTLE_RATES = {"anon": "100/min", "auth": "100/min", "user": "2/min", "site": "100/min"}
    assert tenant.client.get("/api/v1/billing/balance/").status_code == 200
    assert tenant.client.get("/api/v1/system/jobs/").status_code == 200

    response = tenant.client.get("/api/v1/billing/balance/")

    assert response.status_code == 429
    assert response.json() == error_envelope(response, "Too many requests. Please slow down and retry in 60 seconds.")
    assert response["Retry-After"] == "60"
    # Another user has a budget of their own.
    assert stranger.client.get("/api/v1/billing/balance/").status_code == 200


def test_anonymous_callers_get_the_anon_rate(settings, frozen_throttle_clock, tenant: Tenant, client):
    settings.IGNY8_THROTTLE_RATES = {"anon": "2/min", "auth": "100/min", "user": "100/min", "site": "100/min"}
    assert client.get("/api/v1/system/health/").status_code == 200
    assert client.get("/api/v1/system/health/").status_code == 200

    response = client.get("/api/v1/system/health/")

    assert response.status_code == 429
    assert response.json() == error_envelope(response, "Too many requests. Please slow down and retry in 60 seconds.")
    assert response["Retry-After"] == "60"
    # Signed-in users are counted at their own rate, not the anonymous one.
    for _ in range(3):
        assert tenant.client.get("/api/v1/billing/balance/").status_code == 200


def test_throttle_rates_are_read_at_call_time(settings, tenant: Tenant):
    settings.IGNY8_THROTTLE_RATES = {"anon": "1/min", "auth": "1/min", "user": "1/min", "site": "100/min"}
    assert tenant.client.get("/api/v1/billing/balance/").status_code == 200
    assert tenant.client.get("/api/v1/billing/balance/").status_code == 429

    settings.IGNY8_THROTTLE_RATES = {"anon": "1/min", "auth": "1/min", "user": "10/min", "site": "100/min"}

    assert tenant.client.get("/api/v1/billing/balance/").status_code == 200


# --- pagination ------------------------------------------------------------------------------------


def _ledger(tenant: Tenant, n: int) -> list[int]:
    CreditTransaction.objects.bulk_create(
        CreditTransaction(account=tenant.account, transaction_type="adjustment", amount=1, balance_after=i)
        for i in range(1, n + 1)
    )
    return list(CreditTransaction.objects.filter(account=tenant.account).values_list("id", flat=True))


def test_pagination_pages_with_next_and_previous_links(tenant: Tenant):
    ids = _ledger(tenant, 30)
    url = "http://testserver/api/v1/billing/transactions/"

    first = tenant.client.get("/api/v1/billing/transactions/", {"page_size": 10}).json()
    second = tenant.client.get("/api/v1/billing/transactions/", {"page_size": 10, "page": 2}).json()
    last = tenant.client.get("/api/v1/billing/transactions/", {"page_size": 10, "page": 3}).json()

    assert list(first) == ["success", "count", "next", "previous", "results", "request_id"]
    assert (first["success"], first["count"], first["next"], first["previous"]) == (
        True,
        30,
        f"{url}?page=2&page_size=10",
        None,
    )
    assert (second["next"], second["previous"]) == (f"{url}?page=3&page_size=10", f"{url}?page_size=10")
    assert (last["next"], last["previous"]) == (None, f"{url}?page=2&page_size=10")
    seen = [row["id"] for page in (first, second, last) for row in page["results"]]
    assert seen == ids  # every row exactly once, in the ledger's order


def test_default_page_size_is_25_and_the_maximum_200(tenant: Tenant):
    _ledger(tenant, 205)

    default = tenant.client.get("/api/v1/billing/transactions/").json()
    huge = tenant.client.get("/api/v1/billing/transactions/", {"page_size": 10_000}).json()

    assert (default["count"], len(default["results"])) == (205, 25)
    assert (huge["count"], len(huge["results"])) == (205, 200)
    assert huge["next"] == "http://testserver/api/v1/billing/transactions/?page=2&page_size=10000"


def test_a_page_past_the_end_is_404_envelope(tenant: Tenant):
    _ledger(tenant, 3)

    response = tenant.client.get("/api/v1/billing/transactions/", {"page": 5})

    assert response.status_code == 404
    assert response.json() == error_envelope(response, "Invalid page.")


# --- request id --------------------------------------------------------------------------------------


def test_request_id_is_echoed_when_sent(tenant: Tenant):
    response = tenant.client.get("/api/v1/billing/balance/", HTTP_X_REQUEST_ID="client-abc_123:9.z")

    assert response["X-Request-ID"] == "client-abc_123:9.z"
    assert response.json()["request_id"] == "client-abc_123:9.z"


def test_request_id_is_generated_when_absent(tenant: Tenant):
    first = tenant.client.get("/api/v1/billing/balance/")
    second = tenant.client.get("/api/v1/billing/balance/")

    assert GENERATED_ID.match(first["X-Request-ID"])
    assert first.json()["request_id"] == first["X-Request-ID"]
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize("unsafe", ["has space", "x" * 129, "semi;colon", "<script>"])
def test_an_unsafe_request_id_is_replaced(client, unsafe):
    response = client.get("/api/v1/billing/balance/", HTTP_X_REQUEST_ID=unsafe)

    assert GENERATED_ID.match(response["X-Request-ID"])
    assert response.json()["request_id"] == response["X-Request-ID"]


def test_request_id_is_on_error_responses(client):
    response = client.get("/api/v1/billing/balance/", HTTP_X_REQUEST_ID="err-1")

    assert response.status_code == 401
    assert (response["X-Request-ID"], response.json()["request_id"]) == ("err-1", "err-1")


# --- the sealed base viewset -------------------------------------------------------------------------


@pytest.mark.parametrize("base", [TenantScopedViewSet, TenantReadOnlyViewSet, TenantModelViewSet])
def test_overriding_get_queryset_on_a_tenant_viewset_is_a_type_error(base):
    with pytest.raises(TypeError) as exc:

        class LeakyViewSet(base):  # type: ignore[valid-type,misc]
            queryset = Job.objects.all()

            def get_queryset(self):
                return Job.objects.all()

    assert str(exc.value) == (
        "LeakyViewSet overrides get_queryset(); tenant scoping is not optional. "
        "Override base_queryset() to narrow or annotate instead."
    )


def test_the_seal_holds_for_grandchildren_too():
    class Parent(TenantReadOnlyViewSet[Job]):
        queryset = Job.objects.all()

    with pytest.raises(TypeError):

        class Child(Parent):
            def get_queryset(self):
                return Job.objects.all()


def test_narrowing_through_base_queryset_is_allowed():
    class Narrow(TenantReadOnlyViewSet[Job]):
        def base_queryset(self):
            return Job.objects.filter(kind="system.selftest")

    assert "get_queryset" not in Narrow.__dict__


def test_a_missing_web_app_asset_is_a_404_not_the_app_page(client, settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html>")
    settings.FRONTEND_DIST = tmp_path

    response = client.get("/assets/index-old.js")

    assert response.status_code == 404
