"""Planner keywords API: CRUD, CSV import and export, filters, bulk actions, roles, site grants and
tenant isolation (a stranger's keyword is indistinguishable from a missing one)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from igny8_core.core.auth.models import Role
from igny8_core.domain.planning.models import Clusters, Keywords
from tests.conftest import Tenant, client_for
from tests.factories import ClusterFactory, KeywordFactory, SectorFactory, SiteFactory, UserFactory
from tests.modules.planner.helpers import (
    NOT_FOUND,
    assert_reads_and_writes_are_404,
    ids,
    refused,
    snapshot,
    without_request_id,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/planner/keywords/"


def detail(pk: object) -> str:
    return f"{URL}{pk}/"


def missing_id() -> int:
    return (Keywords.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def csv_file(content: bytes | str, name: str = "keywords.csv") -> SimpleUploadedFile:
    raw = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, raw, content_type="text/csv")


def export_text(response: Any) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def placement(*pks: int) -> list[tuple[Any, ...]]:
    """(cluster id, status) of each keyword, in the order given."""
    rows: dict[int, tuple[Any, ...]] = {
        pk: (cluster_id, status)
        for pk, cluster_id, status in Keywords.objects.filter(pk__in=pks).values_list("pk", "cluster_id", "status")
    }
    return [rows[pk] for pk in pks]


def stats(cluster: Clusters) -> tuple[Any, ...]:
    cluster.refresh_from_db()
    return (cluster.keywords_count, cluster.volume, cluster.avg_difficulty)


# --- Create --------------------------------------------------------------------------------------


def test_create_normalizes_classifies_and_answers_the_envelope(tenant: Tenant):
    response = tenant.client.post(
        URL,
        {
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "keyword": "  Buy   Running SHOES ",
            "search_volume": 1200,
            "difficulty": 45,
            "cpc": "0.45",
        },
        format="json",
    )

    assert response.status_code == 201
    body = without_request_id(response)
    assert (body["success"], body["message"]) == (True, "")
    data = body["data"]
    keyword = Keywords.objects.get(pk=data["id"])
    assert data == {
        "id": keyword.pk,
        "site": tenant.site.pk,
        "sector": tenant.sector.pk,
        "keyword": "Buy Running SHOES",
        "normalized": "buy running shoes",
        "search_volume": 1200,
        "difficulty": 45,
        "cpc": "0.45",
        "intent": "transactional",
        "intent_source": "classified",
        "status": "new",
        "cluster": None,
        "cluster_name": None,
        "source": "manual",
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }
    assert (keyword.account_id, keyword.site_id, keyword.sector_id) == (
        tenant.account.pk,
        tenant.site.pk,
        tenant.sector.pk,
    )
    assert keyword.cpc == Decimal("0.45")


def test_create_with_defaults_a_given_intent_and_read_only_fields_ignored(tenant: Tenant, stranger: Tenant):
    response = tenant.client.post(
        URL,
        {
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "keyword": "shoes",
            "intent": "navigational",
            "normalized": "hacked",
            "intent_source": "classified",
            "source": "sync",
            "account": stranger.account.pk,
            "id": 999999,
        },
        format="json",
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["normalized"], data["intent"], data["intent_source"], data["source"]) == (
        "shoes",
        "navigational",
        "given",
        "manual",
    )
    assert (data["search_volume"], data["difficulty"], data["cpc"], data["status"]) == (0, 0, "0.00", "new")
    keyword = Keywords.objects.get(pk=data["id"])
    assert keyword.account_id == tenant.account.pk
    assert not Keywords.objects.filter(pk=999999).exists()


def test_create_into_a_cluster_marks_it_clustered_and_updates_the_cluster(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector, name="Shoes")

    response = tenant.client.post(
        URL,
        {
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "keyword": "red shoes",
            "search_volume": 70,
            "difficulty": 20,
            "cluster": cluster.pk,
        },
        format="json",
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["cluster"], data["cluster_name"], data["status"]) == (cluster.pk, "Shoes", "clustered")
    assert stats(cluster) == (1, 70, Decimal("20.00"))


def test_duplicate_keyword_in_the_sector_is_a_conflict_and_creates_nothing(tenant: Tenant):
    KeywordFactory.create(sector=tenant.sector, keyword="running shoes")
    before = snapshot()

    response = tenant.client.post(
        URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "keyword": "RUNNING  shoes"}, format="json"
    )

    assert response.status_code == 409
    assert without_request_id(response) == {
        "success": False,
        "error": '"RUNNING  shoes" is already in this sector.',
        "errors": {"keyword": ["Already in this sector."]},
    }
    assert snapshot() == before


def test_the_same_keyword_in_another_sector_is_fine(tenant: Tenant):
    KeywordFactory.create(sector=tenant.sector, keyword="running shoes")
    other = SectorFactory.create(site=tenant.site)

    response = tenant.client.post(
        URL, {"site": tenant.site.pk, "sector": other.pk, "keyword": "running shoes"}, format="json"
    )

    assert response.status_code == 201
    assert Keywords.objects.filter(normalized="running shoes").count() == 2


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"keyword": None}, "keyword", "This field may not be null."),
        ({"keyword": ""}, "keyword", "This field may not be blank."),
        ({"keyword": "   "}, "keyword", "This field may not be blank."),
        ({"keyword": ["a"]}, "keyword", "Not a valid string."),
        ({"keyword": "x" * 501}, "keyword", "Ensure this field has no more than 500 characters."),
        ({"difficulty": 101}, "difficulty", "Ensure this value is less than or equal to 100."),
        ({"difficulty": -1}, "difficulty", "Ensure this value is greater than or equal to 0."),
        ({"difficulty": "hard"}, "difficulty", "A valid integer is required."),
        ({"search_volume": -5}, "search_volume", "Ensure this value is greater than or equal to 0."),
        ({"search_volume": "lots"}, "search_volume", "A valid integer is required."),
        ({"search_volume": 1.5}, "search_volume", "A valid integer is required."),
        ({"cpc": "-0.01"}, "cpc", "Ensure this value is greater than or equal to 0."),
        ({"cpc": "cheap"}, "cpc", "A valid number is required."),
        ({"cpc": "123456789.00"}, "cpc", "Ensure that there are no more than 10 digits in total."),
        ({"intent": "curious"}, "intent", '"curious" is not a valid choice.'),
        ({"status": "done"}, "status", '"done" is not a valid choice.'),
        ({"cluster": "abc"}, "cluster", "Incorrect type. Expected pk value, received str."),
        ({"site": "abc"}, "site", "Incorrect type. Expected pk value, received str."),
        ({"site": None}, "site", "This field may not be null."),
        ({"sector": {"id": 1}}, "sector", "Incorrect type. Expected pk value, received dict."),
    ],
)
def test_create_rejects_bad_input_naming_the_field(tenant: Tenant, payload: dict, field: str, message: str):
    before = snapshot()
    data = {"site": tenant.site.pk, "sector": tenant.sector.pk, "keyword": "shoes", **payload}

    response = tenant.client.post(URL, data, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f"Invalid input. {field}: {message}",
        "errors": {field: [message]},
    }
    assert snapshot() == before


@pytest.mark.parametrize("field", ["keyword", "site", "sector"])
def test_create_requires_keyword_site_and_sector(tenant: Tenant, field: str):
    data = {"site": tenant.site.pk, "sector": tenant.sector.pk, "keyword": "shoes"}
    del data[field]

    response = tenant.client.post(URL, data, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {field: ["This field is required."]}
    assert not Keywords.objects.exists()


def test_a_keyword_that_swells_past_500_characters_when_normalized_is_400(tenant: Tenant):
    response = tenant.client.post(
        URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "keyword": "ß" * 300}, format="json"
    )

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "keyword: The keyword is longer than 500 characters once normalized.",
        "errors": {"keyword": ["The keyword is longer than 500 characters once normalized."]},
    }
    assert not Keywords.objects.exists()


def test_create_with_a_sector_of_another_site_is_400(tenant: Tenant):
    other_site = SiteFactory.create(account=tenant.account)
    foreign_sector = SectorFactory.create(site=other_site)

    response = tenant.client.post(
        URL, {"site": tenant.site.pk, "sector": foreign_sector.pk, "keyword": "shoes"}, format="json"
    )

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "sector: This sector does not belong to the selected site.",
        "errors": {"sector": ["This sector does not belong to the selected site."]},
    }
    assert not Keywords.objects.exists()


def test_create_into_a_cluster_of_another_sector_is_400(tenant: Tenant):
    cluster = ClusterFactory.create(sector=SectorFactory.create(site=tenant.site))
    before = snapshot()

    response = tenant.client.post(
        URL,
        {"site": tenant.site.pk, "sector": tenant.sector.pk, "keyword": "shoes", "cluster": cluster.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"cluster": ["The cluster belongs to another site or sector."]}
    assert snapshot() == before


def test_malformed_json_and_non_object_bodies_are_400(tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector)
    before = snapshot()

    malformed = tenant.client.post(URL, data="{bad", content_type="application/json")
    patched = tenant.client.patch(detail(keyword.pk), data='{"keyword": ', content_type="application/json")
    listed = tenant.client.post(URL, [1, 2], format="json")

    for response in (malformed, patched):
        assert response.status_code == 400
        body = without_request_id(response)
        assert body["error"].startswith("Malformed request body: JSON parse error")
        assert list(body["errors"]) == ["body"]
    assert listed.status_code == 400
    assert listed.json()["errors"] == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}
    assert snapshot() == before


# --- Read ----------------------------------------------------------------------------------------


def test_list_is_paged_ordered_by_volume_and_shows_cluster_names(tenant: Tenant, stranger: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector, name="Shoes")
    low = KeywordFactory.create(sector=tenant.sector, keyword="low", search_volume=10)
    high = KeywordFactory.create(sector=tenant.sector, keyword="high", search_volume=900, cluster=cluster)
    tie_a = KeywordFactory.create(sector=tenant.sector, keyword="tie a", search_volume=50)
    tie_b = KeywordFactory.create(sector=tenant.sector, keyword="tie b", search_volume=50)
    KeywordFactory.create(sector=stranger.sector, keyword="theirs", search_volume=5000)

    response = tenant.client.get(URL)

    assert response.status_code == 200
    body = without_request_id(response)
    assert set(body) == {"success", "count", "next", "previous", "results"}
    assert (body["success"], body["count"], body["next"], body["previous"]) == (True, 4, None, None)
    assert [r["id"] for r in body["results"]] == [high.pk, tie_a.pk, tie_b.pk, low.pk]
    assert [(r["cluster"], r["cluster_name"]) for r in body["results"]] == [
        (cluster.pk, "Shoes"),
        (None, None),
        (None, None),
        (None, None),
    ]


def test_list_pages(tenant: Tenant):
    for i in range(5):
        KeywordFactory.create(sector=tenant.sector, search_volume=100 - i)

    body = tenant.client.get(URL, {"page_size": 2, "page": 2}).json()

    assert body["count"] == 5
    assert [r["search_volume"] for r in body["results"]] == [98, 97]
    assert body["next"].endswith("page=3&page_size=2")


def test_retrieve(tenant: Tenant):
    keyword = KeywordFactory.create(
        sector=tenant.sector, keyword="Best Shoes", search_volume=10, difficulty=3, cpc=Decimal("1.25")
    )

    response = tenant.client.get(detail(keyword.pk))

    assert response.status_code == 200
    body = without_request_id(response)
    data = body["data"]
    assert body == {
        "success": True,
        "message": "",
        "data": {
            "id": keyword.pk,
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "keyword": "Best Shoes",
            "normalized": "best shoes",
            "search_volume": 10,
            "difficulty": 3,
            "cpc": "1.25",
            "intent": "informational",
            "intent_source": "classified",
            "status": "new",
            "cluster": None,
            "cluster_name": None,
            "source": "manual",
            "created_at": data["created_at"],
            "updated_at": data["updated_at"],
        },
    }


# --- Filters -------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(tenant: Tenant, stranger: Tenant) -> dict[str, Any]:
    """Keywords across two sectors and two sites of one account, plus a stranger's look-alikes."""
    other_site = SiteFactory.create(account=tenant.account)
    other_site_sector = SectorFactory.create(site=other_site)
    second_sector = SectorFactory.create(site=tenant.site)
    shoes = ClusterFactory.create(sector=tenant.sector, name="Shoes")
    boots = ClusterFactory.create(sector=tenant.sector, name="Boots")
    k = {
        "buy": KeywordFactory.create(
            sector=tenant.sector,
            keyword="buy running shoes",
            search_volume=500,
            difficulty=60,
            cpc=Decimal("2.00"),
            intent="transactional",
            cluster=shoes,
        ),
        "best": KeywordFactory.create(
            sector=tenant.sector,
            keyword="best running shoes",
            search_volume=1500,
            difficulty=80,
            cpc=Decimal("1.00"),
            intent="commercial",
            cluster=shoes,
        ),
        "how": KeywordFactory.create(
            sector=tenant.sector,
            keyword="how to lace boots",
            search_volume=90,
            difficulty=10,
            cpc=Decimal("0.10"),
            intent="informational",
            cluster=boots,
        ),
        "old": KeywordFactory.create(
            sector=tenant.sector,
            keyword="old shoe trends",
            search_volume=20,
            difficulty=5,
            cpc=Decimal("0.05"),
            intent="informational",
            status="archived",
        ),
        "second": KeywordFactory.create(
            sector=second_sector,
            keyword="running socks",
            search_volume=300,
            difficulty=30,
            cpc=Decimal("0.30"),
            intent="informational",
        ),
        "site2": KeywordFactory.create(
            sector=other_site_sector,
            keyword="shoe login",
            search_volume=40,
            difficulty=40,
            cpc=Decimal("0.40"),
            intent="navigational",
        ),
    }
    theirs = KeywordFactory.create(
        sector=stranger.sector, keyword="buy running shoes", search_volume=700, difficulty=60, intent="transactional"
    )
    return {
        **k,
        "theirs": theirs,
        "shoes": shoes,
        "boots": boots,
        "other_site": other_site,
        "second_sector": second_sector,
        "other_site_sector": other_site_sector,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["best", "buy", "second", "how", "site2", "old"]),
        ({"status": "archived"}, ["old"]),
        ({"status": "clustered"}, ["best", "buy", "how"]),
        ({"status": "new"}, ["second", "site2"]),
        ({"intent": "informational"}, ["second", "how", "old"]),
        ({"intent": "navigational"}, ["site2"]),
        ({"cluster": "none"}, ["second", "site2", "old"]),
        ({"cluster": "null"}, ["second", "site2", "old"]),
        ({"cluster": "abc"}, []),
        ({"cluster": "99999999999999999999999"}, []),
        ({"volume_min": 300}, ["best", "buy", "second"]),
        ({"volume_max": 90}, ["how", "site2", "old"]),
        ({"volume_min": 40, "volume_max": 300}, ["second", "how", "site2"]),
        ({"difficulty_min": 60}, ["best", "buy"]),
        ({"difficulty_max": 10}, ["how", "old"]),
        ({"difficulty_min": 30, "difficulty_max": 40}, ["second", "site2"]),
        ({"search": "RUNNING"}, ["best", "buy", "second"]),
        ({"search": "shoe"}, ["best", "buy", "site2", "old"]),
        ({"search": "nothing like it"}, []),
        ({"source": "manual"}, ["best", "buy", "second", "how", "site2", "old"]),
        ({"source": "import"}, []),
        ({"ordering": "keyword"}, ["best", "buy", "how", "old", "second", "site2"]),
        ({"ordering": "-difficulty"}, ["best", "buy", "site2", "second", "how", "old"]),
        ({"ordering": "cpc"}, ["old", "how", "second", "site2", "best", "buy"]),
        ({"ordering": "search_volume"}, ["old", "site2", "how", "second", "buy", "best"]),
        ({"ordering": "intent,keyword"}, ["best", "how", "old", "second", "site2", "buy"]),
        ({"ordering": "not_a_field"}, ["best", "buy", "second", "how", "site2", "old"]),
        ({"intent": "informational", "search": "running"}, ["second"]),
        ({"status": "clustered", "volume_max": 500, "ordering": "keyword"}, ["buy", "how"]),
    ],
)
def test_filters_search_and_ordering(tenant: Tenant, catalogue: dict[str, Any], params: dict, expected: list[str]):
    response = tenant.client.get(URL, params)

    assert ids(response) == [catalogue[name].pk for name in expected]
    assert response.json()["count"] == len(expected)


