"""Planner clusters API: CRUD, filters, merge, roles, site grants and tenant isolation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from igny8_core.core.auth.models import Role
from igny8_core.domain.planning.models import Clusters, ContentIdeas, Keywords
from igny8_core.domain.planning.services import cluster_refresh_stats
from tests.conftest import Tenant, client_for
from tests.factories import ClusterFactory, ContentIdeaFactory, KeywordFactory, SectorFactory, SiteFactory
from tests.modules.planner.helpers import (
    NOT_FOUND,
    assert_reads_and_writes_are_404,
    ids,
    invalid_pk,
    refused,
    snapshot,
    without_request_id,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/planner/clusters/"
MERGE = f"{URL}merge/"


def detail(pk: object) -> str:
    return f"{URL}{pk}/"


def missing_id() -> int:
    return (Clusters.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


# --- Create --------------------------------------------------------------------------------------


def test_create_answers_the_envelope_with_empty_stats(tenant: Tenant):
    response = tenant.client.post(
        URL,
        {"site": tenant.site.pk, "sector": tenant.sector.pk, "name": "  Running shoes ", "description": "All of it."},
        format="json",
    )

    assert response.status_code == 201
    body = without_request_id(response)
    assert (body["success"], body["message"]) == (True, "")
    data = body["data"]
    cluster = Clusters.objects.get(pk=data["id"])
    assert data == {
        "id": cluster.pk,
        "site": tenant.site.pk,
        "sector": tenant.sector.pk,
        "name": "Running shoes",
        "description": "All of it.",
        "intent": "informational",
        "keywords_count": 0,
        "volume": 0,
        "avg_difficulty": "0.00",
        "status": "active",
        "source": "manual",
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }
    assert (cluster.account_id, cluster.site_id, cluster.sector_id) == (
        tenant.account.pk,
        tenant.site.pk,
        tenant.sector.pk,
    )


def test_create_keeps_the_given_intent_and_status_and_ignores_read_only_stats(tenant: Tenant):
    response = tenant.client.post(
        URL,
        {
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "name": "Deals",
            "intent": "transactional",
            "status": "archived",
            "keywords_count": 99,
            "volume": 12345,
            "avg_difficulty": "77.00",
            "source": "openai",
        },
        format="json",
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["intent"], data["status"], data["source"]) == ("transactional", "archived", "manual")
    assert (data["keywords_count"], data["volume"], data["avg_difficulty"]) == (0, 0, "0.00")
    cluster = Clusters.objects.get(pk=data["id"])
    assert (cluster.intent, cluster.status, cluster.volume) == ("transactional", "archived", 0)


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"name": ""}, "name", "This field may not be blank."),
        ({"name": "   "}, "name", "This field may not be blank."),
        ({"name": None}, "name", "This field may not be null."),
        ({"name": ["x"]}, "name", "Not a valid string."),
        ({"name": "x" * 256}, "name", "Ensure this field has no more than 255 characters."),
        ({"intent": "curious"}, "intent", '"curious" is not a valid choice.'),
        ({"status": "gone"}, "status", '"gone" is not a valid choice.'),
        ({"site": "abc"}, "site", "Incorrect type. Expected pk value, received str."),
        ({"sector": 99999999}, "sector", 'Invalid pk "99999999" - object does not exist.'),
        ({"description": {"a": 1}}, "description", "Not a valid string."),
    ],
)
def test_create_rejects_bad_input_naming_the_field(tenant: Tenant, payload: dict, field: str, message: str):
    data = {"site": tenant.site.pk, "sector": tenant.sector.pk, "name": "Shoes", **payload}

    response = tenant.client.post(URL, data, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f"Invalid input. {field}: {message}",
        "errors": {field: [message]},
    }
    assert not Clusters.objects.exists()


@pytest.mark.parametrize("field", ["name", "site", "sector"])
def test_create_requires_name_site_and_sector(tenant: Tenant, field: str):
    data = {"site": tenant.site.pk, "sector": tenant.sector.pk, "name": "Shoes"}
    del data[field]

    response = tenant.client.post(URL, data, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {field: ["This field is required."]}
    assert not Clusters.objects.exists()


def test_create_with_a_sector_of_another_site_is_400(tenant: Tenant):
    foreign_sector = SectorFactory.create(site=SiteFactory.create(account=tenant.account))

    response = tenant.client.post(
        URL, {"site": tenant.site.pk, "sector": foreign_sector.pk, "name": "Shoes"}, format="json"
    )

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "sector: This sector does not belong to the selected site.",
        "errors": {"sector": ["This sector does not belong to the selected site."]},
    }
    assert not Clusters.objects.exists()


def test_malformed_json_and_non_object_bodies_are_400(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    before = snapshot()

    for response in (
        tenant.client.post(URL, data="{bad", content_type="application/json"),
        tenant.client.patch(detail(cluster.pk), data="[1,", content_type="application/json"),
        tenant.client.post(MERGE, data="{", content_type="application/json"),
    ):
        assert response.status_code == 400
        body = without_request_id(response)
        assert body["error"].startswith("Malformed request body: JSON parse error")
        assert list(body["errors"]) == ["body"]
    listed = tenant.client.post(URL, ["a"], format="json")
    assert listed.status_code == 400
    assert listed.json()["errors"] == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}
    assert snapshot() == before


# --- Read ----------------------------------------------------------------------------------------


@pytest.fixture
def clusters(tenant: Tenant, stranger: Tenant) -> dict[str, Any]:
    other_site = SiteFactory.create(account=tenant.account)
    other_site_sector = SectorFactory.create(site=other_site)
    second_sector = SectorFactory.create(site=tenant.site)
    made = {
        "shoes": ClusterFactory.create(
            sector=tenant.sector, name="Running shoes", description="Road and trail", intent="commercial"
        ),
        "boots": ClusterFactory.create(sector=tenant.sector, name="Hiking boots", intent="informational"),
        "old": ClusterFactory.create(sector=tenant.sector, name="Old stuff", status="archived"),
        "socks": ClusterFactory.create(sector=second_sector, name="Socks", intent="transactional"),
        "login": ClusterFactory.create(sector=other_site_sector, name="Shop login", intent="navigational"),
    }
    for name, volumes, difficulties in [
        ("shoes", (1000, 500), (80, 60)),
        ("boots", (300,), (10,)),
        ("socks", (200, 100), (20, 40)),
        ("login", (50,), (5,)),
    ]:
        for volume, difficulty in zip(volumes, difficulties, strict=True):
            KeywordFactory.create(
                sector=made[name].sector,
                cluster=made[name],
                search_volume=volume,
                difficulty=difficulty,
                intent=made[name].intent,
            )
    cluster_refresh_stats(cluster_ids=[c.pk for c in made.values()])
    theirs = ClusterFactory.create(sector=stranger.sector, name="Running shoes", volume=99999)
    return {
        **made,
        "theirs": theirs,
        "other_site": other_site,
        "second_sector": second_sector,
    }


def test_list_is_ordered_by_volume_with_stats(tenant: Tenant, clusters: dict[str, Any]):
    response = tenant.client.get(URL)

    assert response.status_code == 200
    body = without_request_id(response)
    assert (body["success"], body["count"], body["next"], body["previous"]) == (True, 5, None, None)
    assert [(r["name"], r["keywords_count"], r["volume"], r["avg_difficulty"]) for r in body["results"]] == [
        ("Running shoes", 2, 1500, "70.00"),
        ("Hiking boots", 1, 300, "10.00"),
        ("Socks", 2, 300, "30.00"),
        ("Shop login", 1, 50, "5.00"),
        ("Old stuff", 0, 0, "0.00"),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "archived"}, ["old"]),
        ({"status": "active"}, ["shoes", "boots", "socks", "login"]),
        ({"intent": "commercial"}, ["shoes"]),
        ({"intent": "informational"}, ["boots", "old"]),
        ({"volume_min": 300}, ["shoes", "boots", "socks"]),
        ({"volume_max": 300}, ["boots", "socks", "login", "old"]),
        ({"volume_min": 100, "volume_max": 1000}, ["boots", "socks"]),
        ({"search": "trail"}, ["shoes"]),  # the description is searched too
        ({"search": "SHO"}, ["shoes", "login"]),
        ({"ordering": "name"}, ["boots", "old", "shoes", "login", "socks"]),
        ({"ordering": "-avg_difficulty"}, ["shoes", "socks", "boots", "login", "old"]),
        ({"ordering": "keywords_count,name"}, ["old", "boots", "login", "shoes", "socks"]),
        ({"site_id": "OTHER_SITE"}, ["login"]),
        ({"sector_id": "SECOND_SECTOR"}, ["socks"]),
    ],
)
def test_filters_search_and_ordering(tenant: Tenant, clusters: dict[str, Any], params: dict, expected: list[str]):
    params = {
        key: {"OTHER_SITE": clusters["other_site"].pk, "SECOND_SECTOR": clusters["second_sector"].pk}.get(value, value)
        for key, value in params.items()
    }

    assert ids(tenant.client.get(URL, params)) == [clusters[name].pk for name in expected]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"volume_min": "big"}, "volume_min", "Enter a number."),
        ({"status": "gone"}, "status", "Select a valid choice. gone is not one of the available choices."),
        ({"intent": "x"}, "intent", "Select a valid choice. x is not one of the available choices."),
        ({"site_id": "x"}, "site_id", "Must be a whole number."),
        ({"sector_id": "99999999999999999999999"}, "sector_id", "Too large to be an id."),
    ],
)
def test_bad_filter_values_are_400_naming_the_parameter(tenant: Tenant, params: dict, field: str, message: str):
    response = tenant.client.get(URL, params)

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}


def test_retrieve(tenant: Tenant, clusters: dict[str, Any]):
    shoes = clusters["shoes"]

    response = tenant.client.get(detail(shoes.pk))

    assert response.status_code == 200
    body = without_request_id(response)
    data = body["data"]
    assert body == {
        "success": True,
        "message": "",
        "data": {
            "id": shoes.pk,
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "name": "Running shoes",
            "description": "Road and trail",
            "intent": "commercial",
            "keywords_count": 2,
            "volume": 1500,
            "avg_difficulty": "70.00",
            "status": "active",
            "source": "manual",
            "created_at": data["created_at"],
            "updated_at": data["updated_at"],
        },
    }


# --- Update --------------------------------------------------------------------------------------


def test_patch_name_description_status_and_intent(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector, name="Old")

    response = tenant.client.patch(
        detail(cluster.pk),
        {"name": "  New name ", "description": "Better.", "status": "archived", "intent": "commercial"},
        format="json",
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["name"], data["description"], data["status"], data["intent"]) == (
        "New name",
        "Better.",
        "archived",
        "commercial",
    )
    cluster.refresh_from_db()
    assert (cluster.name, cluster.description, cluster.status, cluster.intent) == (
        "New name",
        "Better.",
        "archived",
        "commercial",
    )


def test_patch_ignores_read_only_stats_and_refuses_to_move_the_cluster(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    KeywordFactory.create(sector=tenant.sector, cluster=cluster, search_volume=10)
    cluster_refresh_stats(cluster_ids=[cluster.pk])
    other_site = SiteFactory.create(account=tenant.account)
    other_sector = SectorFactory.create(site=other_site)
    before = snapshot()

    response = tenant.client.patch(
        detail(cluster.pk), {"keywords_count": 0, "volume": 99, "avg_difficulty": "1.00", "source": "x"}, format="json"
    )
    move = tenant.client.patch(detail(cluster.pk), {"site": other_site.pk}, format="json")
    put = tenant.client.put(
        detail(cluster.pk), {"site": other_site.pk, "sector": other_sector.pk, "name": cluster.name}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["data"]["site"], response.json()["data"]["volume"]) == (tenant.site.pk, 10)
    assert (move.status_code, put.status_code) == (400, 400)
    assert move.json()["errors"] == {"site": ["A cluster cannot move to another site."]}
    assert put.json()["errors"] == {"site": ["A cluster cannot move to another site."]}
    assert snapshot() == before


def test_put_replaces_the_editable_fields(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector, name="Old", description="Old text", intent="commercial")

    response = tenant.client.put(
        detail(cluster.pk),
        {"site": tenant.site.pk, "sector": tenant.sector.pk, "name": "New", "description": ""},
        format="json",
    )

    assert response.status_code == 200
    cluster.refresh_from_db()
    assert (cluster.name, cluster.description, cluster.intent) == ("New", "", "commercial")


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"name": ""}, "name", "This field may not be blank."),
        ({"name": None}, "name", "This field may not be null."),
        ({"status": "gone"}, "status", '"gone" is not a valid choice.'),
        ({"intent": 5}, "intent", '"5" is not a valid choice.'),
        ({"site": "stranger"}, "site", "Incorrect type. Expected pk value, received str."),
    ],
)
def test_patch_rejects_bad_input_and_changes_nothing(tenant: Tenant, payload: dict, field: str, message: str):
    cluster = ClusterFactory.create(sector=tenant.sector)
    before = snapshot()

    response = tenant.client.patch(detail(cluster.pk), payload, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f"Invalid input. {field}: {message}",
        "errors": {field: [message]},
    }
    assert snapshot() == before


# --- Delete --------------------------------------------------------------------------------------


def test_delete_unclusters_keywords_and_keeps_ideas(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    keyword = KeywordFactory.create(sector=tenant.sector, cluster=cluster)
    idea = ContentIdeaFactory.create(sector=tenant.sector, cluster=cluster)

    response = tenant.client.delete(detail(cluster.pk))

    assert response.status_code == 200
    assert without_request_id(response) == {
        "success": True,
        "data": None,
        "message": "Cluster deleted; its keywords are unclustered again.",
    }
    assert not Clusters.objects.filter(pk=cluster.pk).exists()
    keyword.refresh_from_db()
    assert (keyword.cluster_id, keyword.status) == (None, "new")
    assert ContentIdeas.objects.get(pk=idea.pk).cluster_id is None


# --- Merge ---------------------------------------------------------------------------------------


def test_merge_moves_keywords_and_ideas_and_answers_the_target(tenant: Tenant):
    target = ClusterFactory.create(sector=tenant.sector, name="Shoes")
    source = ClusterFactory.create(sector=tenant.sector, name="Sneakers")
    other_source = ClusterFactory.create(sector=tenant.sector, name="Trainers")
    k1 = KeywordFactory.create(sector=tenant.sector, cluster=target, search_volume=100, difficulty=20)
    k2 = KeywordFactory.create(sector=tenant.sector, cluster=source, search_volume=300, difficulty=40)
    k3 = KeywordFactory.create(
        sector=tenant.sector, cluster=other_source, search_volume=600, difficulty=60, intent="commercial"
    )
    idea = ContentIdeaFactory.create(sector=tenant.sector, cluster=source)

    response = tenant.client.post(
        MERGE, {"target": target.pk, "cluster_ids": [source.pk, other_source.pk], "name": "Footwear"}, format="json"
    )

    assert response.status_code == 200
    body = without_request_id(response)
    data = body["data"]
    assert (body["success"], body["message"]) == (True, "Clusters merged.")
    assert data == {
        "id": target.pk,
        "site": tenant.site.pk,
        "sector": tenant.sector.pk,
        "name": "Footwear",
        "description": "",
        "intent": "commercial",
        "keywords_count": 3,
        "volume": 1000,
        "avg_difficulty": "40.00",
        "status": "active",
        "source": "manual",
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }
    assert list(Clusters.objects.values_list("pk", flat=True)) == [target.pk]
    assert set(Keywords.objects.filter(cluster=target).values_list("pk", flat=True)) == {k1.pk, k2.pk, k3.pk}
    assert ContentIdeas.objects.get(pk=idea.pk).cluster_id == target.pk


def test_merge_without_a_name_keeps_the_targets(tenant: Tenant):
    target = ClusterFactory.create(sector=tenant.sector, name="Shoes")
    source = ClusterFactory.create(sector=tenant.sector)

    response = tenant.client.post(MERGE, {"target": target.pk, "cluster_ids": [source.pk]}, format="json")

    assert response.status_code == 200
    assert response.json()["data"]["name"] == "Shoes"
    assert not Clusters.objects.filter(pk=source.pk).exists()


def test_merge_refuses_another_sector_and_changes_nothing(tenant: Tenant):
    target = ClusterFactory.create(sector=tenant.sector)
    foreign = ClusterFactory.create(sector=SectorFactory.create(site=tenant.site))
    KeywordFactory.create(sector=foreign.sector, cluster=foreign)
    before = snapshot()

    response = tenant.client.post(MERGE, {"target": target.pk, "cluster_ids": [foreign.pk]}, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "cluster_ids: Only clusters of the same site and sector can be merged.",
        "errors": {"cluster_ids": ["Only clusters of the same site and sector can be merged."]},
    }
    assert snapshot() == before


def test_merging_a_cluster_into_itself_is_400(tenant: Tenant):
    target = ClusterFactory.create(sector=tenant.sector)
    before = snapshot()

    response = tenant.client.post(MERGE, {"target": target.pk, "cluster_ids": [target.pk]}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"cluster_ids": ["Pick at least one other cluster to merge."]}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"target": ["This field is required."], "cluster_ids": ["This field is required."]}),
        ({"target": "T", "cluster_ids": []}, {"cluster_ids": ["This list may not be empty."]}),
        ({"target": "T", "cluster_ids": "abc"}, {"cluster_ids": ['Expected a list of items but got type "str".']}),
        ({"target": "x", "cluster_ids": ["S"]}, {"target": ["Incorrect type. Expected pk value, received str."]}),
        ({"target": "T", "cluster_ids": [None]}, {"cluster_ids.0": ["This field may not be null."]}),
        ({"target": "T", "cluster_ids": [99999999]}, {"cluster_ids.0": [invalid_pk(99999999)]}),
        ({"target": "T", "cluster_ids": ["S"], "name": None}, {"name": ["This field may not be null."]}),
        (
            {"target": "T", "cluster_ids": ["S"], "name": "x" * 256},
            {"name": ["Ensure this field has no more than 255 characters."]},
        ),
        (
            {"target": "T", "cluster_ids": ["S"] * 101},
            {"cluster_ids": ["Ensure this field has no more than 100 elements."]},
        ),
    ],
)
def test_merge_rejects_bad_input_naming_the_field(tenant: Tenant, payload: dict, errors: dict):
    target = ClusterFactory.create(sector=tenant.sector)
    source = ClusterFactory.create(sector=tenant.sector)

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return {"T": target.pk, "S": source.pk}.get(value, value) if isinstance(value, str) else value

    before = snapshot()

    response = tenant.client.post(MERGE, {k: resolve(v) for k, v in payload.items()}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert snapshot() == before


# --- Roles ---------------------------------------------------------------------------------------


def test_viewer_reads_but_every_write_is_403_and_changes_nothing(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector, name="Shoes")
    other = ClusterFactory.create(sector=tenant.sector)
    _, viewer = tenant.member(Role.VIEWER, sites=[tenant.site])
    before = snapshot()

    assert set(ids(viewer.get(URL))) == {cluster.pk, other.pk}
    assert viewer.get(detail(cluster.pk)).json()["data"]["name"] == "Shoes"

    site, sector = tenant.site.pk, tenant.sector.pk
    for response in (
        viewer.post(URL, {"site": site, "sector": sector, "name": "Mine"}, format="json"),
        viewer.patch(detail(cluster.pk), {"name": "Mine"}, format="json"),
        viewer.put(detail(cluster.pk), {"site": site, "sector": sector, "name": "Mine"}, format="json"),
        viewer.delete(detail(cluster.pk)),
        viewer.post(MERGE, {"target": cluster.pk, "cluster_ids": [other.pk]}, format="json"),
        viewer.post(f"{URL}generate_ideas/", {"ids": [cluster.pk]}, format="json"),
    ):
        assert response.status_code == 403
        assert without_request_id(response) == refused(Role.VIEWER)
    assert snapshot() == before


def test_editor_writes_and_merges(tenant: Tenant):
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])

    first = editor.post(URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "name": "A"}, format="json")
    second = editor.post(URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "name": "B"}, format="json")
    assert (first.status_code, second.status_code) == (201, 201)
    a, b = first.json()["data"]["id"], second.json()["data"]["id"]

    assert editor.patch(detail(a), {"name": "A2"}, format="json").json()["data"]["name"] == "A2"
    assert editor.post(MERGE, {"target": a, "cluster_ids": [b]}, format="json").status_code == 200
    assert editor.delete(detail(a)).status_code == 200
    assert not Clusters.objects.exists()


def test_unauthenticated_is_401(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    anonymous = client_for(None)

    for response in (
        anonymous.get(URL),
        anonymous.delete(detail(cluster.pk)),
        anonymous.post(MERGE, {}, format="json"),
    ):
        assert response.status_code == 401
    assert Clusters.objects.filter(pk=cluster.pk).exists()


# --- Site grants ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_members_limited_by_site_access_see_only_granted_sites(tenant: Tenant, role: str):
    hidden_sector = SectorFactory.create(site=SiteFactory.create(account=tenant.account))
    visible = ClusterFactory.create(sector=tenant.sector)
    hidden = ClusterFactory.create(sector=hidden_sector)
    _, client = tenant.member(role, sites=[tenant.site])

    assert ids(client.get(URL)) == [visible.pk]
    assert ids(client.get(URL, {"site_id": hidden_sector.site_id})) == []
    response = client.get(detail(hidden.pk))
    assert response.status_code == 404
    assert without_request_id(response) == NOT_FOUND


def test_editor_cannot_touch_clusters_of_an_ungranted_site(tenant: Tenant):
    hidden_sector = SectorFactory.create(site=SiteFactory.create(account=tenant.account))
    hidden = ClusterFactory.create(sector=hidden_sector)
    hidden_other = ClusterFactory.create(sector=hidden_sector)
    KeywordFactory.create(sector=hidden_sector, cluster=hidden_other)
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])
    before = snapshot()

    for response in (
        editor.patch(detail(hidden.pk), {"name": "Mine"}, format="json"),
        editor.put(
            detail(hidden.pk),
            {"site": hidden_sector.site_id, "sector": hidden_sector.pk, "name": "Mine"},
            format="json",
        ),
        editor.delete(detail(hidden.pk)),
    ):
        assert response.status_code == 404
        assert without_request_id(response) == NOT_FOUND
    merged = editor.post(MERGE, {"target": hidden.pk, "cluster_ids": [hidden_other.pk]}, format="json")
    assert merged.status_code == 400
    assert merged.json()["errors"] == {
        "target": [invalid_pk(hidden.pk)],
        "cluster_ids.0": [invalid_pk(hidden_other.pk)],
    }
    created = editor.post(
        URL, {"site": hidden_sector.site_id, "sector": hidden_sector.pk, "name": "Sneaky"}, format="json"
    )
    assert created.status_code == 400
    assert created.json()["errors"] == {
        "site": [invalid_pk(hidden_sector.site_id)],
        "sector": [invalid_pk(hidden_sector.pk)],
    }
    assert snapshot() == before


# --- Cross-tenant --------------------------------------------------------------------------------


def test_a_strangers_cluster_is_indistinguishable_from_a_missing_one(tenant: Tenant, stranger: Tenant):
    theirs = ClusterFactory.create(sector=stranger.sector)
    KeywordFactory.create(sector=stranger.sector, cluster=theirs)

    for pk in (theirs.pk, missing_id()):
        assert_reads_and_writes_are_404(tenant, detail(pk), "name")


def test_a_strangers_clusters_never_appear_in_lists(tenant: Tenant, stranger: Tenant):
    mine = ClusterFactory.create(sector=tenant.sector, name="Shared name")
    theirs = ClusterFactory.create(sector=stranger.sector, name="Shared name")

    for client, own, other in ((tenant.client, mine, theirs), (stranger.client, theirs, mine)):
        assert ids(client.get(URL)) == [own.pk]
        assert ids(client.get(URL, {"search": "shared"})) == [own.pk]
        assert ids(client.get(URL, {"site_id": other.site_id})) == []
        assert ids(client.get(URL, {"sector_id": other.sector_id})) == []


def test_a_strangers_cluster_cannot_be_merged_either_way(tenant: Tenant, stranger: Tenant):
    mine = ClusterFactory.create(sector=tenant.sector)
    mine_too = ClusterFactory.create(sector=tenant.sector)
    theirs = ClusterFactory.create(sector=stranger.sector)
    KeywordFactory.create(sector=stranger.sector, cluster=theirs)
    ContentIdeaFactory.create(sector=stranger.sector, cluster=theirs)
    before = snapshot()
    missing = missing_id()

    pulled = tenant.client.post(MERGE, {"target": mine.pk, "cluster_ids": [theirs.pk]}, format="json")
    pushed = tenant.client.post(MERGE, {"target": theirs.pk, "cluster_ids": [mine.pk]}, format="json")
    mixed = tenant.client.post(MERGE, {"target": mine.pk, "cluster_ids": [mine_too.pk, theirs.pk]}, format="json")
    absent = tenant.client.post(MERGE, {"target": mine.pk, "cluster_ids": [missing]}, format="json")

    assert pulled.status_code == 400
    assert without_request_id(pulled) == {
        "success": False,
        "error": f"Invalid input. cluster_ids.0: {invalid_pk(theirs.pk)}",
        "errors": {"cluster_ids.0": [invalid_pk(theirs.pk)]},
    }
    assert pushed.status_code == 400
    assert pushed.json()["errors"] == {"target": [invalid_pk(theirs.pk)]}
    assert mixed.status_code == 400
    assert mixed.json()["errors"] == {"cluster_ids.1": [invalid_pk(theirs.pk)]}
    assert absent.json()["errors"] == {"cluster_ids.0": [invalid_pk(missing)]}  # same answer as a stranger's
    assert snapshot() == before


def test_clusters_cannot_be_created_into_a_strangers_site(tenant: Tenant, stranger: Tenant):
    response = tenant.client.post(
        URL, {"site": stranger.site.pk, "sector": stranger.sector.pk, "name": "Planted"}, format="json"
    )
    mixed = tenant.client.post(
        URL, {"site": tenant.site.pk, "sector": stranger.sector.pk, "name": "Planted"}, format="json"
    )

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f"Invalid input. site: {invalid_pk(stranger.site.pk)}; sector: {invalid_pk(stranger.sector.pk)}",
        "errors": {"site": [invalid_pk(stranger.site.pk)], "sector": [invalid_pk(stranger.sector.pk)]},
    }
    assert mixed.status_code == 400
    assert mixed.json()["errors"] == {"sector": [invalid_pk(stranger.sector.pk)]}
    assert not Clusters.objects.exists()


@pytest.mark.parametrize("pk", ["abc", "1.5", "99999999999999999999999"])
def test_nonsense_ids_are_404_not_500(tenant: Tenant, pk: str):
    ClusterFactory.create(sector=tenant.sector)
    before = snapshot()

    for response in (
        tenant.client.get(detail(pk)),
        tenant.client.patch(detail(pk), {"name": "x"}, format="json"),
        tenant.client.delete(detail(pk)),
    ):
        assert response.status_code == 404
        assert without_request_id(response) == NOT_FOUND
    assert snapshot() == before


def test_stats_in_the_api_are_decimal_strings(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    for difficulty in (10, 20, 25):
        KeywordFactory.create(sector=tenant.sector, cluster=cluster, difficulty=difficulty)
    cluster_refresh_stats(cluster_ids=[cluster.pk])

    assert tenant.client.get(detail(cluster.pk)).json()["data"]["avg_difficulty"] == "18.33"
    assert Clusters.objects.get(pk=cluster.pk).avg_difficulty == Decimal("18.33")
