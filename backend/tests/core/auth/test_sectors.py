"""Sectors: CRUD under a site, tenant isolation, roles, filters, validation."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import AuditLog, Role, Sector
from tests.conftest import Tenant
from tests.factories import IndustrySectorFactory, SectorFactory, SiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/sectors/"

NOT_FOUND = {"success": False, "error": "Not found.", "errors": {}}


def detail(pk: object) -> str:
    return f"{URL}{pk}/"


def without_request_id(response):
    body = response.json()
    assert body.pop("request_id") == response["X-Request-ID"]
    return body


def missing_sector_id() -> int:
    return Sector.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000


def snapshot(sector: Sector) -> dict[str, Any]:
    return dict(Sector.objects.filter(pk=sector.pk).values().get())


def invalid_pk(pk: object) -> list[str]:
    return [f'Invalid pk "{pk}" - object does not exist.']


# --- Create --------------------------------------------------------------------------------


def test_owner_creates_sector_and_an_audit_row(tenant: Tenant):
    response = tenant.client.post(
        URL, {"site": tenant.site.pk, "name": " Running Shoes ", "description": "Fast."}, format="json"
    )

    assert response.status_code == 201
    body = without_request_id(response)
    assert body["success"] is True
    assert body["message"] == ""
    data = body["data"]
    sector = Sector.objects.get(pk=data["id"])
    assert data == {
        "id": sector.pk,
        "site": tenant.site.pk,
        "industry_sector": None,
        "name": "Running Shoes",
        "slug": "running-shoes",
        "description": "Fast.",
        "is_active": True,
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }
    assert (sector.account, sector.site) == (tenant.account, tenant.site)
    audit = AuditLog.objects.get(action="sector.created")
    assert (audit.account, audit.actor, audit.object_type, audit.object_id) == (
        tenant.account,
        tenant.owner,
        "Sector",
        str(sector.pk),
    )


def test_sector_takes_its_name_from_the_industry_sector(tenant: Tenant):
    industry_sector = IndustrySectorFactory.create(name="Electric Vehicles", slug="electric-vehicles")

    response = tenant.client.post(URL, {"site": tenant.site.pk, "industry_sector": industry_sector.pk}, format="json")

    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["name"], data["slug"], data["industry_sector"]) == (
        "Electric Vehicles",
        "electric-vehicles",
        industry_sector.pk,
    )


def test_admin_creates_sector(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)

    response = admin.post(URL, {"site": tenant.site.pk, "name": "Admin Sector"}, format="json")

    assert response.status_code == 201
    assert Sector.objects.filter(site=tenant.site, slug="admin-sector").count() == 1


def test_sector_without_name_or_industry_sector_is_400_naming_name(tenant: Tenant):
    before = Sector.objects.count()

    response = tenant.client.post(URL, {"site": tenant.site.pk, "name": "  "}, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "name: Give the sector a name or pick an industry sector.",
        "errors": {"name": ["Give the sector a name or pick an industry sector."]},
    }
    assert Sector.objects.count() == before


def test_duplicate_sector_name_on_same_site_is_a_conflict(tenant: Tenant):
    assert tenant.client.post(URL, {"site": tenant.site.pk, "name": "Shoes"}, format="json").status_code == 201
    before = Sector.objects.count()

    response = tenant.client.post(URL, {"site": tenant.site.pk, "name": "SHOES"}, format="json")

    assert response.status_code == 409
    assert without_request_id(response) == {
        "success": False,
        "error": f'Site "{tenant.site.name}" already has a sector named "SHOES".',
        "errors": {"name": ["This site already has a sector with this name."]},
    }
    assert Sector.objects.count() == before


def test_same_sector_name_on_another_site_is_fine(tenant: Tenant):
    other = SiteFactory.create(account=tenant.account)
    assert tenant.client.post(URL, {"site": tenant.site.pk, "name": "Shoes"}, format="json").status_code == 201

    response = tenant.client.post(URL, {"site": other.pk, "name": "Shoes"}, format="json")

    assert response.status_code == 201
    assert Sector.objects.filter(slug="shoes").count() == 2


def test_cannot_create_a_sector_in_a_strangers_site(tenant: Tenant, stranger: Tenant):
    before = Sector.objects.count()

    response = tenant.client.post(URL, {"site": stranger.site.pk, "name": "Sneaky"}, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f'Invalid input. site: Invalid pk "{stranger.site.pk}" - object does not exist.',
        "errors": {"site": invalid_pk(stranger.site.pk)},
    }
    assert Sector.objects.count() == before
    assert not Sector.objects.filter(slug="sneaky").exists()
    assert not AuditLog.objects.exists()


def test_account_in_the_body_cannot_redirect_the_sector(tenant: Tenant, stranger: Tenant):
    response = tenant.client.post(
        URL, {"site": tenant.site.pk, "name": "Planted", "account": stranger.account.pk}, format="json"
    )

    assert response.status_code == 201
    sector = Sector.objects.get(pk=response.json()["data"]["id"])
    assert (sector.account, sector.site) == (tenant.account, tenant.site)


def test_strangers_site_and_missing_site_give_the_same_answer(tenant: Tenant, stranger: Tenant):
    missing = stranger.site.pk + 1000

    theirs = tenant.client.post(URL, {"site": stranger.site.pk, "name": "X"}, format="json")
    absent = tenant.client.post(URL, {"site": missing, "name": "X"}, format="json")

    assert theirs.json()["errors"]["site"] == invalid_pk(stranger.site.pk)
    assert absent.json()["errors"]["site"] == invalid_pk(missing)


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"name": "No site"}, "site", "This field is required."),
        ({"site": None, "name": "x"}, "site", "This field may not be null."),
        ({"site": "abc", "name": "x"}, "site", "Incorrect type. Expected pk value, received str."),
        ({"site": "SITE", "name": "x", "is_active": "maybe"}, "is_active", "Must be a valid boolean."),
        ({"site": "SITE", "name": ["x"]}, "name", "Not a valid string."),
        (
            {"site": "SITE", "industry_sector": 999999},
            "industry_sector",
            'Invalid pk "999999" - object does not exist.',
        ),
    ],
)
def test_create_rejects_bad_input_naming_the_field(tenant: Tenant, payload: dict, field: str, message: str):
    payload = {k: (tenant.site.pk if v == "SITE" else v) for k, v in payload.items()}
    before = Sector.objects.count()

    response = tenant.client.post(URL, payload, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f"Invalid input. {field}: {message}",
        "errors": {field: [message]},
    }
    assert Sector.objects.count() == before


def test_inactive_industry_sector_cannot_be_chosen(tenant: Tenant):
    industry_sector = IndustrySectorFactory.create(is_active=False)

    response = tenant.client.post(URL, {"site": tenant.site.pk, "industry_sector": industry_sector.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"industry_sector": invalid_pk(industry_sector.pk)}


def test_malformed_json_is_400_with_errors(tenant: Tenant):
    before = Sector.objects.count()

    response = tenant.client.post(URL, data="{bad", content_type="application/json")

    assert response.status_code == 400
    body = without_request_id(response)
    assert body["success"] is False
    assert body["error"].startswith("Malformed request body: JSON parse error")
    assert list(body["errors"]) == ["body"]
    assert Sector.objects.count() == before


# --- Read ----------------------------------------------------------------------------------


def test_owner_lists_only_own_sectors(tenant: Tenant, stranger: Tenant):
    other_site = SiteFactory.create(account=tenant.account)
    second = SectorFactory.create(site=other_site, name="Second", slug="second")

    response = tenant.client.get(URL)

    assert response.status_code == 200
    body = without_request_id(response)
    assert set(body) == {"success", "count", "next", "previous", "results"}
    assert body["success"] is True
    assert body["count"] == 2
    assert [(s["id"], s["site"], s["name"]) for s in body["results"]] == [
        (tenant.sector.pk, tenant.site.pk, tenant.sector.name),
        (second.pk, other_site.pk, "Second"),
    ]
    assert stranger.sector.pk not in [s["id"] for s in body["results"]]


def test_site_id_and_sector_id_filters(tenant: Tenant, stranger: Tenant):
    other_site = SiteFactory.create(account=tenant.account)
    a = SectorFactory.create(site=other_site, name="A", slug="a")
    b = SectorFactory.create(site=other_site, name="B", slug="b")

    by_site = tenant.client.get(URL, {"site_id": other_site.pk}).json()
    assert [s["id"] for s in by_site["results"]] == [a.pk, b.pk]
    by_sector = tenant.client.get(URL, {"sector_id": b.pk}).json()
    assert [s["id"] for s in by_sector["results"]] == [b.pk]
    both = tenant.client.get(URL, {"site_id": tenant.site.pk, "sector_id": b.pk}).json()
    assert both["count"] == 0
    strangers_site = tenant.client.get(URL, {"site_id": stranger.site.pk}).json()
    assert (strangers_site["count"], strangers_site["results"]) == (0, [])
    strangers_sector = tenant.client.get(URL, {"sector_id": stranger.sector.pk}).json()
    assert (strangers_sector["count"], strangers_sector["results"]) == (0, [])


@pytest.mark.parametrize(
    ("params", "field", "error", "message"),
    [
        ({"site_id": "abc"}, "site_id", "site_id must be a whole number.", "Must be a whole number."),
        ({"site_id": "0"}, "site_id", "site_id must be a positive id.", "Must be a positive id."),
        ({"sector_id": "x1"}, "sector_id", "sector_id must be a whole number.", "Must be a whole number."),
    ],
)
def test_bad_id_filters_are_400_naming_the_parameter(
    tenant: Tenant, params: dict, field: str, error: str, message: str
):
    response = tenant.client.get(URL, params)

    assert response.status_code == 400
    assert without_request_id(response) == {"success": False, "error": error, "errors": {field: [message]}}


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_see_only_sectors_of_granted_sites(tenant: Tenant, stranger: Tenant, role: str):
    granted = SiteFactory.create(account=tenant.account)
    visible = SectorFactory.create(site=granted, name="Visible", slug="visible")
    _, client = tenant.member(role, sites=[granted])

    listed = client.get(URL).json()
    assert listed["count"] == 1
    assert [s["id"] for s in listed["results"]] == [visible.pk]

    assert client.get(detail(visible.pk)).status_code == 200
    for sector in (tenant.sector, stranger.sector):
        refused = client.get(detail(sector.pk))
        assert refused.status_code == 404
        assert without_request_id(refused) == NOT_FOUND
    assert client.get(URL, {"site_id": tenant.site.pk}).json()["count"] == 0


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_member_without_grants_sees_no_sectors(tenant: Tenant, role: str):
    _, client = tenant.member(role)

    response = client.get(URL)

    assert response.status_code == 200
    assert without_request_id(response) == {
        "success": True,
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


# --- Update --------------------------------------------------------------------------------


def test_patch_renames_and_reslugs_and_audits(tenant: Tenant):
    response = tenant.client.patch(detail(tenant.sector.pk), {"name": "Trail Running"}, format="json")

    assert response.status_code == 200
    body = without_request_id(response)
    assert body["success"] is True
    assert (body["data"]["name"], body["data"]["slug"]) == ("Trail Running", "trail-running")
    tenant.sector.refresh_from_db()
    assert (tenant.sector.name, tenant.sector.slug) == ("Trail Running", "trail-running")
    assert AuditLog.objects.get(action="sector.updated").object_id == str(tenant.sector.pk)


def test_put_with_same_site_replaces_the_sector(tenant: Tenant):
    response = tenant.client.put(
        detail(tenant.sector.pk),
        {"site": tenant.site.pk, "name": "Replaced", "description": "New", "is_active": False},
        format="json",
    )

    assert response.status_code == 200
    tenant.sector.refresh_from_db()
    assert (tenant.sector.name, tenant.sector.slug, tenant.sector.description, tenant.sector.is_active) == (
        "Replaced",
        "replaced",
        "New",
        False,
    )


def test_sector_cannot_move_to_another_site(tenant: Tenant):
    other = SiteFactory.create(account=tenant.account)
    before = snapshot(tenant.sector)

    response = tenant.client.patch(detail(tenant.sector.pk), {"site": other.pk}, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "site: A sector cannot move to another site.",
        "errors": {"site": ["A sector cannot move to another site."]},
    }
    assert snapshot(tenant.sector) == before


def test_sector_cannot_move_into_a_strangers_site(tenant: Tenant, stranger: Tenant):
    before = snapshot(tenant.sector)

    for response in (
        tenant.client.patch(detail(tenant.sector.pk), {"site": stranger.site.pk}, format="json"),
        tenant.client.put(detail(tenant.sector.pk), {"site": stranger.site.pk, "name": "x"}, format="json"),
    ):
        assert response.status_code == 400
        assert response.json()["errors"] == {"site": invalid_pk(stranger.site.pk)}
    assert snapshot(tenant.sector) == before
    assert Sector.objects.filter(site=stranger.site).count() == 1


def test_rename_onto_a_sibling_is_a_conflict(tenant: Tenant):
    SectorFactory.create(site=tenant.site, name="Taken", slug="taken")
    before = snapshot(tenant.sector)

    response = tenant.client.patch(detail(tenant.sector.pk), {"name": "taken"}, format="json")

    assert response.status_code == 409
    assert without_request_id(response) == {
        "success": False,
        "error": "This site already has a sector with this name.",
        "errors": {"name": ["This site already has a sector with this name."]},
    }
    assert snapshot(tenant.sector) == before


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"is_active": "maybe"}, "is_active", "Must be a valid boolean."),
        ({"name": ""}, "name", "This field cannot be blank."),
        ({"industry_sector": "abc"}, "industry_sector", "Incorrect type. Expected pk value, received str."),
    ],
)
def test_patch_rejects_bad_input_and_changes_nothing(tenant: Tenant, payload: dict, field: str, message: str):
    before = snapshot(tenant.sector)

    response = tenant.client.patch(detail(tenant.sector.pk), payload, format="json")

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert response.json()["errors"] == {field: [message]}
    assert snapshot(tenant.sector) == before


def test_malformed_json_on_update_changes_nothing(tenant: Tenant):
    before = snapshot(tenant.sector)

    response = tenant.client.put(detail(tenant.sector.pk), data="{bad", content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["body"]
    assert snapshot(tenant.sector) == before


# --- Delete --------------------------------------------------------------------------------


def test_delete_answers_envelope_and_audits(tenant: Tenant):
    sector_id, name = tenant.sector.pk, tenant.sector.name

    response = tenant.client.delete(detail(sector_id))

    assert response.status_code == 200
    assert without_request_id(response) == {"success": True, "data": None, "message": "Deleted."}
    assert not Sector.objects.filter(pk=sector_id).exists()
    audit = AuditLog.objects.get(action="sector.deleted")
    assert (audit.object_type, audit.object_id) == ("Sector", str(sector_id))
    assert audit.changes == {"name": name, "site": tenant.site.pk}


# --- Roles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_cannot_write_sectors_of_granted_sites(tenant: Tenant, role: str):
    _, client = tenant.member(role, sites=[tenant.site])
    before = snapshot(tenant.sector)
    count = Sector.objects.count()
    refused = {
        "success": False,
        "error": f"Your role ({role}) cannot do this; it needs admin or higher.",
        "errors": {},
    }

    responses = [
        client.post(URL, {"site": tenant.site.pk, "name": "Mine"}, format="json"),
        client.patch(detail(tenant.sector.pk), {"name": "Mine"}, format="json"),
        client.put(detail(tenant.sector.pk), {"site": tenant.site.pk, "name": "Mine"}, format="json"),
        client.delete(detail(tenant.sector.pk)),
    ]

    for response in responses:
        assert response.status_code == 403
        assert without_request_id(response) == refused
    assert snapshot(tenant.sector) == before
    assert Sector.objects.count() == count
    assert not AuditLog.objects.exists()


# --- Cross-tenant --------------------------------------------------------------------------


def test_strangers_sector_is_indistinguishable_from_a_missing_one(tenant: Tenant, stranger: Tenant):
    before = snapshot(stranger.sector)
    count = Sector.objects.count()

    for pk in (stranger.sector.pk, missing_sector_id()):
        responses = [
            tenant.client.get(detail(pk)),
            tenant.client.patch(detail(pk), {"name": "Pwned"}, format="json"),
            tenant.client.put(detail(pk), {"site": tenant.site.pk, "name": "Pwned"}, format="json"),
            tenant.client.put(detail(pk), {"site": stranger.site.pk, "name": "Pwned"}, format="json"),
            tenant.client.delete(detail(pk)),
        ]
        for response in responses:
            assert response.status_code == 404
            assert without_request_id(response) == NOT_FOUND

    assert snapshot(stranger.sector) == before
    assert Sector.objects.count() == count
    assert not AuditLog.objects.exists()


def test_strangers_sectors_never_appear_in_lists(tenant: Tenant, stranger: Tenant):
    for client, own, other in ((tenant.client, tenant, stranger), (stranger.client, stranger, tenant)):
        ids = [s["id"] for s in client.get(URL).json()["results"]]
        assert ids == [own.sector.pk]
        assert other.sector.pk not in ids