def test_cluster_filter_by_id(tenant: Tenant, stranger: Tenant, catalogue: dict[str, Any]):
    theirs = ClusterFactory.create(sector=stranger.sector)
    KeywordFactory.create(sector=stranger.sector, cluster=theirs)

    assert ids(tenant.client.get(URL, {"cluster": catalogue["shoes"].pk})) == [
        catalogue["best"].pk,
        catalogue["buy"].pk,
    ]
    assert ids(tenant.client.get(URL, {"cluster": catalogue["boots"].pk})) == [catalogue["how"].pk]
    assert ids(tenant.client.get(URL, {"cluster": theirs.pk})) == []


def test_site_id_and_sector_id_filters(tenant: Tenant, stranger: Tenant, catalogue: dict[str, Any]):
    c = catalogue

    assert ids(tenant.client.get(URL, {"site_id": tenant.site.pk})) == [
        c["best"].pk,
        c["buy"].pk,
        c["second"].pk,
        c["how"].pk,
        c["old"].pk,
    ]
    assert ids(tenant.client.get(URL, {"site_id": c["other_site"].pk})) == [c["site2"].pk]
    assert ids(tenant.client.get(URL, {"sector_id": c["second_sector"].pk})) == [c["second"].pk]
    assert ids(tenant.client.get(URL, {"site_id": tenant.site.pk, "sector_id": tenant.sector.pk})) == [
        c["best"].pk,
        c["buy"].pk,
        c["how"].pk,
        c["old"].pk,
    ]
    assert ids(tenant.client.get(URL, {"site_id": tenant.site.pk, "sector_id": c["other_site_sector"].pk})) == []
    assert ids(tenant.client.get(URL, {"site_id": stranger.site.pk})) == []
    assert ids(tenant.client.get(URL, {"sector_id": stranger.sector.pk})) == []


