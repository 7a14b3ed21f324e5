"""Planner services: keyword import (partial writes, exact counts, no duplicates, 100k rows), cluster
statistics, merge and delete, and bulk keyword actions limited to the caller's scope."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Role, Sector, User
from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.domain.planning.models import Clusters, ContentIdeas, Keywords
from igny8_core.domain.planning.selectors import keyword_scoped
from igny8_core.domain.planning.services import (
    REPORT_REJECTED_LIMIT,
    cluster_delete,
    cluster_merge,
    cluster_refresh_stats,
    keyword_bulk_assign_cluster,
    keyword_bulk_delete,
    keyword_bulk_set_status,
    keyword_create,
    keyword_import,
    keyword_update,
)
from igny8_core.shared.exceptions import ConflictError, ValidationFailed
from tests.conftest import Tenant
from tests.factories import ClusterFactory, ContentIdeaFactory, KeywordFactory, SectorFactory, SiteFactory

pytestmark = pytest.mark.django_db


def ctx(user: User) -> TenantContext:
    context = tenant_context_resolve(user=user)
    assert context is not None
    return context


def run_import(tenant: Tenant, raw: bytes, sector: Sector | None = None) -> dict[str, Any]:
    return keyword_import(tenant=ctx(tenant.owner), site=tenant.site, sector=sector or tenant.sector, raw=raw)


def keywords(sector: Sector) -> list[tuple[Any, ...]]:
    return list(
        Keywords.objects.filter(sector=sector)
        .order_by("normalized")
        .values_list("keyword", "normalized", "search_volume", "difficulty", "cpc", "intent", "intent_source", "source")
    )


def placement(*pks: int) -> list[tuple[Any, ...]]:
    """(cluster id, status) of each keyword, in the order given."""
    rows: dict[int, tuple[Any, ...]] = {
        pk: (cluster_id, status)
        for pk, cluster_id, status in Keywords.objects.filter(pk__in=pks).values_list("pk", "cluster_id", "status")
    }
    return [rows[pk] for pk in pks]


def stats(cluster: Clusters) -> tuple[Any, ...]:
    cluster.refresh_from_db()
    return (cluster.keywords_count, cluster.volume, cluster.avg_difficulty, cluster.intent)


def table_snapshot() -> dict[str, list[Any]]:
    return {
        "keywords": list(Keywords.objects.order_by("pk").values()),
        "clusters": list(Clusters.objects.order_by("pk").values()),
        "ideas": list(ContentIdeas.objects.order_by("pk").values()),
    }


# --- keyword_import ------------------------------------------------------------------------------


def test_import_writes_good_rows_and_reports_bad_ones(tenant: Tenant):
    raw = (
        b"Keyword,Volume,KD,CPC,Intent\n"
        b'Buy Running  Shoes,"1,200",45,$0.45,\n'
        b",10,5,0.5,\n"
        b"running shoes guide,880,30,0.20,Commercial\n"
        b"bad kd,10,101,0.1,\n"
        b"bad volume,lots,1,0.1,\n"
    )

    report = run_import(tenant, raw)

    assert report == {
        "total_rows": 5,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 0,
        "rejected_count": 3,
        "rejected": [
            {"row": 3, "reason": "The keyword is empty.", "value": ""},
            {"row": 5, "reason": "Difficulty must be between 0 and 100.", "value": "bad kd"},
            {"row": 6, "reason": "Not a number: 'lots'.", "value": "bad volume"},
        ],
        "columns": {
            "Keyword": "keyword",
            "Volume": "search_volume",
            "KD": "difficulty",
            "CPC": "cpc",
            "Intent": "intent",
        },
    }
    assert keywords(tenant.sector) == [
        ("Buy Running Shoes", "buy running shoes", 1200, 45, Decimal("0.45"), "transactional", "classified", "import"),
        ("running shoes guide", "running shoes guide", 880, 30, Decimal("0.20"), "commercial", "given", "import"),
    ]
    created = Keywords.objects.get(normalized="buy running shoes")
    assert (created.account_id, created.site_id, created.sector_id) == (
        tenant.account.pk,
        tenant.site.pk,
        tenant.sector.pk,
    )
    assert (created.status, created.cluster_id) == ("new", None)


def test_import_counts_created_updated_unchanged_and_duplicates_exactly(tenant: Tenant):
    KeywordFactory.create(sector=tenant.sector, keyword="same shoes", search_volume=10, difficulty=5, cpc="0.50")
    KeywordFactory.create(sector=tenant.sector, keyword="changed shoes", search_volume=10, difficulty=5, cpc="0.50")
    KeywordFactory.create(sector=tenant.sector, keyword="untouched shoes", search_volume=7, difficulty=7, cpc="0.70")
    raw = (
        b"Keyword,Volume,KD,CPC\n"
        b"same shoes,10,5,0.50\n"  # unchanged
        b"Changed Shoes,20,5,0.50\n"  # updated (matched case-insensitively)
        b"new shoes,1,1,0.01\n"  # created
        b"NEW  shoes,2,2,0.02\n"  # duplicate of the row above: skipped, first one wins
        b"same shoes,99,99,9.99\n"  # duplicate of an existing keyword already seen in this file
        b"other new,3,3,0.03\n"  # created
    )

    report = run_import(tenant, raw)

    assert {
        k: report[k] for k in ("total_rows", "created", "updated", "unchanged", "duplicates", "rejected_count")
    } == {
        "total_rows": 6,
        "created": 2,
        "updated": 1,
        "unchanged": 1,
        "duplicates": 2,
        "rejected_count": 0,
    }
    assert [(k[1], k[2], k[3], k[4]) for k in keywords(tenant.sector)] == [
        ("changed shoes", 20, 5, Decimal("0.50")),
        ("new shoes", 1, 1, Decimal("0.01")),
        ("other new", 3, 3, Decimal("0.03")),
        ("same shoes", 10, 5, Decimal("0.50")),
        ("untouched shoes", 7, 7, Decimal("0.70")),
    ]
    changed = Keywords.objects.get(normalized="changed shoes")
    assert changed.keyword == "changed shoes"  # the stored spelling is kept; only metrics change
    assert changed.source == "manual"


def test_import_only_overwrites_the_metrics_the_file_has(tenant: Tenant):
    KeywordFactory.create(sector=tenant.sector, keyword="shoes", search_volume=10, difficulty=50, cpc="1.50")

    report = run_import(tenant, b"Keyword,Volume\nshoes,900\n")

    assert (report["updated"], report["unchanged"]) == (1, 0)
    assert keywords(tenant.sector) == [
        ("shoes", "shoes", 900, 50, Decimal("1.50"), "informational", "classified", "manual")
    ]


def test_import_blank_metric_cells_keep_existing_values(tenant: Tenant):
    KeywordFactory.create(sector=tenant.sector, keyword="shoes", search_volume=10, difficulty=50, cpc="1.50")

    report = run_import(tenant, b"Keyword,Volume,KD,CPC\nshoes,,n/a,-\n")

    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 1)
    assert keywords(tenant.sector)[0][2:5] == (10, 50, Decimal("1.50"))


def test_import_given_intent_replaces_a_classified_one(tenant: Tenant):
    KeywordFactory.create(sector=tenant.sector, keyword="shoes", intent="informational", intent_source="classified")
    KeywordFactory.create(sector=tenant.sector, keyword="boots", intent="commercial", intent_source="given")

    report = run_import(tenant, b"Keyword,Volume,Intent\nshoes,100,Informational\nboots,100,Commercial\n")

    assert (report["updated"], report["unchanged"]) == (1, 1)
    assert [(k[1], k[5], k[6]) for k in keywords(tenant.sector)] == [
        ("boots", "commercial", "given"),
        ("shoes", "informational", "given"),
    ]


def test_import_updates_clustered_keywords_and_refreshes_their_cluster_stats(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    other = ClusterFactory.create(sector=tenant.sector)
    KeywordFactory.create(sector=tenant.sector, keyword="a", cluster=cluster, search_volume=100, difficulty=10)
    KeywordFactory.create(sector=tenant.sector, keyword="b", cluster=cluster, search_volume=100, difficulty=20)
    KeywordFactory.create(sector=tenant.sector, keyword="c", cluster=other, search_volume=5, difficulty=5)
    cluster_refresh_stats(cluster_ids=[cluster.pk, other.pk])
    assert stats(cluster) == (2, 200, Decimal("15.00"), "informational")
    other_before = stats(other)

    report = run_import(tenant, b"Keyword,Volume,KD,Intent\na,1000,40,Commercial\n")

    assert (report["updated"], report["created"]) == (1, 0)
    assert stats(cluster) == (2, 1100, Decimal("30.00"), "commercial")
    assert stats(other) == other_before
    kept = Keywords.objects.get(normalized="a")
    assert (kept.cluster_id, kept.status) == (cluster.pk, "clustered")  # import never moves a keyword


def test_import_never_creates_duplicates(tenant: Tenant):
    raw = b"Keyword,Volume\nshoes,10\nboots,20\n"

    first = run_import(tenant, raw)
    second = run_import(tenant, raw)
    third = run_import(tenant, b"Keyword,Volume\nSHOES,10\n  boots ,30\n")

    assert (first["created"], first["updated"], first["unchanged"]) == (2, 0, 0)
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 2)
    assert (third["created"], third["updated"], third["unchanged"]) == (0, 1, 1)
    assert Keywords.objects.filter(sector=tenant.sector).count() == 2
    assert sorted(Keywords.objects.values_list("normalized", "search_volume")) == [("boots", 30), ("shoes", 10)]


def test_the_same_keyword_in_another_sector_or_account_is_a_different_keyword(tenant: Tenant, stranger: Tenant):
    other_sector = SectorFactory.create(site=tenant.site)
    KeywordFactory.create(sector=other_sector, keyword="shoes", search_volume=1)
    KeywordFactory.create(sector=stranger.sector, keyword="shoes", search_volume=2)

    report = run_import(tenant, b"Keyword,Volume\nshoes,10\n")

    assert (report["created"], report["updated"]) == (1, 0)
    assert sorted(Keywords.objects.filter(normalized="shoes").values_list("sector_id", "search_volume")) == sorted(
        [(other_sector.pk, 1), (stranger.sector.pk, 2), (tenant.sector.pk, 10)]
    )


@pytest.mark.parametrize(
    "raw",
    [b"", b"Volume,KD\n10,5\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(600)],
    ids=["empty", "no-keyword-column", "binary"],
)
def test_a_refused_file_writes_nothing(tenant: Tenant, raw: bytes):
    cluster = ClusterFactory.create(sector=tenant.sector)
    KeywordFactory.create(sector=tenant.sector, keyword="shoes", cluster=cluster)
    before = table_snapshot()

    with pytest.raises(ValidationFailed):
        run_import(tenant, raw)

    assert table_snapshot() == before


def test_import_into_a_sector_of_another_site_is_refused(tenant: Tenant):
    other_site = SiteFactory.create(account=tenant.account)
    foreign_sector = SectorFactory.create(site=other_site)

    with pytest.raises(ValidationFailed) as exc:
        run_import(tenant, b"Keyword\nshoes\n", sector=foreign_sector)

    assert exc.value.message == "sector: This sector does not belong to the selected site."
    assert exc.value.errors == {"sector": ["This sector does not belong to the selected site."]}
    assert not Keywords.objects.exists()


def test_a_file_with_only_bad_rows_writes_nothing_and_reports_them(tenant: Tenant):
    report = run_import(tenant, b"Keyword,KD\n,1\nx,500\n")

    assert report["created"] == 0
    assert report["rejected_count"] == 2
    assert not Keywords.objects.exists()


def test_the_report_lists_at_most_the_first_rejected_rows(tenant: Tenant):
    raw = b"Keyword,KD\n" + b"bad,101\n" * (REPORT_REJECTED_LIMIT + 5) + b"good,1\n"

    report = run_import(tenant, raw)

    assert report["rejected_count"] == REPORT_REJECTED_LIMIT + 5
    assert len(report["rejected"]) == REPORT_REJECTED_LIMIT
    assert report["rejected"][0] == {"row": 2, "reason": "Difficulty must be between 0 and 100.", "value": "bad"}
    assert report["rejected"][-1]["row"] == REPORT_REJECTED_LIMIT + 1
    assert report["created"] == 1


def test_import_of_100000_rows(tenant: Tenant):
    """Benchmark-sized import: exact counts asserted, time only printed (the 30 s target is a benchmark)."""
    existing = [
        Keywords(
            account=tenant.account,
            site=tenant.site,
            sector=tenant.sector,
            keyword=f"kw {i}",
            normalized=f"kw {i}",
            search_volume=i + 1 if i < 500 else 0,  # the first 500 match the file, the next 500 differ
            difficulty=i % 100,
            cpc=Decimal("0.50"),
        )
        for i in range(1000)
    ]
    Keywords.objects.bulk_create(existing)
    lines = ["Keyword,Volume,KD,CPC"]
    lines += [f"kw {i},{i + 1},{i % 100},0.50" for i in range(99_990)]
    lines += [f"KW {i},1,1,0.50" for i in range(5)]  # duplicates of rows above
    lines += [",1,1,0.50"] * 3 + ["bad kd a,1,101,0.50", "bad kd b,1,101,0.50"]
    raw = ("\n".join(lines) + "\n").encode()
    assert len(lines) == 100_001

    started = time.perf_counter()
    report = run_import(tenant, raw)
    elapsed = time.perf_counter() - started
    print(f"\n100,000-row keyword import: {elapsed:.2f} s")

    assert {
        k: report[k] for k in ("total_rows", "created", "updated", "unchanged", "duplicates", "rejected_count")
    } == {
        "total_rows": 100_000,
        "created": 98_990,
        "updated": 500,
        "unchanged": 500,
        "duplicates": 5,
        "rejected_count": 5,
    }
    assert Keywords.objects.filter(sector=tenant.sector).count() == 99_990
    assert Keywords.objects.filter(sector=tenant.sector, source="import").count() == 98_990
    assert Keywords.objects.get(normalized="kw 99989").search_volume == 99_990
    assert Keywords.objects.get(normalized="kw 700").search_volume == 701


# --- keyword_create / keyword_update -------------------------------------------------------------


def test_keyword_create_into_a_cluster_marks_it_clustered_and_refreshes_stats(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)

    keyword = keyword_create(
        tenant=ctx(tenant.owner),
        data={
            "site": tenant.site,
            "sector": tenant.sector,
            "keyword": "best  Shoes",
            "search_volume": 300,
            "difficulty": 40,
            "cluster": cluster,
        },
    )

    assert (keyword.keyword, keyword.normalized, keyword.status, keyword.cluster_id) == (
        "best Shoes",
        "best shoes",
        "clustered",
        cluster.pk,
    )
    assert (keyword.intent, keyword.intent_source) == ("commercial", "classified")
    assert stats(cluster) == (1, 300, Decimal("40.00"), "commercial")


def test_keyword_create_refuses_a_cluster_of_another_sector_and_duplicates(tenant: Tenant):
    other = ClusterFactory.create(sector=SectorFactory.create(site=tenant.site))
    KeywordFactory.create(sector=tenant.sector, keyword="shoes")
    base = {"site": tenant.site, "sector": tenant.sector}

    with pytest.raises(ValidationFailed) as wrong_cluster:
        keyword_create(tenant=ctx(tenant.owner), data={**base, "keyword": "boots", "cluster": other})
    with pytest.raises(ConflictError) as duplicate:
        keyword_create(tenant=ctx(tenant.owner), data={**base, "keyword": " SHOES "})
    with pytest.raises(ValidationFailed) as too_long:
        keyword_create(tenant=ctx(tenant.owner), data={**base, "keyword": "ß" * 300})

    assert wrong_cluster.value.errors == {"cluster": ["The cluster belongs to another site or sector."]}
    assert duplicate.value.errors == {"keyword": ["Already in this sector."]}
    assert too_long.value.errors == {"keyword": ["The keyword is longer than 500 characters once normalized."]}
    assert list(Keywords.objects.values_list("normalized", flat=True)) == ["shoes"]
    assert stats(other) == (0, 0, Decimal("0.00"), "informational")


def test_keyword_update_moving_between_clusters_refreshes_both(tenant: Tenant):
    first = ClusterFactory.create(sector=tenant.sector)
    second = ClusterFactory.create(sector=tenant.sector)
    keyword = KeywordFactory.create(sector=tenant.sector, cluster=first, search_volume=50, status="clustered")
    KeywordFactory.create(sector=tenant.sector, cluster=first, search_volume=10, difficulty=30)
    cluster_refresh_stats(cluster_ids=[first.pk])

    keyword_update(tenant=ctx(tenant.owner), keyword=keyword, data={"cluster": second})

    assert stats(first) == (1, 10, Decimal("30.00"), "informational")
    assert stats(second) == (1, 50, Decimal("10.00"), "informational")
    keyword.refresh_from_db()
    assert (keyword.cluster_id, keyword.status) == (second.pk, "clustered")

    keyword_update(tenant=ctx(tenant.owner), keyword=keyword, data={"cluster": None})

    assert stats(second) == (0, 0, Decimal("0.00"), "informational")
    keyword.refresh_from_db()
    assert (keyword.cluster_id, keyword.status) == (None, "new")


# --- cluster_refresh_stats -----------------------------------------------------------------------


def test_cluster_stats_count_volume_average_difficulty_and_volume_weighted_intent(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector, intent="navigational")
    for volume, difficulty, intent in [
        (100, 10, "informational"),
        (50, 20, "informational"),
        (200, 25, "commercial"),
        (0, 0, "transactional"),
    ]:
        KeywordFactory.create(
            sector=tenant.sector, cluster=cluster, search_volume=volume, difficulty=difficulty, intent=intent
        )
    KeywordFactory.create(sector=tenant.sector, search_volume=10_000, intent="navigational")  # not in the cluster

    cluster_refresh_stats(cluster_ids=[cluster.pk])

    # informational weighs 150 + 2 keywords = 152, commercial 200 + 1 = 201: commercial dominates.
    assert stats(cluster) == (4, 350, Decimal("13.75"), "commercial")


def test_cluster_intent_counts_keywords_when_volumes_are_zero_and_ties_go_alphabetically(tenant: Tenant):
    by_count = ClusterFactory.create(sector=tenant.sector)
    tie = ClusterFactory.create(sector=tenant.sector)
    for intent in ("transactional", "transactional", "commercial"):
        KeywordFactory.create(sector=tenant.sector, cluster=by_count, search_volume=0, difficulty=0, intent=intent)
    for intent in ("transactional", "commercial"):
        KeywordFactory.create(sector=tenant.sector, cluster=tie, search_volume=10, difficulty=1, intent=intent)

    cluster_refresh_stats(cluster_ids=[by_count.pk, tie.pk])

    assert stats(by_count) == (3, 0, Decimal("0.00"), "transactional")
    assert stats(tie) == (2, 20, Decimal("1.00"), "commercial")


def test_average_difficulty_is_rounded_to_two_decimals(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    for difficulty in (10, 20, 25):
        KeywordFactory.create(sector=tenant.sector, cluster=cluster, difficulty=difficulty, search_volume=1)

    cluster_refresh_stats(cluster_ids=[cluster.pk])

    assert stats(cluster)[:3] == (3, 3, Decimal("18.33"))


def test_an_emptied_cluster_resets_to_zero_and_keeps_its_intent(tenant: Tenant):
    cluster = ClusterFactory.create(
        sector=tenant.sector, keywords_count=5, volume=500, avg_difficulty=Decimal("50"), intent="commercial"
    )
    with_blanks: list[Any] = [cluster.pk, None, 0]

    cluster_refresh_stats(cluster_ids=with_blanks)

    assert stats(cluster) == (0, 0, Decimal("0.00"), "commercial")


def test_refresh_with_no_ids_touches_nothing(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector, keywords_count=5, volume=500)

    cluster_refresh_stats(cluster_ids=[])

    assert stats(cluster)[:2] == (5, 500)


# --- cluster_merge / cluster_delete --------------------------------------------------------------


def test_merge_moves_keywords_and_ideas_deletes_sources_and_recomputes(tenant: Tenant):
    target = ClusterFactory.create(sector=tenant.sector, name="Running shoes", centroid=b"\x00\x01")
    first = ClusterFactory.create(sector=tenant.sector)
    second = ClusterFactory.create(sector=tenant.sector)
    untouched = ClusterFactory.create(sector=tenant.sector)
    kept = KeywordFactory.create(sector=tenant.sector, cluster=target, search_volume=100, difficulty=10)
    moved_a = KeywordFactory.create(sector=tenant.sector, cluster=first, search_volume=300, difficulty=30)
    moved_b = KeywordFactory.create(sector=tenant.sector, cluster=second, search_volume=50, difficulty=50)
    other = KeywordFactory.create(sector=tenant.sector, cluster=untouched, search_volume=7)
    idea = ContentIdeaFactory.create(sector=tenant.sector, cluster=first)
    other_idea = ContentIdeaFactory.create(sector=tenant.sector, cluster=untouched)

    merged = cluster_merge(target=target, sources=[first, second, target], name="  Shoes for running ")

    assert merged.pk == target.pk
    assert (merged.name, merged.keywords_count, merged.volume, merged.avg_difficulty) == (
        "Shoes for running",
        3,
        450,
        Decimal("30.00"),
    )
    assert merged.centroid is None
    assert not Clusters.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert set(Keywords.objects.filter(cluster=target).values_list("pk", flat=True)) == {
        kept.pk,
        moved_a.pk,
        moved_b.pk,
    }
    assert set(Keywords.objects.filter(cluster=target).values_list("status", flat=True)) == {"clustered"}
    assert ContentIdeas.objects.get(pk=idea.pk).cluster_id == target.pk
    assert ContentIdeas.objects.get(pk=other_idea.pk).cluster_id == untouched.pk
    assert Keywords.objects.get(pk=other.pk).cluster_id == untouched.pk


def test_merge_without_a_name_keeps_the_targets_name(tenant: Tenant):
    target = ClusterFactory.create(sector=tenant.sector, name="Keep me")
    source = ClusterFactory.create(sector=tenant.sector)

    merged = cluster_merge(target=target, sources=[source], name="   ")

    assert merged.name == "Keep me"
    assert not Clusters.objects.filter(pk=source.pk).exists()


@pytest.mark.parametrize("where", ["other-sector", "other-site"])
def test_merge_refuses_clusters_of_another_sector_and_changes_nothing(tenant: Tenant, where: str):
    target = ClusterFactory.create(sector=tenant.sector)
    same = ClusterFactory.create(sector=tenant.sector)
    sector = SectorFactory.create(
        site=tenant.site if where == "other-sector" else SiteFactory.create(account=tenant.account)
    )
    foreign = ClusterFactory.create(sector=sector)
    KeywordFactory.create(sector=tenant.sector, cluster=same)
    KeywordFactory.create(sector=sector, cluster=foreign)
    ContentIdeaFactory.create(sector=sector, cluster=foreign)
    before = table_snapshot()

    with pytest.raises(ValidationFailed) as exc:
        cluster_merge(target=target, sources=[same, foreign], name="Renamed")

    assert exc.value.message == "cluster_ids: Only clusters of the same site and sector can be merged."
    assert exc.value.errors == {"cluster_ids": ["Only clusters of the same site and sector can be merged."]}
    assert table_snapshot() == before


def test_merge_needs_another_cluster(tenant: Tenant):
    target = ClusterFactory.create(sector=tenant.sector)
    before = table_snapshot()

    for sources in ([], [target]):
        with pytest.raises(ValidationFailed) as exc:
            cluster_merge(target=target, sources=sources, name="x")
        assert exc.value.errors == {"cluster_ids": ["Pick at least one other cluster to merge."]}

    assert table_snapshot() == before


def test_cluster_delete_unclusters_keywords_and_detaches_ideas(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    other = ClusterFactory.create(sector=tenant.sector)
    a = KeywordFactory.create(sector=tenant.sector, cluster=cluster, status="clustered")
    b = KeywordFactory.create(sector=tenant.sector, cluster=cluster, status="clustered")
    c = KeywordFactory.create(sector=tenant.sector, cluster=other, status="clustered")
    idea = ContentIdeaFactory.create(sector=tenant.sector, cluster=cluster)

    cluster_delete(tenant=ctx(tenant.owner), cluster=cluster)

    assert not Clusters.objects.filter(pk=cluster.pk).exists()
    assert placement(a.pk, b.pk, c.pk) == [(None, "new"), (None, "new"), (other.pk, "clustered")]
    assert ContentIdeas.objects.get(pk=idea.pk).cluster_id is None
    assert Keywords.objects.count() == 3


# --- bulk actions ----------------------------------------------------------------------------------


@pytest.fixture
def spread(tenant: Tenant, stranger: Tenant) -> dict[str, Any]:
    """Keywords on a granted site, an ungranted site of the same account, and a stranger's site."""
    hidden_site = SiteFactory.create(account=tenant.account)
    hidden_sector = SectorFactory.create(site=hidden_site)
    cluster = ClusterFactory.create(sector=tenant.sector)
    granted = [
        KeywordFactory.create(sector=tenant.sector, cluster=cluster, status="clustered", search_volume=10),
        KeywordFactory.create(sector=tenant.sector, search_volume=20),
    ]
    cluster_refresh_stats(cluster_ids=[cluster.pk])
    hidden = KeywordFactory.create(sector=hidden_sector)
    theirs = KeywordFactory.create(sector=stranger.sector)
    editor, _ = tenant.member(Role.EDITOR, sites=[tenant.site])
    return {
        "scoped": keyword_scoped(tenant=ctx(editor)),
        "granted": granted,
        "hidden": hidden,
        "theirs": theirs,
        "cluster": cluster,
        "hidden_sector": hidden_sector,
    }


