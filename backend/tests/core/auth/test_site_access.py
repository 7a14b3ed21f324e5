"""Site access grants (site-access/): admin-only, members only, editors and viewers only."""

from __future__ import annotations

import pytest

from igny8_core.core.auth.models import AuditLog, Role, SiteUserAccess
from tests.conftest import Tenant
from tests.factories import SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/site-access/"

NOT_FOUND = {"success": False, "error": "Not found.", "errors": {}}


def detail(pk: object) -> str:
    return f"{URL}{pk}/"


def without_request_id(response):
    body = response.json()
    assert body.pop("request_id") == response["X-Request-ID"]
    return body


def invalid_pk(pk: object) -> list[str]:
    return [f'Invalid pk "{pk}" - object does not exist.']


def rows() -> list[tuple[int, int, int]]:
    return list(SiteUserAccess.objects.order_by("pk").values_list("user_id", "site_id", "account_id"))


# --- Grant ---------------------------------------------------------------------------------


def test_owner_grants_an_editor_a_site_and_audits(tenant: Tenant):
    editor, editor_client = tenant.member(Role.EDITOR)
    assert editor_client.get("/api/v1/auth/sites/").json()["count"] == 0

    response = tenant.client.post(URL, {"user": editor.pk, "site": tenant.site.pk}, format="json")

    assert response.status_code == 201
    body = without_request_id(response)
    assert body["success"] is True
    assert body["message"] == ""
    access = SiteUserAccess.objects.get(user=editor)
    assert body["data"] == {
        "id": access.pk,
        "user": editor.pk,
        "user_email": editor.email,
        "site": tenant.site.pk,
        "granted_by": tenant.owner.pk,
        "created_at": body["data"]["created_at"],
    }
    assert (access.site, access.account, access.granted_by) == (tenant.site, tenant.account, tenant.owner)
    audit = AuditLog.objects.get(action="site_access.granted")
    assert (audit.account, audit.actor, audit.object_type, audit.object_id) == (
        tenant.account,
        tenant.owner,
        "SiteUserAccess",
        str(access.pk),
    )
    assert audit.changes == {"user": editor.pk, "site": tenant.site.pk}
    assert [s["id"] for s in editor_client.get("/api/v1/auth/sites/").json()["results"]] == [tenant.site.pk]


def test_admin_grants_a_viewer(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)
    viewer, _ = tenant.member(Role.VIEWER)

    response = admin.post(URL, {"user": viewer.pk, "site": tenant.site.pk}, format="json")

    assert response.status_code == 201
    assert rows() == [(viewer.pk, tenant.site.pk, tenant.account.pk)]


def test_granting_to_a_non_member_is_400_naming_user(tenant: Tenant):
    outsider = UserFactory.create()

    response = tenant.client.post(URL, {"user": outsider.pk, "site": tenant.site.pk}, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f'Invalid input. user: Invalid pk "{outsider.pk}" - object does not exist.',
        "errors": {"user": invalid_pk(outsider.pk)},
    }
    assert rows() == []


@pytest.mark.parametrize("role", [Role.ADMIN, Role.OWNER])
def test_granting_to_an_admin_or_owner_is_400_naming_user(tenant: Tenant, role: str):
    user, _ = tenant.member(role)

    response = tenant.client.post(URL, {"user": user.pk, "site": tenant.site.pk}, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "user: Owners and admins already see every site.",
        "errors": {"user": ["Owners and admins already see every site."]},
    }
    assert rows() == []
    assert not AuditLog.objects.exists()


def test_duplicate_grant_is_a_conflict(tenant: Tenant):
    editor, _ = tenant.member(Role.EDITOR, sites=[tenant.site])
    before = rows()

    response = tenant.client.post(URL, {"user": editor.pk, "site": tenant.site.pk}, format="json")

    assert response.status_code == 409
    assert without_request_id(response) == {
        "success": False,
        "error": "This person already has access to this site.",
        "errors": {},
    }
    assert rows() == before
    assert not AuditLog.objects.exists()