@pytest.mark.parametrize(
    ("params", "field", "error", "message"),
    [
        ({"site_id": "abc"}, "site_id", "site_id must be a whole number.", "Must be a whole number."),
        ({"site_id": "0"}, "site_id", "site_id must be a positive id.", "Must be a positive id."),
        ({"sector_id": "-1"}, "sector_id", "sector_id must be a positive id.", "Must be a positive id."),
        (
            {"site_id": "99999999999999999999999"},
            "site_id",
            "site_id is too large to be an id.",
            "Too large to be an id.",
        ),
        ({"volume_min": "lots"}, "volume_min", "Invalid input. volume_min: Enter a number.", "Enter a number."),
        (
            {"difficulty_max": "x"},
            "difficulty_max",
            "Invalid input. difficulty_max: Enter a number.",
            "Enter a number.",
        ),
        (
            {"status": "done"},
            "status",
            "Invalid input. status: Select a valid choice. done is not one of the available choices.",
            "Select a valid choice. done is not one of the available choices.",
        ),
        (
            {"intent": "curious"},
            "intent",
            "Invalid input. intent: Select a valid choice. curious is not one of the available choices.",
            "Select a valid choice. curious is not one of the available choices.",
        ),
    ],
)
def test_bad_filter_values_are_400_naming_the_parameter(
    tenant: Tenant, params: dict, field: str, error: str, message: str
):
    for url in (URL, f"{URL}export/"):
        response = tenant.client.get(url, params)

        assert response.status_code == 400
        assert without_request_id(response) == {"success": False, "error": error, "errors": {field: [message]}}


def test_huge_volume_bounds_are_not_errors(tenant: Tenant, catalogue: dict[str, Any]):
    assert ids(tenant.client.get(URL, {"volume_min": "99999999999999999999999"})) == []
    assert len(ids(tenant.client.get(URL, {"volume_max": "99999999999999999999999"}))) == 6


# --- Update --------------------------------------------------------------------------------------