def ids_of(*rows: Keywords) -> list[int]:
    return [r.pk for r in rows]


def test_bulk_delete_only_deletes_scoped_keywords_and_refreshes_clusters(spread: dict[str, Any]):
    granted, hidden, theirs = spread["granted"], spread["hidden"], spread["theirs"]

    result = keyword_bulk_delete(scoped=spread["scoped"], ids=[*ids_of(*granted, hidden, theirs), granted[0].pk])

    assert result == {"deleted": 2, "not_found": 2}
    assert set(Keywords.objects.values_list("pk", flat=True)) == {hidden.pk, theirs.pk}
    assert stats(spread["cluster"])[:2] == (0, 0)


def test_bulk_set_status_only_touches_scoped_keywords(spread: dict[str, Any]):
    granted, hidden, theirs = spread["granted"], spread["hidden"], spread["theirs"]

    result = keyword_bulk_set_status(scoped=spread["scoped"], ids=ids_of(granted[1], hidden, theirs), status="archived")

    assert result == {"updated": 1, "not_found": 2}
    assert dict(Keywords.objects.values_list("pk", "status")) == {
        granted[0].pk: "clustered",
        granted[1].pk: "archived",
        hidden.pk: "new",
        theirs.pk: "new",
    }


def test_bulk_assign_moves_scoped_keywords_and_refreshes_old_and_new_clusters(spread: dict[str, Any], tenant: Tenant):
    granted, theirs = spread["granted"], spread["theirs"]
    target = ClusterFactory.create(sector=tenant.sector)

    result = keyword_bulk_assign_cluster(
        scoped=spread["scoped"], ids=[*ids_of(*granted), theirs.pk, 10**9], cluster=target
    )

    assert result == {"updated": 2, "not_found": 2}
    assert stats(target)[:2] == (2, 30)
    assert stats(spread["cluster"])[:2] == (0, 0)
    assert set(Keywords.objects.filter(pk__in=ids_of(*granted)).values_list("cluster_id", "status")) == {
        (target.pk, "clustered")
    }
    assert placement(theirs.pk) == [(None, "new")]


