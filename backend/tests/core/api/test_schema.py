"""The OpenAPI schema and the self-hosted docs page."""

from __future__ import annotations

import json
import re

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    return json.loads(response.content)


def test_schema_is_valid_openapi_3(schema):
    validate_schema(schema)

    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "IGNY8 API"
    assert schema["info"]["version"] == "1.0.0"


def test_schema_is_served_as_yaml_by_default(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert response.content.startswith(b"openapi: 3.")


def test_schema_documents_the_endpoints(schema):
    for path in (
        "/api/v1/billing/balance/",
        "/api/v1/billing/transactions/",
        "/api/v1/billing/transactions/{id}/",
        "/api/v1/billing/usage/",
        "/api/v1/billing/topup/",
        "/api/v1/billing/credit-costs/",
        "/api/v1/billing/credit-costs/{id}/",
        "/api/v1/system/health/",
        "/api/v1/system/jobs/",
        "/api/v1/system/jobs/{id}/",
        "/api/v1/system/jobs/{id}/cancel/",
        "/api/v1/system/jobs/selftest/",
        "/api/v1/system/plans/",
    ):
        assert path in schema["paths"], path


def test_schema_documents_the_envelope(schema):
    assert schema["components"]["schemas"]["ErrorEnvelope"]["required"] == ["success", "error", "errors", "request_id"]
    balance = schema["paths"]["/api/v1/billing/balance/"]["get"]["responses"]
    wrapped = balance["200"]["content"]["application/json"]["schema"]
    assert wrapped["required"] == ["success", "data", "message", "request_id"]
    assert wrapped["properties"]["data"] == {"$ref": "#/components/schemas/Balance"}
    assert balance["default"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorEnvelope"}
    listing = schema["paths"]["/api/v1/billing/transactions/"]["get"]["responses"]["200"]
    paginated = listing["content"]["application/json"]["schema"]
    assert paginated == {"$ref": "#/components/schemas/PaginatedCreditTransactionList"}
    page = schema["components"]["schemas"]["PaginatedCreditTransactionList"]
    assert page["required"] == ["success", "count", "next", "previous", "results", "request_id"]
    accepted = schema["paths"]["/api/v1/system/jobs/selftest/"]["post"]["responses"]["202"]
    assert accepted["content"]["application/json"]["schema"]["properties"]["data"] == {
        "$ref": "#/components/schemas/JobAccepted"
    }


def test_schema_documents_bearer_jwt_auth(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["jwtAuth"] == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    balance = schema["paths"]["/api/v1/billing/balance/"]["get"]
    assert {"jwtAuth": []} in balance["security"]
    health = schema["paths"]["/api/v1/system/health/"]["get"]
    assert health["security"] == [{}]  # no authentication needed


def test_docs_page_is_self_hosted_html(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "swagger-ui" in html
    assert 'url: "/api/schema/"' in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert re.findall(r"(?:src|href)=\"(https?:)?//", html) == []
    for cdn in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "fonts.googleapis.com"):
        assert cdn not in html