def test_patch_renames_and_renormalizes(tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector, keyword="old text", intent="informational")

    response = tenant.client.patch(detail(keyword.pk), {"keyword": "  Best  Trail Shoes "}, format="json")

    assert response.status_code == 200
    body = without_request_id(response)
    assert (body["success"], body["message"]) == (True, "")
    assert (body["data"]["keyword"], body["data"]["normalized"]) == ("Best Trail Shoes", "best trail shoes")
    keyword.refresh_from_db()
    assert (keyword.keyword, keyword.normalized) == ("Best Trail Shoes", "best trail shoes")
    assert (keyword.intent, keyword.intent_source) == ("informational", "classified")  # renaming keeps the intent


def test_patch_metrics_and_intent(tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector)

    response = tenant.client.patch(
        detail(keyword.pk),
        {"search_volume": 5000, "difficulty": 100, "cpc": "3.10", "intent": "commercial", "status": "archived"},
        format="json",
    )

    assert response.status_code == 200
    keyword.refresh_from_db()
    assert (keyword.search_volume, keyword.difficulty, keyword.cpc) == (5000, 100, Decimal("3.10"))
    assert (keyword.intent, keyword.intent_source, keyword.status) == ("commercial", "given", "archived")


def test_patch_metrics_of_a_clustered_keyword_refreshes_nothing_else_but_moving_does(tenant: Tenant):
    first = ClusterFactory.create(sector=tenant.sector, name="First")
    second = ClusterFactory.create(sector=tenant.sector, name="Second")
    keyword = KeywordFactory.create(sector=tenant.sector, cluster=first, search_volume=40, difficulty=40)

    response = tenant.client.patch(detail(keyword.pk), {"cluster": second.pk}, format="json")

    assert response.status_code == 200
    assert (response.json()["data"]["cluster"], response.json()["data"]["cluster_name"]) == (second.pk, "Second")
    assert response.json()["data"]["status"] == "clustered"
    assert stats(first) == (0, 0, Decimal("0.00"))
    assert stats(second) == (1, 40, Decimal("40.00"))

    response = tenant.client.patch(detail(keyword.pk), {"cluster": None}, format="json")

    assert response.status_code == 200
    assert (response.json()["data"]["cluster"], response.json()["data"]["status"]) == (None, "new")
    assert stats(second) == (0, 0, Decimal("0.00"))


def test_put_replaces_the_editable_fields(tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector, keyword="shoes", search_volume=5)

    response = tenant.client.put(
        detail(keyword.pk),
        {"site": tenant.site.pk, "sector": tenant.sector.pk, "keyword": "boots", "search_volume": 9, "difficulty": 9},
        format="json",
    )

    assert response.status_code == 200
    keyword.refresh_from_db()
    assert (keyword.keyword, keyword.normalized, keyword.search_volume, keyword.difficulty) == ("boots", "boots", 9, 9)


def test_rename_onto_another_keyword_is_a_conflict_and_changes_nothing(tenant: Tenant):
    KeywordFactory.create(sector=tenant.sector, keyword="taken")
    keyword = KeywordFactory.create(sector=tenant.sector, keyword="mine")
    before = snapshot()

    response = tenant.client.patch(detail(keyword.pk), {"keyword": "TAKEN"}, format="json")

    assert response.status_code == 409
    assert without_request_id(response) == {
        "success": False,
        "error": "Another keyword in this sector has the same text.",
        "errors": {"keyword": ["Already in this sector."]},
    }
    assert snapshot() == before


def test_a_keyword_cannot_move_to_another_site_or_sector(tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector)
    other_site = SiteFactory.create(account=tenant.account)
    other_site_sector = SectorFactory.create(site=other_site)
    second_sector = SectorFactory.create(site=tenant.site)
    before = snapshot()

    moved_site = tenant.client.patch(detail(keyword.pk), {"site": other_site.pk}, format="json")
    moved_sector = tenant.client.patch(detail(keyword.pk), {"sector": second_sector.pk}, format="json")
    put = tenant.client.put(
        detail(keyword.pk), {"site": other_site.pk, "sector": other_site_sector.pk, "keyword": "x"}, format="json"
    )

    assert moved_site.status_code == 400
    assert without_request_id(moved_site) == {
        "success": False,
        "error": "site: A keyword cannot move to another site.",
        "errors": {"site": ["A keyword cannot move to another site."]},
    }
    assert moved_sector.status_code == 400
    assert moved_sector.json()["errors"] == {"sector": ["A keyword cannot move to another sector."]}
    assert put.status_code == 400
    assert put.json()["errors"] == {"site": ["A keyword cannot move to another site."]}
    assert snapshot() == before


def test_patch_with_the_same_site_and_sector_is_fine(tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector)

    response = tenant.client.patch(
        detail(keyword.pk), {"site": tenant.site.pk, "sector": tenant.sector.pk, "difficulty": 7}, format="json"
    )

    assert response.status_code == 200
    assert Keywords.objects.get(pk=keyword.pk).difficulty == 7


def test_patch_into_a_cluster_of_another_sector_is_400_and_changes_nothing(tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector)
    cluster = ClusterFactory.create(sector=SectorFactory.create(site=tenant.site))
    before = snapshot()

    response = tenant.client.patch(detail(keyword.pk), {"cluster": cluster.pk}, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "cluster: The cluster belongs to another site or sector.",
        "errors": {"cluster": ["The cluster belongs to another site or sector."]},
    }
    assert snapshot() == before


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"keyword": ""}, "keyword", "This field may not be blank."),
        ({"keyword": None}, "keyword", "This field may not be null."),
        ({"difficulty": 101}, "difficulty", "Ensure this value is less than or equal to 100."),
        ({"search_volume": "many"}, "search_volume", "A valid integer is required."),
        ({"cpc": [1]}, "cpc", "A valid number is required."),
        ({"intent": "curious"}, "intent", '"curious" is not a valid choice.'),
        ({"cluster": 99999999}, "cluster", 'Invalid pk "99999999" - object does not exist.'),
        ({"cluster": True}, "cluster", "Incorrect type. Expected pk value, received bool."),
    ],
)
def test_patch_rejects_bad_input_and_changes_nothing(tenant: Tenant, payload: dict, field: str, message: str):
    keyword = KeywordFactory.create(sector=tenant.sector)
    before = snapshot()

    response = tenant.client.patch(detail(keyword.pk), payload, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f"Invalid input. {field}: {message}",
        "errors": {field: [message]},
    }
    assert snapshot() == before


# --- Delete --------------------------------------------------------------------------------------