def test_bulk_unassign_clears_the_cluster(spread: dict[str, Any]):
    granted = spread["granted"]

    result = keyword_bulk_assign_cluster(scoped=spread["scoped"], ids=ids_of(*granted), cluster=None)

    assert result == {"updated": 2, "not_found": 0}
    assert placement(*ids_of(*granted)) == [(None, "new"), (None, "new")]
    assert stats(spread["cluster"])[:2] == (0, 0)


def test_bulk_assign_refuses_keywords_of_another_sector_and_changes_nothing(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    other_sector = SectorFactory.create(site=tenant.site)
    mine = KeywordFactory.create(sector=tenant.sector)
    elsewhere = KeywordFactory.create(sector=other_sector)
    before = table_snapshot()

    with pytest.raises(ValidationFailed) as exc:
        keyword_bulk_assign_cluster(
            scoped=keyword_scoped(tenant=ctx(tenant.owner)), ids=ids_of(mine, elsewhere), cluster=cluster
        )

    assert exc.value.message == "ids: 1 keyword(s) are in another site or sector than the cluster."
    assert exc.value.errors == {"ids": ["1 keyword(s) are in another site or sector."]}
    assert table_snapshot() == before


@pytest.mark.parametrize(
    ("ids", "errors"),
    [
        ([], {"ids": ["Select at least one item."]}),
        (list(range(1, 10_002)), {"ids": ["At most 10000 items per request."]}),
    ],
)
def test_bulk_actions_refuse_no_ids_and_too_many(tenant: Tenant, ids: list[int], errors: dict):
    KeywordFactory.create(sector=tenant.sector)
    scoped = keyword_scoped(tenant=ctx(tenant.owner))
    before = table_snapshot()

    for call in (
        lambda: keyword_bulk_delete(scoped=scoped, ids=ids),
        lambda: keyword_bulk_set_status(scoped=scoped, ids=ids, status="archived"),
        lambda: keyword_bulk_assign_cluster(scoped=scoped, ids=ids, cluster=None),
    ):
        with pytest.raises(ValidationFailed) as exc:
            call()
        assert exc.value.errors == errors

    assert table_snapshot() == before


def test_bulk_ids_are_deduplicated(tenant: Tenant):
    keyword = KeywordFactory.create(sector=tenant.sector)
    scoped = keyword_scoped(tenant=ctx(tenant.owner))

    result = keyword_bulk_set_status(scoped=scoped, ids=[keyword.pk, keyword.pk, keyword.pk], status="archived")

    assert result == {"updated": 1, "not_found": 0}


def test_keyword_scoped_follows_account_and_site_grants(spread: dict[str, Any], tenant: Tenant):
    granted, hidden = spread["granted"], spread["hidden"]

    assert set(spread["scoped"].values_list("pk", flat=True)) == set(ids_of(*granted))
    assert set(keyword_scoped(tenant=ctx(tenant.owner)).values_list("pk", flat=True)) == set(ids_of(*granted, hidden))


def test_bulk_status_archives_and_restores_to_what_the_cluster_says(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    loose = KeywordFactory.create(sector=tenant.sector)
    grouped = KeywordFactory.create(sector=tenant.sector, cluster=cluster)
    scoped = keyword_scoped(tenant=ctx(tenant.owner))

    assert keyword_bulk_set_status(scoped=scoped, ids=[loose.pk, grouped.pk], status="archived") == {
        "updated": 2,
        "not_found": 0,
    }
    assert set(Keywords.objects.values_list("status", flat=True)) == {"archived"}
    # Asking for "clustered" cannot mark an unclustered keyword clustered: status follows the cluster.
    assert keyword_bulk_set_status(scoped=scoped, ids=[loose.pk, grouped.pk], status="clustered") == {
        "updated": 2,
        "not_found": 0,
    }
    assert dict(Keywords.objects.values_list("pk", "status")) == {loose.pk: "new", grouped.pk: "clustered"}


def test_import_updates_bump_updated_at(tenant: Tenant):
    run_import(tenant, b"Keyword,Volume\nalpha,10\n")
    first = Keywords.objects.get().updated_at

    run_import(tenant, b"Keyword,Volume\nalpha,20\n")

    keyword = Keywords.objects.get()
    assert keyword.search_volume == 20
    assert keyword.updated_at > first