def test_strangers_user_is_400_naming_user(tenant: Tenant, stranger: Tenant):
    stranger_editor, _ = stranger.member(Role.EDITOR)

    for user in (stranger_editor, stranger.owner):
        response = tenant.client.post(URL, {"user": user.pk, "site": tenant.site.pk}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == {"user": invalid_pk(user.pk)}
    assert rows() == []


def test_strangers_site_is_400_naming_site(tenant: Tenant, stranger: Tenant):
    editor, _ = tenant.member(Role.EDITOR)

    response = tenant.client.post(URL, {"user": editor.pk, "site": stranger.site.pk}, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f'Invalid input. site: Invalid pk "{stranger.site.pk}" - object does not exist.',
        "errors": {"site": invalid_pk(stranger.site.pk)},
    }
    assert rows() == []


def test_stranger_cannot_grant_themselves_into_another_account(tenant: Tenant, stranger: Tenant):
    stranger_editor, stranger_editor_client = stranger.member(Role.EDITOR)

    response = stranger.client.post(URL, {"user": stranger_editor.pk, "site": tenant.site.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"site": invalid_pk(tenant.site.pk)}
    assert rows() == []
    assert stranger_editor_client.get("/api/v1/auth/sites/").json()["count"] == 0


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"site": "SITE"}, "user", "This field is required."),
        ({"user": "EDITOR"}, "site", "This field is required."),
        ({"user": "abc", "site": "SITE"}, "user", "Incorrect type. Expected pk value, received str."),
        ({"user": "EDITOR", "site": [1]}, "site", "Incorrect type. Expected pk value, received list."),
    ],
)
def test_grant_rejects_bad_input_naming_the_field(tenant: Tenant, payload: dict, field: str, message: str):
    editor, _ = tenant.member(Role.EDITOR)
    values = {"SITE": tenant.site.pk, "EDITOR": editor.pk}
    payload = {k: values.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}

    response = tenant.client.post(URL, payload, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f"Invalid input. {field}: {message}",
        "errors": {field: [message]},
    }
    assert rows() == []


def test_malformed_json_is_400(tenant: Tenant):
    response = tenant.client.post(URL, data="{bad", content_type="application/json")

    assert response.status_code == 400
    body = without_request_id(response)
    assert body["error"].startswith("Malformed request body: JSON parse error")
    assert list(body["errors"]) == ["body"]
    assert rows() == []


# --- List and revoke -----------------------------------------------------------------------


def test_list_shows_only_this_accounts_grants_and_filters(tenant: Tenant, stranger: Tenant):
    second = SiteFactory.create(account=tenant.account)
    editor, _ = tenant.member(Role.EDITOR, sites=[tenant.site, second])
    viewer, _ = tenant.member(Role.VIEWER, sites=[second])
    stranger.member(Role.EDITOR, sites=[stranger.site])

    response = tenant.client.get(URL)

    assert response.status_code == 200
    body = without_request_id(response)
    assert set(body) == {"success", "count", "next", "previous", "results"}
    assert body["count"] == 3
    assert [(r["user"], r["user_email"], r["site"]) for r in body["results"]] == [
        (editor.pk, editor.email, tenant.site.pk),
        (editor.pk, editor.email, second.pk),
        (viewer.pk, viewer.email, second.pk),
    ]
    by_site = tenant.client.get(URL, {"site_id": second.pk}).json()
    assert [(r["user"], r["site"]) for r in by_site["results"]] == [(editor.pk, second.pk), (viewer.pk, second.pk)]
    by_user = tenant.client.get(URL, {"user": viewer.pk}).json()
    assert [(r["user"], r["site"]) for r in by_user["results"]] == [(viewer.pk, second.pk)]
    strangers = tenant.client.get(URL, {"site_id": stranger.site.pk}).json()
    assert (strangers["count"], strangers["results"]) == (0, [])
    bad = tenant.client.get(URL, {"site_id": "abc"})
    assert bad.status_code == 400
    assert bad.json()["errors"] == {"site_id": ["Must be a whole number."]}