def test_delete_answers_the_envelope_and_refreshes_its_cluster(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    keyword = KeywordFactory.create(sector=tenant.sector, cluster=cluster, search_volume=10)
    KeywordFactory.create(sector=tenant.sector, cluster=cluster, search_volume=5, difficulty=50)

    response = tenant.client.delete(detail(keyword.pk))

    assert response.status_code == 200
    assert without_request_id(response) == {"success": True, "data": None, "message": "Deleted."}
    assert not Keywords.objects.filter(pk=keyword.pk).exists()
    assert stats(cluster) == (1, 5, Decimal("50.00"))


# --- Import --------------------------------------------------------------------------------------


def test_import_reports_counts_rejected_rows_and_the_message(tenant: Tenant):
    KeywordFactory.create(sector=tenant.sector, keyword="existing shoes", search_volume=1)
    raw = (
        "\ufeffKeyword;Volume;KD;CPC\n"
        "café shoes;1.200;30;0,45\n"
        "existing shoes;40;10;0,50\n"
        ";5;5;0,1\n"
        "CAFÉ  shoes;1;1;1\n"
        "too hard;10;150;0\n"
    ).encode()

    response = tenant.client.post(
        f"{URL}import/",
        {"file": csv_file(raw), "site": tenant.site.pk, "sector": tenant.sector.pk},
        format="multipart",
    )

    assert response.status_code == 200
    assert without_request_id(response) == {
        "success": True,
        "message": "Imported 1 new and updated 1 keywords; 2 rows rejected, 1 duplicates skipped.",
        "data": {
            "total_rows": 5,
            "created": 1,
            "updated": 1,
            "unchanged": 0,
            "duplicates": 1,
            "rejected_count": 2,
            "rejected": [
                {"row": 4, "reason": "The keyword is empty.", "value": ""},
                {"row": 6, "reason": "Difficulty must be between 0 and 100.", "value": "too hard"},
            ],
            "columns": {"Keyword": "keyword", "Volume": "search_volume", "KD": "difficulty", "CPC": "cpc"},
        },
    }
    assert sorted(
        Keywords.objects.filter(sector=tenant.sector).values_list("normalized", "search_volume", "cpc", "source")
    ) == [("café shoes", 1200, Decimal("0.45"), "import"), ("existing shoes", 40, Decimal("0.50"), "manual")]


def test_editor_imports_into_a_granted_site(tenant: Tenant):
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])

    response = editor.post(
        f"{URL}import/",
        {"file": csv_file("Keyword\nshoes\nboots\n"), "site": tenant.site.pk, "sector": tenant.sector.pk},
        format="multipart",
    )

    assert response.status_code == 200
    assert response.json()["message"] == "Imported 2 new and updated 0 keywords; 0 rows rejected, 0 duplicates skipped."
    assert Keywords.objects.filter(sector=tenant.sector).count() == 2


