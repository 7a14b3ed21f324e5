"""Planner content ideas API: CRUD with outline validation, filters, roles, site grants and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import Role
from igny8_core.domain.planning.models import Clusters, ContentIdeas
from tests.conftest import Tenant, client_for
from tests.factories import ClusterFactory, ContentIdeaFactory, SectorFactory, SiteFactory
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

URL = "/api/v1/planner/ideas/"
OUTLINE = [
    {"heading": "Why trail shoes differ", "points": ["Grip", "Protection"]},
    {"heading": "How to choose", "points": []},
]


def detail(pk: object) -> str:
    return f"{URL}{pk}/"


def missing_id() -> int:
    return (ContentIdeas.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


# --- Create --------------------------------------------------------------------------------------


def test_create_with_every_field(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector, name="Trail shoes")

    response = tenant.client.post(
        URL,
        {
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "cluster": cluster.pk,
            "title": "The trail shoe guide",
            "description": "Everything about trail shoes.",
            "outline": [*OUTLINE, {"heading": "Extra keys are dropped", "points": ["x"], "html": "<b>no</b>"}],
            "primary_keyword": "trail shoes",
            "secondary_keywords": ["trail running shoes", "best trail shoes"],
            "content_type": "post",
            "content_structure": "guide",
            "target_word_count": 2500,
            "status": "queued",
            "generated_by": "openai:gpt",
        },
        format="json",
    )

    assert response.status_code == 201
    body = without_request_id(response)
    assert (body["success"], body["message"]) == (True, "")
    data = body["data"]
    idea = ContentIdeas.objects.get(pk=data["id"])
    expected_outline = [*OUTLINE, {"heading": "Extra keys are dropped", "points": ["x"]}]
    assert data == {
        "id": idea.pk,
        "site": tenant.site.pk,
        "sector": tenant.sector.pk,
        "cluster": cluster.pk,
        "cluster_name": "Trail shoes",
        "title": "The trail shoe guide",
        "description": "Everything about trail shoes.",
        "outline": expected_outline,
        "primary_keyword": "trail shoes",
        "secondary_keywords": ["trail running shoes", "best trail shoes"],
        "content_type": "post",
        "content_structure": "guide",
        "target_word_count": 2500,
        "status": "queued",
        "generated_by": "manual",
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }
    assert (idea.account_id, idea.site_id, idea.sector_id, idea.cluster_id) == (
        tenant.account.pk,
        tenant.site.pk,
        tenant.sector.pk,
        cluster.pk,
    )
    assert idea.outline == expected_outline
    assert idea.secondary_keywords == ["trail running shoes", "best trail shoes"]


def test_create_with_defaults(tenant: Tenant):
    response = tenant.client.post(
        URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "Just a title"}, format="json"
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert {k: data[k] for k in data if k not in ("id", "created_at", "updated_at")} == {
        "site": tenant.site.pk,
        "sector": tenant.sector.pk,
        "cluster": None,
        "cluster_name": None,
        "title": "Just a title",
        "description": "",
        "outline": [],
        "primary_keyword": "",
        "secondary_keywords": [],
        "content_type": "post",
        "content_structure": "article",
        "target_word_count": 1500,
        "status": "new",
        "generated_by": "manual",
    }


@pytest.mark.parametrize(
    ("outline", "errors"),
    [
        ("Intro, body", {"outline.non_field_errors": ['Expected a list of items but got type "str".']}),
        ({"heading": "x"}, {"outline.non_field_errors": ['Expected a list of items but got type "dict".']}),
        (None, {"outline": ["This field may not be null."]}),
        ([{"points": ["a"]}], {"outline.0.heading": ["This field is required."]}),
        ([{"heading": "", "points": []}], {"outline.0.heading": ["This field may not be blank."]}),
        ([{"heading": None}], {"outline.0.heading": ["This field may not be null."]}),
        ([{"heading": "h" * 201}], {"outline.0.heading": ["Ensure this field has no more than 200 characters."]}),
        (
            [{"heading": "ok"}, "just text"],
            {"outline.1.non_field_errors": ["Invalid data. Expected a dictionary, but got str."]},
        ),
        ([{"heading": "h", "points": "a, b"}], {"outline.0.points": ['Expected a list of items but got type "str".']}),
        ([{"heading": "h", "points": [None]}], {"outline.0.points.0": ["This field may not be null."]}),
        ([{"heading": "h", "points": [{"a": 1}]}], {"outline.0.points.0": ["Not a valid string."]}),
        (
            [{"heading": "h", "points": ["p"] * 21}],
            {"outline.0.points": ["Ensure this field has no more than 20 elements."]},
        ),
        (
            [{"heading": "h", "points": ["ok", "p" * 501]}],
            {"outline.0.points.1": ["Ensure this field has no more than 500 characters."]},
        ),
        (
            [{"heading": "fine"}, {"heading": ""}, {"heading": "x", "points": 5}],
            {
                "outline.1.heading": ["This field may not be blank."],
                "outline.2.points": ['Expected a list of items but got type "int".'],
            },
        ),
    ],
)
def test_create_validates_the_outline_naming_the_section(tenant: Tenant, outline: Any, errors: dict):
    response = tenant.client.post(
        URL,
        {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T", "outline": outline},
        format="json",
    )

    assert response.status_code == 400
    body = without_request_id(response)
    assert body["success"] is False
    assert body["errors"] == errors
    first_field, first_messages = next(iter(errors.items()))
    assert body["error"].startswith(f"Invalid input. {first_field}: {first_messages[0]}")
    assert not ContentIdeas.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"title": ""}, "title", "This field may not be blank."),
        ({"title": None}, "title", "This field may not be null."),
        ({"title": "t" * 256}, "title", "Ensure this field has no more than 255 characters."),
        ({"secondary_keywords": "a, b"}, "secondary_keywords", 'Expected a list of items but got type "str".'),
        ({"secondary_keywords": ["k"] * 51}, "secondary_keywords", "Ensure this field has no more than 50 elements."),
        ({"primary_keyword": "k" * 501}, "primary_keyword", "Ensure this field has no more than 500 characters."),
        ({"content_type": "video"}, "content_type", '"video" is not a valid choice.'),
        ({"content_structure": "poem"}, "content_structure", '"poem" is not a valid choice.'),
        ({"target_word_count": 99}, "target_word_count", "Ensure this value is greater than or equal to 100."),
        ({"target_word_count": 20001}, "target_word_count", "Ensure this value is less than or equal to 20000."),
        ({"target_word_count": "long"}, "target_word_count", "A valid integer is required."),
        ({"status": "done"}, "status", '"done" is not a valid choice.'),
        ({"cluster": "abc"}, "cluster", "Incorrect type. Expected pk value, received str."),
        ({"cluster": 99999999}, "cluster", invalid_pk(99999999)),
        ({"site": [1]}, "site", "Incorrect type. Expected pk value, received list."),
    ],
)
def test_create_rejects_bad_input_naming_the_field(tenant: Tenant, payload: dict, field: str, message: str):
    data = {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T", **payload}

    response = tenant.client.post(URL, data, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f"Invalid input. {field}: {message}",
        "errors": {field: [message]},
    }
    assert not ContentIdeas.objects.exists()


@pytest.mark.parametrize("field", ["title", "site", "sector"])
def test_create_requires_title_site_and_sector(tenant: Tenant, field: str):
    data = {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T"}
    del data[field]

    response = tenant.client.post(URL, data, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {field: ["This field is required."]}
    assert not ContentIdeas.objects.exists()


def test_create_with_a_cluster_or_sector_elsewhere_is_400(tenant: Tenant):
    second_sector = SectorFactory.create(site=tenant.site)
    foreign_cluster = ClusterFactory.create(sector=second_sector)
    foreign_sector = SectorFactory.create(site=SiteFactory.create(account=tenant.account))

    wrong_cluster = tenant.client.post(
        URL,
        {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T", "cluster": foreign_cluster.pk},
        format="json",
    )
    wrong_sector = tenant.client.post(
        URL, {"site": tenant.site.pk, "sector": foreign_sector.pk, "title": "T"}, format="json"
    )

    assert wrong_cluster.status_code == 400
    assert without_request_id(wrong_cluster) == {
        "success": False,
        "error": "cluster: The cluster belongs to another site or sector.",
        "errors": {"cluster": ["The cluster belongs to another site or sector."]},
    }
    assert wrong_sector.status_code == 400
    assert wrong_sector.json()["errors"] == {"sector": ["This sector does not belong to the selected site."]}
    assert not ContentIdeas.objects.exists()


def test_malformed_json_and_non_object_bodies_are_400(tenant: Tenant):
    idea = ContentIdeaFactory.create(sector=tenant.sector)
    before = snapshot()

    for response in (
        tenant.client.post(URL, data='{"title": "x",}', content_type="application/json"),
        tenant.client.patch(detail(idea.pk), data="{outline: []}", content_type="application/json"),
    ):
        assert response.status_code == 400
        body = without_request_id(response)
        assert body["error"].startswith("Malformed request body: JSON parse error")
        assert list(body["errors"]) == ["body"]
    listed = tenant.client.post(URL, "just a string", format="json")
    assert listed.status_code == 400
    assert listed.json()["errors"] == {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}
    assert snapshot() == before


# --- Read ----------------------------------------------------------------------------------------


@pytest.fixture
def ideas(tenant: Tenant, stranger: Tenant) -> dict[str, Any]:
    second_sector = SectorFactory.create(site=tenant.site)
    other_site = SiteFactory.create(account=tenant.account)
    other_site_sector = SectorFactory.create(site=other_site)
    shoes = ClusterFactory.create(sector=tenant.sector, name="Shoes")
    boots = ClusterFactory.create(sector=tenant.sector, name="Boots")
    made = {
        "guide": ContentIdeaFactory.create(
            sector=tenant.sector,
            cluster=shoes,
            title="Trail shoe guide",
            primary_keyword="trail shoes",
            content_structure="guide",
            target_word_count=3000,
        ),
        "review": ContentIdeaFactory.create(
            sector=tenant.sector,
            cluster=shoes,
            title="Pegasus review",
            primary_keyword="nike pegasus",
            content_structure="review",
            status="queued",
        ),
        "care": ContentIdeaFactory.create(
            sector=tenant.sector,
            cluster=boots,
            title="Boot care",
            primary_keyword="clean boots",
            content_type="page",
            content_structure="how_to",
            target_word_count=800,
        ),
        "loose": ContentIdeaFactory.create(
            sector=tenant.sector,
            title="Shop page",
            primary_keyword="shoe shop",
            content_type="product",
            content_structure="product_page",
            status="archived",
        ),
        "second": ContentIdeaFactory.create(sector=second_sector, title="Sock guide", content_structure="guide"),
        "site2": ContentIdeaFactory.create(sector=other_site_sector, title="Other site idea"),
    }
    theirs_cluster = ClusterFactory.create(sector=stranger.sector)
    theirs = ContentIdeaFactory.create(sector=stranger.sector, cluster=theirs_cluster, title="Trail shoe guide")
    return {
        **made,
        "shoes": shoes,
        "boots_cluster": boots,
        "theirs": theirs,
        "theirs_cluster": theirs_cluster,
        "second_sector": second_sector,
        "other_site": other_site,
    }


def test_list_is_newest_first_and_shows_cluster_names(tenant: Tenant, ideas: dict[str, Any]):
    response = tenant.client.get(URL)

    assert response.status_code == 200
    body = without_request_id(response)
    assert (body["success"], body["count"], body["next"], body["previous"]) == (True, 6, None, None)
    order = ["site2", "second", "loose", "care", "review", "guide"]
    assert [r["id"] for r in body["results"]] == [ideas[name].pk for name in order]
    assert [r["cluster_name"] for r in body["results"]] == [None, None, None, "Boots", "Shoes", "Shoes"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "queued"}, ["review"]),
        ({"status": "new"}, ["site2", "second", "care", "guide"]),
        ({"cluster": "SHOES"}, ["review", "guide"]),
        ({"cluster": "none"}, ["site2", "second", "loose"]),
        ({"cluster": "THEIRS"}, []),
        ({"cluster": "abc"}, []),
        ({"cluster": "99999999999999999999999"}, []),
        ({"content_type": "page"}, ["care"]),
        ({"content_structure": "guide"}, ["second", "guide"]),
        ({"search": "shoe"}, ["loose", "guide"]),  # title and primary keyword
        ({"search": "pegasus"}, ["review"]),
        ({"ordering": "title"}, ["care", "site2", "review", "loose", "second", "guide"]),
        ({"ordering": "-target_word_count,title"}, ["guide", "site2", "review", "loose", "second", "care"]),
        ({"ordering": "status,title"}, ["loose", "care", "site2", "second", "guide", "review"]),
        ({"site_id": "OTHER_SITE"}, ["site2"]),
        ({"sector_id": "SECOND_SECTOR"}, ["second"]),
    ],
)
def test_filters_search_and_ordering(tenant: Tenant, ideas: dict[str, Any], params: dict, expected: list[str]):
    names = {
        "SHOES": ideas["shoes"].pk,
        "THEIRS": ideas["theirs_cluster"].pk,
        "OTHER_SITE": ideas["other_site"].pk,
        "SECOND_SECTOR": ideas["second_sector"].pk,
    }
    params = {key: names.get(value, value) for key, value in params.items()}

    assert ids(tenant.client.get(URL, params)) == [ideas[name].pk for name in expected]


def test_a_strangers_cluster_id_filters_like_a_missing_one(tenant: Tenant, ideas: dict[str, Any]):
    theirs = tenant.client.get(URL, {"cluster": ideas["theirs_cluster"].pk})
    missing = tenant.client.get(URL, {"cluster": ideas["theirs_cluster"].pk + 1000})

    assert without_request_id(theirs) == without_request_id(missing)
    assert theirs.json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"status": "done"}, "status", "Select a valid choice. done is not one of the available choices."),
        (
            {"content_type": "video"},
            "content_type",
            "Select a valid choice. video is not one of the available choices.",
        ),
        ({"sector_id": "two"}, "sector_id", "Must be a whole number."),
    ],
)
def test_bad_filter_values_are_400_naming_the_parameter(tenant: Tenant, params: dict, field: str, message: str):
    response = tenant.client.get(URL, params)

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}


def test_retrieve(tenant: Tenant):
    idea = ContentIdeaFactory.create(sector=tenant.sector, title="One idea", outline=OUTLINE)

    response = tenant.client.get(detail(idea.pk))

    assert response.status_code == 200
    body = without_request_id(response)
    data = body["data"]
    assert body == {
        "success": True,
        "message": "",
        "data": {
            "id": idea.pk,
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "cluster": None,
            "cluster_name": None,
            "title": "One idea",
            "description": "",
            "outline": OUTLINE,
            "primary_keyword": "",
            "secondary_keywords": [],
            "content_type": "post",
            "content_structure": "article",
            "target_word_count": 1500,
            "status": "new",
            "generated_by": "",
            "created_at": data["created_at"],
            "updated_at": data["updated_at"],
        },
    }


# --- Update --------------------------------------------------------------------------------------


def test_patch_replaces_the_outline_and_moves_between_clusters(tenant: Tenant):
    first = ClusterFactory.create(sector=tenant.sector)
    second = ClusterFactory.create(sector=tenant.sector, name="Second")
    idea = ContentIdeaFactory.create(sector=tenant.sector, cluster=first, outline=OUTLINE)
    new_outline = [{"heading": "Only section", "points": ["One", "Two"]}]

    response = tenant.client.patch(
        detail(idea.pk),
        {"outline": new_outline, "cluster": second.pk, "status": "completed", "target_word_count": 100},
        format="json",
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["outline"], data["cluster"], data["cluster_name"], data["status"], data["target_word_count"]) == (
        new_outline,
        second.pk,
        "Second",
        "completed",
        100,
    )
    idea.refresh_from_db()
    assert (idea.outline, idea.cluster_id, idea.status, idea.target_word_count) == (
        new_outline,
        second.pk,
        "completed",
        100,
    )

    cleared = tenant.client.patch(detail(idea.pk), {"cluster": None, "outline": []}, format="json")

    assert cleared.status_code == 200, cleared.json()
    idea.refresh_from_db()
    assert (idea.cluster_id, idea.outline) == (None, [])


def test_put_replaces_the_editable_fields(tenant: Tenant):
    idea = ContentIdeaFactory.create(sector=tenant.sector, title="Old", primary_keyword="old")

    response = tenant.client.put(
        detail(idea.pk),
        {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "New", "primary_keyword": "new"},
        format="json",
    )

    assert response.status_code == 200
    idea.refresh_from_db()
    assert (idea.title, idea.primary_keyword) == ("New", "new")


def test_patch_ignores_generated_by_and_refuses_to_move_an_idea(tenant: Tenant):
    idea = ContentIdeaFactory.create(sector=tenant.sector, generated_by="offline")
    other_sector = SectorFactory.create(site=tenant.site)
    before = snapshot()

    response = tenant.client.patch(detail(idea.pk), {"generated_by": "me"}, format="json")
    move = tenant.client.patch(detail(idea.pk), {"sector": other_sector.pk}, format="json")

    assert response.status_code == 200
    assert (response.json()["data"]["sector"], response.json()["data"]["generated_by"]) == (
        tenant.sector.pk,
        "offline",
    )
    assert move.status_code == 400
    assert move.json()["errors"] == {"sector": ["An idea cannot move to another sector."]}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"outline": [{"heading": ""}]}, {"outline.0.heading": ["This field may not be blank."]}),
        ({"outline": "x"}, {"outline.non_field_errors": ['Expected a list of items but got type "str".']}),
        ({"title": ""}, {"title": ["This field may not be blank."]}),
        ({"target_word_count": 50}, {"target_word_count": ["Ensure this value is greater than or equal to 100."]}),
        ({"content_structure": None}, {"content_structure": ["This field may not be null."]}),
        ({"secondary_keywords": [["nested"]]}, {"secondary_keywords.0": ["Not a valid string."]}),
    ],
)
def test_patch_rejects_bad_input_and_changes_nothing(tenant: Tenant, payload: dict, errors: dict):
    idea = ContentIdeaFactory.create(sector=tenant.sector, outline=OUTLINE)
    before = snapshot()

    response = tenant.client.patch(detail(idea.pk), payload, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert snapshot() == before


def test_patch_into_a_cluster_of_another_sector_is_400_and_changes_nothing(tenant: Tenant):
    idea = ContentIdeaFactory.create(sector=tenant.sector)
    foreign = ClusterFactory.create(sector=SectorFactory.create(site=tenant.site))
    before = snapshot()

    response = tenant.client.patch(detail(idea.pk), {"cluster": foreign.pk}, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "cluster: The cluster belongs to another site or sector.",
        "errors": {"cluster": ["The cluster belongs to another site or sector."]},
    }
    assert snapshot() == before


# --- Delete --------------------------------------------------------------------------------------


def test_delete_answers_the_envelope_and_keeps_the_cluster(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    idea = ContentIdeaFactory.create(sector=tenant.sector, cluster=cluster)

    response = tenant.client.delete(detail(idea.pk))

    assert response.status_code == 200
    assert without_request_id(response) == {"success": True, "data": None, "message": "Deleted."}
    assert not ContentIdeas.objects.exists()
    assert Clusters.objects.filter(pk=cluster.pk).exists()


# --- Roles ---------------------------------------------------------------------------------------


def test_viewer_reads_but_every_write_is_403_and_changes_nothing(tenant: Tenant):
    idea = ContentIdeaFactory.create(sector=tenant.sector, title="Readable")
    _, viewer = tenant.member(Role.VIEWER, sites=[tenant.site])
    before = snapshot()

    assert ids(viewer.get(URL)) == [idea.pk]
    assert viewer.get(detail(idea.pk)).json()["data"]["title"] == "Readable"

    site, sector = tenant.site.pk, tenant.sector.pk
    for response in (
        viewer.post(URL, {"site": site, "sector": sector, "title": "Mine"}, format="json"),
        viewer.patch(detail(idea.pk), {"title": "Mine"}, format="json"),
        viewer.put(detail(idea.pk), {"site": site, "sector": sector, "title": "Mine"}, format="json"),
        viewer.delete(detail(idea.pk)),
    ):
        assert response.status_code == 403
        assert without_request_id(response) == refused(Role.VIEWER)
    assert snapshot() == before


def test_editor_writes(tenant: Tenant):
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])

    created = editor.post(
        URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T", "outline": OUTLINE}, format="json"
    )
    assert created.status_code == 201
    pk = created.json()["data"]["id"]
    assert editor.patch(detail(pk), {"title": "T2"}, format="json").json()["data"]["title"] == "T2"
    assert editor.delete(detail(pk)).status_code == 200
    assert not ContentIdeas.objects.exists()


def test_unauthenticated_is_401(tenant: Tenant):
    idea = ContentIdeaFactory.create(sector=tenant.sector)
    anonymous = client_for(None)

    for response in (anonymous.get(URL), anonymous.get(detail(idea.pk)), anonymous.delete(detail(idea.pk))):
        assert response.status_code == 401
    assert ContentIdeas.objects.filter(pk=idea.pk).exists()


# --- Site grants ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_members_limited_by_site_access_see_only_granted_sites(tenant: Tenant, role: str):
    hidden_sector = SectorFactory.create(site=SiteFactory.create(account=tenant.account))
    visible = ContentIdeaFactory.create(sector=tenant.sector)
    hidden = ContentIdeaFactory.create(sector=hidden_sector)
    _, client = tenant.member(role, sites=[tenant.site])

    assert ids(client.get(URL)) == [visible.pk]
    assert ids(client.get(URL, {"site_id": hidden_sector.site_id})) == []
    response = client.get(detail(hidden.pk))
    assert response.status_code == 404
    assert without_request_id(response) == NOT_FOUND


def test_editor_cannot_touch_ideas_of_an_ungranted_site(tenant: Tenant):
    hidden_sector = SectorFactory.create(site=SiteFactory.create(account=tenant.account))
    hidden_cluster = ClusterFactory.create(sector=hidden_sector)
    hidden = ContentIdeaFactory.create(sector=hidden_sector)
    mine = ContentIdeaFactory.create(sector=tenant.sector)
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])
    before = snapshot()

    for response in (
        editor.patch(detail(hidden.pk), {"title": "Mine"}, format="json"),
        editor.put(
            detail(hidden.pk),
            {"site": hidden_sector.site_id, "sector": hidden_sector.pk, "title": "Mine"},
            format="json",
        ),
        editor.delete(detail(hidden.pk)),
    ):
        assert response.status_code == 404
        assert without_request_id(response) == NOT_FOUND
    created = editor.post(
        URL, {"site": hidden_sector.site_id, "sector": hidden_sector.pk, "title": "Sneaky"}, format="json"
    )
    assert created.status_code == 400
    assert created.json()["errors"] == {
        "site": [invalid_pk(hidden_sector.site_id)],
        "sector": [invalid_pk(hidden_sector.pk)],
    }
    relinked = editor.patch(detail(mine.pk), {"cluster": hidden_cluster.pk}, format="json")
    assert relinked.status_code == 400
    assert relinked.json()["errors"] == {"cluster": [invalid_pk(hidden_cluster.pk)]}
    assert snapshot() == before


# --- Cross-tenant --------------------------------------------------------------------------------


def test_a_strangers_idea_is_indistinguishable_from_a_missing_one(tenant: Tenant, stranger: Tenant):
    theirs = ContentIdeaFactory.create(sector=stranger.sector)

    for pk in (theirs.pk, missing_id()):
        assert_reads_and_writes_are_404(tenant, detail(pk), "title")


def test_a_strangers_ideas_never_appear_in_lists(tenant: Tenant, stranger: Tenant):
    mine = ContentIdeaFactory.create(sector=tenant.sector, title="Shared title")
    theirs = ContentIdeaFactory.create(sector=stranger.sector, title="Shared title")

    for client, own, other in ((tenant.client, mine, theirs), (stranger.client, theirs, mine)):
        assert ids(client.get(URL)) == [own.pk]
        assert ids(client.get(URL, {"search": "shared"})) == [own.pk]
        assert ids(client.get(URL, {"site_id": other.site_id})) == []
        assert ids(client.get(URL, {"sector_id": other.sector_id})) == []


def test_ideas_cannot_be_created_into_or_linked_to_a_strangers_data(tenant: Tenant, stranger: Tenant):
    theirs_cluster = ClusterFactory.create(sector=stranger.sector)
    mine = ContentIdeaFactory.create(sector=tenant.sector)
    before = snapshot()

    both = tenant.client.post(
        URL, {"site": stranger.site.pk, "sector": stranger.sector.pk, "title": "Planted"}, format="json"
    )
    their_cluster = tenant.client.post(
        URL,
        {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "Planted", "cluster": theirs_cluster.pk},
        format="json",
    )
    relinked = tenant.client.patch(detail(mine.pk), {"cluster": theirs_cluster.pk}, format="json")

    assert both.status_code == 400
    assert without_request_id(both) == {
        "success": False,
        "error": f"Invalid input. site: {invalid_pk(stranger.site.pk)}; sector: {invalid_pk(stranger.sector.pk)}",
        "errors": {"site": [invalid_pk(stranger.site.pk)], "sector": [invalid_pk(stranger.sector.pk)]},
    }
    for response in (their_cluster, relinked):
        assert response.status_code == 400
        assert without_request_id(response) == {
            "success": False,
            "error": f"Invalid input. cluster: {invalid_pk(theirs_cluster.pk)}",
            "errors": {"cluster": [invalid_pk(theirs_cluster.pk)]},
        }
    assert snapshot() == before


@pytest.mark.parametrize("pk", ["abc", "1.5", "99999999999999999999999"])
def test_nonsense_ids_are_404_not_500(tenant: Tenant, pk: str):
    ContentIdeaFactory.create(sector=tenant.sector)
    before = snapshot()

    for response in (
        tenant.client.get(detail(pk)),
        tenant.client.patch(detail(pk), {"title": "x"}, format="json"),
        tenant.client.delete(detail(pk)),
    ):
        assert response.status_code == 404
        assert without_request_id(response) == NOT_FOUND
    assert snapshot() == before