def test_revoke_answers_envelope_and_audits(tenant: Tenant):
    editor, editor_client = tenant.member(Role.EDITOR, sites=[tenant.site])
    access = SiteUserAccess.objects.get(user=editor)

    response = tenant.client.delete(detail(access.pk))

    assert response.status_code == 200
    assert without_request_id(response) == {"success": True, "data": None, "message": "Access revoked."}
    assert rows() == []
    audit = AuditLog.objects.get(action="site_access.revoked")
    assert (audit.object_type, audit.object_id) == ("SiteUserAccess", str(access.pk))
    assert audit.changes == {"user": editor.pk, "site": tenant.site.pk}
    assert editor_client.get("/api/v1/auth/sites/").json()["count"] == 0


def test_retrieve_own_grant(tenant: Tenant):
    editor, _ = tenant.member(Role.EDITOR, sites=[tenant.site])
    access = SiteUserAccess.objects.get(user=editor)

    response = tenant.client.get(detail(access.pk))

    assert response.status_code == 200
    assert response.json()["data"]["user_email"] == editor.email


# --- Roles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_are_refused_everything(tenant: Tenant, role: str):
    user, client = tenant.member(role, sites=[tenant.site])
    other, _ = tenant.member(Role.VIEWER)
    second = SiteFactory.create(account=tenant.account)
    access = SiteUserAccess.objects.get(user=user)
    before = rows()
    refused = {
        "success": False,
        "error": f"Your role ({role}) cannot do this; it needs admin or higher.",
        "errors": {},
    }

    for response in (
        client.get(URL),
        client.get(detail(access.pk)),
        client.post(URL, {"user": user.pk, "site": second.pk}, format="json"),
        client.post(URL, {"user": other.pk, "site": tenant.site.pk}, format="json"),
        client.delete(detail(access.pk)),
    ):
        assert response.status_code == 403
        assert without_request_id(response) == refused
    assert rows() == before
    assert not AuditLog.objects.exists()


# --- Cross-tenant --------------------------------------------------------------------------


def test_strangers_grant_is_indistinguishable_from_a_missing_one(tenant: Tenant, stranger: Tenant):
    stranger.member(Role.EDITOR, sites=[stranger.site])
    theirs = SiteUserAccess.objects.get(account=stranger.account)
    missing = theirs.pk + 1000
    before = rows()

    for pk in (theirs.pk, missing):
        for response in (tenant.client.get(detail(pk)), tenant.client.delete(detail(pk))):
            assert response.status_code == 404
            assert without_request_id(response) == NOT_FOUND
        bodies = []
        for response in (
            tenant.client.patch(detail(pk), {"site": tenant.site.pk}, format="json"),
            tenant.client.put(detail(pk), {"user": tenant.owner.pk, "site": tenant.site.pk}, format="json"),
        ):
            assert response.status_code == 405
            bodies.append(without_request_id(response)["error"])
        assert bodies == ['Method "PATCH" not allowed.', 'Method "PUT" not allowed.']

    assert rows() == before
    assert not AuditLog.objects.exists()


def test_strangers_grants_never_appear_in_the_list(tenant: Tenant, stranger: Tenant):
    stranger.member(Role.EDITOR, sites=[stranger.site])

    body = tenant.client.get(URL).json()

    assert (body["count"], body["results"]) == (0, [])


def test_filtering_by_a_strangers_user_or_site_looks_like_a_missing_one(tenant: Tenant, stranger: Tenant):
    stranger_editor, _ = stranger.member(Role.EDITOR, sites=[stranger.site])
    tenant.member(Role.EDITOR, sites=[tenant.site])
    missing_user = stranger_editor.pk + 1000
    missing_site = stranger.site.pk + 1000

    for param, theirs, missing in (
        ("user", stranger_editor.pk, missing_user),
        ("site", stranger.site.pk, missing_site),
    ):
        answers = [tenant.client.get(URL, {param: pk}) for pk in (theirs, missing)]
        assert [a.status_code for a in answers] == [200, 200]
        assert [without_request_id(a) for a in answers] == [
            {"success": True, "count": 0, "next": None, "previous": None, "results": []}
        ] * 2
    bad = tenant.client.get(URL, {"user": "abc"})
    assert bad.status_code == 400
    assert bad.json()["errors"] == {"user": ["Enter a number."]}