@pytest.mark.parametrize(
    ("content", "error", "errors"),
    [
        (b"", "Invalid input. file: The submitted file is empty.", {"file": ["The submitted file is empty."]}),
        (b"\n\n", "The file is empty.", {"file": ["The file is empty."]}),
        (
            b"Volume,KD\n10,5\n",
            "No keyword column found in the header.",
            {"file": ["No keyword column (Keyword, Query, Search term…) in the header."]},
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(300),
            "This does not look like a CSV file (it contains binary data).",
            {"file": ["Binary data; upload a CSV export."]},
        ),
    ],
    ids=["zero-bytes", "blank", "no-keyword-column", "xlsx"],
)
def test_an_unreadable_file_is_400_and_writes_nothing(tenant: Tenant, content: bytes, error: str, errors: dict):
    KeywordFactory.create(sector=tenant.sector)
    before = snapshot()

    response = tenant.client.post(
        f"{URL}import/",
        {"file": csv_file(content), "site": tenant.site.pk, "sector": tenant.sector.pk},
        format="multipart",
    )

    assert response.status_code == 400
    assert without_request_id(response) == {"success": False, "error": error, "errors": errors}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"file": None}, "file", "No file was submitted."),
        (
            {"file": "not a file"},
            "file",
            "The submitted data was not a file. Check the encoding type on the form.",
        ),
        ({"site": None}, "site", "This field is required."),
        ({"sector": None}, "sector", "This field is required."),
        ({"site": "abc"}, "site", "Incorrect type. Expected pk value, received str."),
    ],
)
def test_import_rejects_missing_or_wrong_fields(tenant: Tenant, changes: dict, field: str, message: str):
    form: dict[str, Any] = {"file": csv_file("Keyword\nshoes\n"), "site": tenant.site.pk, "sector": tenant.sector.pk}
    for key, value in changes.items():
        if value is None:
            del form[key]
        else:
            form[key] = value

    response = tenant.client.post(f"{URL}import/", form, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert not Keywords.objects.exists()


def test_import_into_a_sector_of_another_site_is_400(tenant: Tenant):
    foreign_sector = SectorFactory.create(site=SiteFactory.create(account=tenant.account))

    response = tenant.client.post(
        f"{URL}import/",
        {"file": csv_file("Keyword\nshoes\n"), "site": tenant.site.pk, "sector": foreign_sector.pk},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"sector": ["This sector does not belong to the selected site."]}
    assert not Keywords.objects.exists()


def test_import_as_json_is_415_not_500(tenant: Tenant):
    response = tenant.client.post(
        f"{URL}import/", {"file": "Keyword\nshoes", "site": tenant.site.pk, "sector": tenant.sector.pk}, format="json"
    )

    assert response.status_code == 415
    assert without_request_id(response) == {
        "success": False,
        "error": 'Unsupported media type "application/json" in request.',
        "errors": {},
    }
    assert not Keywords.objects.exists()


def test_import_of_huge_metrics_rejects_the_rows_instead_of_failing(tenant: Tenant):
    response = tenant.client.post(
        f"{URL}import/",
        {
            "file": csv_file("Keyword,Volume,CPC\nok,10,1\nbig volume,99999999999,1\nbig cpc,1,99999999999\n"),
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
        },
        format="multipart",
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["created"], data["rejected_count"]) == (1, 2)
    assert data["rejected"] == [
        {"row": 3, "reason": "Search volume is too large.", "value": "big volume"},
        {"row": 4, "reason": "CPC is too large.", "value": "big cpc"},
    ]
    assert list(Keywords.objects.values_list("normalized", flat=True)) == ["ok"]


# --- Export --------------------------------------------------------------------------------------


def test_export_streams_csv_with_a_bom_and_every_column(tenant: Tenant, stranger: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector, name="Shoes, running")
    first = KeywordFactory.create(
        sector=tenant.sector,
        keyword="best shoes",
        search_volume=10,
        difficulty=5,
        cpc=Decimal("0.45"),
        intent="commercial",
        cluster=cluster,
    )
    second = KeywordFactory.create(sector=tenant.sector, keyword='the "café" guide', search_volume=900)
    KeywordFactory.create(sector=stranger.sector, keyword="their secret keyword")

    response = tenant.client.get(f"{URL}export/")

    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="keywords.csv"'
    text = export_text(response)
    assert text.startswith("\ufeff")
    assert text[1:].splitlines() == [
        "Keyword,Volume,KD,CPC,Intent,Status,Cluster,Site,Sector,Source",
        f'best shoes,10,5,0.45,commercial,clustered,"Shoes, running",{tenant.site.name},{tenant.sector.name},manual',
        f'"the ""café"" guide",900,10,0.50,informational,new,,{tenant.site.name},{tenant.sector.name},manual',
    ]
    assert first.pk < second.pk
    assert "their secret keyword" not in text


def test_export_applies_the_list_filters(tenant: Tenant, catalogue: dict[str, Any]):
    def exported(params: dict) -> list[str]:
        lines = export_text(tenant.client.get(f"{URL}export/", params))[1:].splitlines()
        assert lines[0].startswith("Keyword,")
        return sorted(line.split(",")[0] for line in lines[1:])

    assert exported({"intent": "informational"}) == ["how to lace boots", "old shoe trends", "running socks"]
    assert exported({"cluster": "none", "volume_min": 30}) == ["running socks", "shoe login"]
    assert exported({"cluster": catalogue["shoes"].pk}) == ["best running shoes", "buy running shoes"]
    assert exported({"search": "running", "difficulty_max": 60}) == ["buy running shoes", "running socks"]
    assert exported({"site_id": catalogue["other_site"].pk}) == ["shoe login"]
    assert exported({"sector_id": catalogue["second_sector"].pk}) == ["running socks"]
    assert exported({"status": "archived"}) == ["old shoe trends"]


def test_export_of_nothing_is_just_the_header(tenant: Tenant, stranger: Tenant):
    KeywordFactory.create(sector=stranger.sector)

    for params in ({}, {"site_id": stranger.site.pk}, {"sector_id": stranger.sector.pk}):
        text = export_text(tenant.client.get(f"{URL}export/", params))

        assert text == "\ufeffKeyword,Volume,KD,CPC,Intent,Status,Cluster,Site,Sector,Source\r\n"


# --- Bulk actions --------------------------------------------------------------------------------


def test_bulk_delete(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    a = KeywordFactory.create(sector=tenant.sector, cluster=cluster, search_volume=10)
    b = KeywordFactory.create(sector=tenant.sector, search_volume=20)
    c = KeywordFactory.create(sector=tenant.sector, cluster=cluster, search_volume=30, difficulty=30)

    response = tenant.client.post(f"{URL}bulk_delete/", {"ids": [a.pk, b.pk, missing_id()]}, format="json")

    assert response.status_code == 200
    assert without_request_id(response) == {
        "success": True,
        "data": {"deleted": 2, "not_found": 1},
        "message": "Deleted 2 keywords.",
    }
    assert list(Keywords.objects.values_list("pk", flat=True)) == [c.pk]
    assert stats(cluster) == (1, 30, Decimal("30.00"))


def test_bulk_update_status(tenant: Tenant):
    a = KeywordFactory.create(sector=tenant.sector)
    b = KeywordFactory.create(sector=tenant.sector)
    c = KeywordFactory.create(sector=tenant.sector)

    response = tenant.client.post(
        f"{URL}bulk_update_status/", {"ids": [a.pk, b.pk], "status": "archived"}, format="json"
    )

    assert response.status_code == 200
    assert without_request_id(response) == {
        "success": True,
        "data": {"updated": 2, "not_found": 0},
        "message": "Updated 2 keywords.",
    }
    assert dict(Keywords.objects.values_list("pk", "status")) == {a.pk: "archived", b.pk: "archived", c.pk: "new"}


def test_bulk_assign_cluster_and_unassign(tenant: Tenant):
    old = ClusterFactory.create(sector=tenant.sector)
    target = ClusterFactory.create(sector=tenant.sector)
    a = KeywordFactory.create(sector=tenant.sector, cluster=old, search_volume=10, difficulty=10)
    b = KeywordFactory.create(sector=tenant.sector, search_volume=30, difficulty=30)

    moved = tenant.client.post(f"{URL}bulk_assign_cluster/", {"ids": [a.pk, b.pk], "cluster": target.pk}, format="json")

    assert moved.status_code == 200
    assert without_request_id(moved) == {
        "success": True,
        "data": {"updated": 2, "not_found": 0},
        "message": "Moved 2 keywords.",
    }
    assert stats(target) == (2, 40, Decimal("20.00"))
    assert stats(old) == (0, 0, Decimal("0.00"))
    assert set(Keywords.objects.values_list("cluster_id", "status")) == {(target.pk, "clustered")}

    cleared = tenant.client.post(f"{URL}bulk_assign_cluster/", {"ids": [a.pk], "cluster": None}, format="json")

    assert cleared.status_code == 200
    assert cleared.json()["data"] == {"updated": 1, "not_found": 0}
    assert placement(a.pk) == [(None, "new")]
    assert stats(target) == (1, 30, Decimal("30.00"))


def test_bulk_assign_to_a_cluster_of_another_sector_is_400_and_changes_nothing(tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector)
    cluster = ClusterFactory.create(sector=SectorFactory.create(site=tenant.site))
    before = snapshot()

    response = tenant.client.post(
        f"{URL}bulk_assign_cluster/", {"ids": [keyword.pk], "cluster": cluster.pk}, format="json"
    )

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "ids: 1 keyword(s) are in another site or sector than the cluster.",
        "errors": {"ids": ["1 keyword(s) are in another site or sector."]},
    }
    assert snapshot() == before


@pytest.mark.parametrize(
    ("action", "payload", "field", "message"),
    [
        ("bulk_delete", {}, "ids", "This field is required."),
        ("bulk_delete", {"ids": []}, "ids", "This list may not be empty."),
        ("bulk_delete", {"ids": "1,2"}, "ids", 'Expected a list of items but got type "str".'),
        ("bulk_delete", {"ids": {"a": 1}}, "ids", 'Expected a list of items but got type "dict".'),
        ("bulk_delete", {"ids": ["x"]}, "ids.0", "A valid integer is required."),
        ("bulk_delete", {"ids": [1, 0]}, "ids.1", "Ensure this value is greater than or equal to 1."),
        (
            "bulk_delete",
            {"ids": [99999999999999999999999]},
            "ids.0",
            "Ensure this value is less than or equal to 9223372036854775807.",
        ),
        ("bulk_delete", {"ids": list(range(1, 10_002))}, "ids", "Ensure this field has no more than 10000 elements."),
        ("bulk_update_status", {"ids": [1]}, "status", "This field is required."),
        ("bulk_update_status", {"ids": [1], "status": "done"}, "status", '"done" is not a valid choice.'),
        ("bulk_update_status", {"ids": None, "status": "new"}, "ids", "This field may not be null."),
        ("bulk_assign_cluster", {"ids": [1]}, "cluster", "This field is required."),
        (
            "bulk_assign_cluster",
            {"ids": [1], "cluster": "x"},
            "cluster",
            "Incorrect type. Expected pk value, received str.",
        ),
        (
            "bulk_assign_cluster",
            {"ids": [1], "cluster": 99999999},
            "cluster",
            'Invalid pk "99999999" - object does not exist.',
        ),
    ],
)
def test_bulk_actions_reject_bad_input_naming_the_field(
    tenant: Tenant, action: str, payload: dict, field: str, message: str
):
    KeywordFactory.create(sector=tenant.sector)
    before = snapshot()

    response = tenant.client.post(f"{URL}{action}/", payload, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f"Invalid input. {field}: {message}",
        "errors": {field: [message]},
    }
    assert snapshot() == before


@pytest.mark.parametrize("action", ["bulk_delete", "bulk_update_status", "bulk_assign_cluster"])
def test_bulk_actions_with_malformed_json_are_400(tenant: Tenant, action: str):
    KeywordFactory.create(sector=tenant.sector)
    before = snapshot()

    response = tenant.client.post(f"{URL}{action}/", data="{ids: [1", content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["body"]
    assert snapshot() == before


def test_bulk_actions_honour_site_id_and_sector_id(tenant: Tenant):
    second_sector = SectorFactory.create(site=tenant.site)
    mine = KeywordFactory.create(sector=tenant.sector)
    elsewhere = KeywordFactory.create(sector=second_sector)

    response = tenant.client.post(
        f"{URL}bulk_delete/?sector_id={tenant.sector.pk}", {"ids": [mine.pk, elsewhere.pk]}, format="json"
    )

    assert response.json()["data"] == {"deleted": 1, "not_found": 1}
    assert list(Keywords.objects.values_list("pk", flat=True)) == [elsewhere.pk]


# --- Roles ---------------------------------------------------------------------------------------


def test_viewer_reads_but_every_write_is_403_and_changes_nothing(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    keyword = KeywordFactory.create(sector=tenant.sector, keyword="shoes", cluster=cluster)
    _, viewer = tenant.member(Role.VIEWER, sites=[tenant.site])
    before = snapshot()

    assert ids(viewer.get(URL)) == [keyword.pk]
    assert viewer.get(detail(keyword.pk)).json()["data"]["keyword"] == "shoes"
    assert "shoes" in export_text(viewer.get(f"{URL}export/"))

    site, sector = tenant.site.pk, tenant.sector.pk
    responses = [
        viewer.post(URL, {"site": site, "sector": sector, "keyword": "boots"}, format="json"),
        viewer.patch(detail(keyword.pk), {"keyword": "boots"}, format="json"),
        viewer.put(detail(keyword.pk), {"site": site, "sector": sector, "keyword": "boots"}, format="json"),
        viewer.delete(detail(keyword.pk)),
        viewer.post(
            f"{URL}import/",
            {"file": csv_file("Keyword\nboots\n"), "site": site, "sector": sector},
            format="multipart",
        ),
        viewer.post(f"{URL}bulk_delete/", {"ids": [keyword.pk]}, format="json"),
        viewer.post(f"{URL}bulk_update_status/", {"ids": [keyword.pk], "status": "archived"}, format="json"),
        viewer.post(f"{URL}bulk_assign_cluster/", {"ids": [keyword.pk], "cluster": None}, format="json"),
        viewer.post(f"{URL}auto_cluster/", {"ids": [keyword.pk]}, format="json"),
    ]

    for response in responses:
        assert response.status_code == 403
        assert without_request_id(response) == refused(Role.VIEWER)
    assert snapshot() == before


def test_editor_writes(tenant: Tenant):
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])

    created = editor.post(URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "keyword": "shoes"}, format="json")
    assert created.status_code == 201
    pk = created.json()["data"]["id"]
    assert editor.patch(detail(pk), {"difficulty": 12}, format="json").status_code == 200
    assert Keywords.objects.get(pk=pk).difficulty == 12
    assert editor.post(f"{URL}bulk_update_status/", {"ids": [pk], "status": "archived"}, format="json").json()[
        "data"
    ] == {"updated": 1, "not_found": 0}
    assert editor.delete(detail(pk)).status_code == 200
    assert not Keywords.objects.exists()


def test_unauthenticated_is_401_and_a_user_without_an_account_is_403(tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector)

    anonymous = client_for(None)
    for response in (anonymous.get(URL), anonymous.get(f"{URL}export/"), anonymous.delete(detail(keyword.pk))):
        assert response.status_code == 401
    homeless = client_for(UserFactory.create()).get(URL)
    assert homeless.status_code == 403
    assert homeless.json()["error"] == "Your user does not belong to any account."
    assert Keywords.objects.filter(pk=keyword.pk).exists()


# --- Site grants ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_members_limited_by_site_access_see_only_granted_sites(tenant: Tenant, role: str):
    hidden_site = SiteFactory.create(account=tenant.account)
    hidden_sector = SectorFactory.create(site=hidden_site)
    visible = KeywordFactory.create(sector=tenant.sector, keyword="visible")
    hidden = KeywordFactory.create(sector=hidden_sector, keyword="hidden")
    _, client = tenant.member(role, sites=[tenant.site])

    assert ids(client.get(URL)) == [visible.pk]
    assert ids(client.get(URL, {"site_id": hidden_site.pk})) == []
    assert client.get(detail(visible.pk)).status_code == 200
    refused_read = client.get(detail(hidden.pk))
    assert refused_read.status_code == 404
    assert without_request_id(refused_read) == NOT_FOUND
    text = export_text(client.get(f"{URL}export/"))
    assert "visible" in text
    assert "hidden" not in text


def test_editor_cannot_touch_keywords_of_an_ungranted_site(tenant: Tenant):
    hidden_sector = SectorFactory.create(site=SiteFactory.create(account=tenant.account))
    hidden_cluster = ClusterFactory.create(sector=hidden_sector)
    hidden = KeywordFactory.create(sector=hidden_sector, keyword="hidden")
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])
    before = snapshot()

    for response in (
        editor.patch(detail(hidden.pk), {"keyword": "mine"}, format="json"),
        editor.put(
            detail(hidden.pk),
            {"site": hidden_sector.site_id, "sector": hidden_sector.pk, "keyword": "mine"},
            format="json",
        ),
        editor.delete(detail(hidden.pk)),
    ):
        assert response.status_code == 404
        assert without_request_id(response) == NOT_FOUND
    assert editor.post(f"{URL}bulk_delete/", {"ids": [hidden.pk]}, format="json").json()["data"] == {
        "deleted": 0,
        "not_found": 1,
    }
    assert editor.post(f"{URL}bulk_update_status/", {"ids": [hidden.pk], "status": "archived"}, format="json").json()[
        "data"
    ] == {"updated": 0, "not_found": 1}
    assigned = editor.post(
        f"{URL}bulk_assign_cluster/", {"ids": [hidden.pk], "cluster": hidden_cluster.pk}, format="json"
    )
    assert assigned.status_code == 400
    assert assigned.json()["errors"] == {"cluster": [f'Invalid pk "{hidden_cluster.pk}" - object does not exist.']}
    created = editor.post(
        URL, {"site": hidden_sector.site_id, "sector": hidden_sector.pk, "keyword": "sneaky"}, format="json"
    )
    assert created.status_code == 400
    assert created.json()["errors"] == {
        "site": [f'Invalid pk "{hidden_sector.site_id}" - object does not exist.'],
        "sector": [f'Invalid pk "{hidden_sector.pk}" - object does not exist.'],
    }
    imported = editor.post(
        f"{URL}import/",
        {"file": csv_file("Keyword\nsneaky\n"), "site": hidden_sector.site_id, "sector": hidden_sector.pk},
        format="multipart",
    )
    assert imported.status_code == 400
    assert set(imported.json()["errors"]) == {"site", "sector"}
    assert snapshot() == before


# --- Cross-tenant --------------------------------------------------------------------------------


def test_a_strangers_keyword_is_indistinguishable_from_a_missing_one(tenant: Tenant, stranger: Tenant):
    theirs = KeywordFactory.create(sector=stranger.sector, keyword="their keyword")

    for pk in (theirs.pk, missing_id()):
        assert_reads_and_writes_are_404(tenant, detail(pk), "keyword")


def test_a_strangers_keywords_never_appear_in_lists_or_exports(tenant: Tenant, stranger: Tenant):
    mine = KeywordFactory.create(sector=tenant.sector, keyword="shared words")
    theirs = KeywordFactory.create(sector=stranger.sector, keyword="shared words")

    for client, own, other in ((tenant.client, mine, theirs), (stranger.client, theirs, mine)):
        assert ids(client.get(URL)) == [own.pk]
        assert ids(client.get(URL, {"search": "shared"})) == [own.pk]
        assert ids(client.get(URL, {"site_id": other.site_id})) == []
        assert ids(client.get(URL, {"sector_id": other.sector_id})) == []
        assert len(export_text(client.get(f"{URL}export/")).splitlines()) == 2


def test_bulk_actions_cannot_target_a_strangers_keywords(tenant: Tenant, stranger: Tenant):
    theirs_cluster = ClusterFactory.create(sector=stranger.sector)
    theirs = KeywordFactory.create(sector=stranger.sector, cluster=theirs_cluster)
    mine = KeywordFactory.create(sector=tenant.sector)
    my_cluster = ClusterFactory.create(sector=tenant.sector)
    before = snapshot()

    deleted = tenant.client.post(f"{URL}bulk_delete/", {"ids": [theirs.pk]}, format="json")
    status = tenant.client.post(f"{URL}bulk_update_status/", {"ids": [theirs.pk], "status": "archived"}, format="json")
    unassigned = tenant.client.post(f"{URL}bulk_assign_cluster/", {"ids": [theirs.pk], "cluster": None}, format="json")
    assigned_mine = tenant.client.post(
        f"{URL}bulk_assign_cluster/", {"ids": [theirs.pk], "cluster": my_cluster.pk}, format="json"
    )

    assert deleted.json()["data"] == {"deleted": 0, "not_found": 1}
    assert status.json()["data"] == {"updated": 0, "not_found": 1}
    assert unassigned.json()["data"] == {"updated": 0, "not_found": 1}
    assert assigned_mine.json()["data"] == {"updated": 0, "not_found": 1}
    after = snapshot()
    # my cluster's stats were recomputed to the same values; nothing of the stranger's changed.
    assert after == before

    into_theirs = tenant.client.post(
        f"{URL}bulk_assign_cluster/", {"ids": [mine.pk], "cluster": theirs_cluster.pk}, format="json"
    )
    assert into_theirs.status_code == 400
    assert into_theirs.json()["errors"] == {"cluster": [f'Invalid pk "{theirs_cluster.pk}" - object does not exist.']}
    assert snapshot() == before


def test_keywords_cannot_be_created_or_imported_into_a_strangers_site(tenant: Tenant, stranger: Tenant):
    theirs_cluster = ClusterFactory.create(sector=stranger.sector)
    mine = KeywordFactory.create(sector=tenant.sector)
    before = snapshot()
    site_error = f'Invalid pk "{stranger.site.pk}" - object does not exist.'
    sector_error = f'Invalid pk "{stranger.sector.pk}" - object does not exist.'

    both = tenant.client.post(
        URL, {"site": stranger.site.pk, "sector": stranger.sector.pk, "keyword": "planted"}, format="json"
    )
    their_sector = tenant.client.post(
        URL, {"site": tenant.site.pk, "sector": stranger.sector.pk, "keyword": "planted"}, format="json"
    )
    their_cluster = tenant.client.post(
        URL,
        {"site": tenant.site.pk, "sector": tenant.sector.pk, "keyword": "planted", "cluster": theirs_cluster.pk},
        format="json",
    )
    patched = tenant.client.patch(detail(mine.pk), {"cluster": theirs_cluster.pk}, format="json")
    imported = tenant.client.post(
        f"{URL}import/",
        {"file": csv_file("Keyword\nplanted\n"), "site": stranger.site.pk, "sector": stranger.sector.pk},
        format="multipart",
    )

    assert both.status_code == 400
    assert both.json()["errors"] == {"site": [site_error], "sector": [sector_error]}
    assert their_sector.status_code == 400
    assert their_sector.json()["errors"] == {"sector": [sector_error]}
    cluster_error = {"cluster": [f'Invalid pk "{theirs_cluster.pk}" - object does not exist.']}
    assert (their_cluster.status_code, their_cluster.json()["errors"]) == (400, cluster_error)
    assert (patched.status_code, patched.json()["errors"]) == (400, cluster_error)
    assert imported.status_code == 400
    assert imported.json()["errors"] == {"site": [site_error], "sector": [sector_error]}
    assert snapshot() == before


def test_x_account_id_switches_to_the_chosen_membership(tenant: Tenant, stranger: Tenant):
    from igny8_core.core.auth.models import AccountMembership

    mine = KeywordFactory.create(sector=tenant.sector)
    theirs = KeywordFactory.create(sector=stranger.sector)
    AccountMembership.objects.create(account=stranger.account, user=tenant.owner, role=Role.ADMIN)
    as_member = client_for(tenant.owner, account=stranger.account)

    assert ids(as_member.get(URL)) == [theirs.pk]
    assert as_member.get(detail(mine.pk)).status_code == 404
    assert as_member.post(f"{URL}bulk_delete/", {"ids": [mine.pk]}, format="json").json()["data"] == {
        "deleted": 0,
        "not_found": 1,
    }
    assert Keywords.objects.filter(pk=mine.pk).exists()


@pytest.mark.parametrize("pk", ["abc", "1.5", "99999999999999999999999"])
def test_nonsense_ids_are_404_not_500(tenant: Tenant, pk: str):
    KeywordFactory.create(sector=tenant.sector)
    before = snapshot()

    for response in (
        tenant.client.get(detail(pk)),
        tenant.client.patch(detail(pk), {"keyword": "x"}, format="json"),
        tenant.client.delete(detail(pk)),
    ):
        assert response.status_code == 404
        assert without_request_id(response) == NOT_FOUND
    assert snapshot() == before
