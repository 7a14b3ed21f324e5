"""auto_cluster: real offline embeddings and clustering, incremental runs, LLM batches, API."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from igny8_core.domain.billing.models import CreditTransaction, CreditUsageLog
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.planning.models import Clusters, KeywordEmbedding, Keywords
from igny8_core.domain.planning.text import normalize_keyword
from igny8_core.infrastructure.ai.offline.clustering import cluster_vectors
from igny8_core.infrastructure.ai.offline.embeddings import embed_texts
from igny8_core.infrastructure.messaging.job_runner import job_execute
from tests.conftest import Tenant
from tests.infrastructure.ai.conftest import FakeAIServer, Reply, openai_chat, queue_ai_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

GARDEN = [
    ("organic fertilizer for tomatoes", 880),
    ("best organic fertilizer for vegetables", 1900),
    ("homemade organic fertilizer", 720),
    ("organic fertilizer for vegetable garden", 500),
]
COFFEE = [
    ("best espresso machine for home", 2400),
    ("espresso machine under 500", 900),
    ("cheap espresso machine", 1300),
    ("espresso machine reviews", 700),
]
LAWN = [("how to mow a lawn", 300), ("best lawn mower", 5000), ("lawn mower for small yard", 800)]


def add_keywords(tenant: Tenant, rows: list[tuple[str, int]]) -> list[Keywords]:
    return [
        Keywords.objects.create(
            account=tenant.account,
            site=tenant.site,
            sector=tenant.sector,
            keyword=text,
            normalized=normalize_keyword(text),
            search_volume=volume,
        )
        for text, volume in rows
    ]


def groups() -> set[frozenset[str]]:
    out: dict[int, set[str]] = {}
    for keyword, cluster_id in Keywords.objects.exclude(cluster=None).values_list("keyword", "cluster_id"):
        out.setdefault(cluster_id, set()).add(keyword)
    return {frozenset(v) for v in out.values()}


def run(tenant: Tenant, payload: dict[str, Any]) -> Job:
    job = queue_ai_job(user=tenant.owner, account=tenant.account, function="auto_cluster", payload=payload)
    assert job_execute(job_id=job.pk) == "succeeded", Job.objects.get(pk=job.pk).error
    return Job.objects.get(pk=job.pk)


def test_embeddings_are_unit_length_and_semantic():
    vectors = embed_texts(["cheap espresso machine", "affordable espresso maker", "how to mow a lawn"])

    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) > 0.7 > float(vectors[0] @ vectors[2])


def test_cluster_vectors_is_deterministic_and_chooses_k_itself():
    texts = [t for t, _ in GARDEN + COFFEE + LAWN]
    vectors = embed_texts(texts)

    first, second = cluster_vectors(vectors), cluster_vectors(vectors.copy())

    assert first.tolist() == second.tolist()
    assert first[0] == 0  # labels are numbered by first appearance
    assert len(set(first[:4].tolist())) == 1  # the fertilizer keywords stay together
    assert len(set(first[4:8].tolist())) == 1  # so do the espresso machines
    assert first[0] != first[4]


def test_offline_clustering_groups_by_topic_names_and_charges_10_once(tenant: Tenant):
    add_keywords(tenant, GARDEN + COFFEE)

    job = run(tenant, {"site_id": tenant.site.pk, "sector_id": tenant.sector.pk})

    assert groups() == {frozenset(t for t, _ in GARDEN), frozenset(t for t, _ in COFFEE)}
    clusters = {c.name: c for c in Clusters.objects.all()}
    assert set(clusters) <= {t.title() for t, _ in GARDEN + COFFEE} | {
        "Best Organic Fertilizer for Vegetables",
        "Best Espresso Machine for Home",
        "Organic Fertilizer for Tomatoes",
        "Organic Fertilizer for Vegetable Garden",
        "Espresso Machine Under 500",
    }
    for cluster in clusters.values():
        assert cluster.source == "offline"
        assert cluster.keywords_count == 4
        assert cluster.centroid is not None
        assert cluster.description.startswith("4 keywords about ")
    coffee = next(c for c in clusters.values() if "Espresso" in c.name)
    assert coffee.volume == 2400 + 900 + 1300 + 700
    assert set(Keywords.objects.values_list("status", flat=True)) == {"clustered"}
    assert job.result["clusters_created"] == 2
    assert job.result["keywords_clustered"] == 8
    assert job.result["generated_by"] == "offline"
    assert job.result["embedded"] == 8
    assert job.credits_used == 10
    tenant.account.refresh_from_db()
    assert tenant.account.credits == 990
    tx = CreditTransaction.objects.get(account=tenant.account, transaction_type="deduction")
    assert (tx.amount, tx.idempotency_key) == (-10, f"job:{job.pk}")
    assert CreditUsageLog.objects.get().operation_type == "clustering"
    assert KeywordEmbedding.objects.count() == 8


def test_same_input_gives_the_same_clusters(tenant: Tenant, make_tenant: Any):
    add_keywords(tenant, GARDEN + COFFEE + LAWN)
    run(tenant, {"site_id": tenant.site.pk})
    first = groups()

    other = make_tenant(name="Twin")
    Keywords.objects.all().delete()
    Clusters.objects.all().delete()
    add_keywords(other, GARDEN + COFFEE + LAWN)
    run(other, {"site_id": other.site.pk})

    assert groups() == first


def test_incremental_run_keeps_existing_clusters_and_embeds_only_new_keywords(tenant: Tenant):
    add_keywords(tenant, GARDEN + COFFEE)
    run(tenant, {"site_id": tenant.site.pk})
    before = {c.pk: c.name for c in Clusters.objects.all()}

    add_keywords(tenant, [("organic fertilizer for roses", 300), ("espresso machine with grinder", 1100)])
    job = run(tenant, {"site_id": tenant.site.pk})

    after = {c.pk: c.name for c in Clusters.objects.all()}
    assert after == before  # no cluster rebuilt or renamed, none added
    assert job.result["clusters_created"] == 0
    assert job.result["clusters_joined"] == 2
    assert job.result["embedded"] == 2  # the 8 earlier keywords came from the cache
    roses = Keywords.objects.get(keyword="organic fertilizer for roses")
    grinder = Keywords.objects.get(keyword="espresso machine with grinder")
    assert roses.cluster == Keywords.objects.get(keyword="homemade organic fertilizer").cluster
    assert grinder.cluster == Keywords.objects.get(keyword="cheap espresso machine").cluster
    assert roses.cluster is not None
    assert roses.cluster.keywords_count == 5


def test_an_edited_keyword_is_embedded_again(tenant: Tenant):
    (keyword,) = add_keywords(tenant, [("espresso machine reviews", 10)])
    run(tenant, {"ids": [keyword.pk]})
    keyword.keyword = keyword.normalized = "lawn mower reviews"
    keyword.save()

    job = run(tenant, {"ids": [keyword.pk]})

    assert job.result["embedded"] == 1
    assert KeywordEmbedding.objects.get(keyword=keyword).text == "lawn mower reviews"


def test_nothing_to_cluster_is_a_400_at_the_api_and_charges_nothing(tenant: Tenant):
    response = tenant.client.post("/api/v1/planner/keywords/auto_cluster/", {"site_id": tenant.site.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "Nothing to cluster: no unclustered keywords match."
    assert Job.objects.count() == 0
    assert CreditTransaction.objects.filter(transaction_type="deduction").count() == 0


def test_api_answers_202_with_a_job(tenant: Tenant, django_capture_on_commit_callbacks: Any):
    (keyword,) = add_keywords(tenant, [("cheap espresso machine", 10)])

    response = tenant.client.post("/api/v1/planner/keywords/auto_cluster/", {"ids": [keyword.pk]}, format="json")

    assert response.status_code == 202
    job = Job.objects.get()
    assert response.json()["data"] == {"job_id": job.pk, "status": "queued"}
    assert (job.kind, job.site_id, job.payload) == ("ai.auto_cluster", tenant.site.pk, {"ids": [keyword.pk]})


def test_a_strangers_keywords_cannot_be_clustered(tenant: Tenant, stranger: Tenant):
    (theirs,) = add_keywords(stranger, [("cheap espresso machine", 10)])

    by_id = tenant.client.post("/api/v1/planner/keywords/auto_cluster/", {"ids": [theirs.pk]}, format="json")
    by_site = tenant.client.post("/api/v1/planner/keywords/auto_cluster/", {"site_id": stranger.site.pk}, format="json")

    assert by_id.status_code == 400
    assert by_id.json()["errors"] == {"ids": [f"No such keyword: {theirs.pk}."]}
    assert by_site.status_code == 400
    assert Job.objects.count() == 0
    assert Keywords.objects.get(pk=theirs.pk).cluster_id is None


def test_a_viewer_cannot_start_clustering(tenant: Tenant):
    (keyword,) = add_keywords(tenant, [("cheap espresso machine", 10)])
    _, viewer = tenant.member("viewer", sites=[tenant.site])

    response = viewer.post("/api/v1/planner/keywords/auto_cluster/", {"ids": [keyword.pk]}, format="json")

    assert response.status_code == 403
    assert Job.objects.count() == 0


def test_llm_mode_sends_batches_of_at_most_50_and_merges_clusters_by_name(tenant: Tenant, fake_ai: FakeAIServer):
    from igny8_core.domain.ai.models import AISettings

    AISettings.objects.create(account=tenant.account, provider="openai", openai_base_url=fake_ai.url)
    keywords = add_keywords(tenant, [(f"espresso machine model {i}", i) for i in range(60)])
    ids = [k.pk for k in keywords]
    for batch in (ids[:50], ids[50:]):
        content = {
            "clusters": [
                {"name": "Espresso Machines", "description": "d", "intent": "commercial", "keyword_ids": batch}
            ]
        }
        fake_ai.reply(Reply(body=openai_chat(json.dumps(content), prompt_tokens=100, completion_tokens=20)))

    job = run(tenant, {"ids": ids})

    assert len(fake_ai.requests) == 2
    sent = [
        [line for line in r.body["messages"][1]["content"].splitlines() if ": espresso machine model" in line]
        for r in fake_ai.requests
    ]
    assert [len(lines) for lines in sent] == [50, 10]
    assert Clusters.objects.count() == 1
    cluster = Clusters.objects.get()
    assert (cluster.name, cluster.keywords_count, cluster.source) == ("Espresso Machines", 60, "openai")
    assert job.result["generated_by"] == "llm"
    assert job.credits_used == 10
    usage = CreditUsageLog.objects.get()
    assert (usage.metadata["calls"], usage.metadata["tokens_in"], usage.metadata["tokens_out"]) == (2, 200, 40)


def test_llm_ids_outside_the_batch_are_ignored_and_missing_ones_stay_unclustered(
    tenant: Tenant, stranger: Tenant, fake_ai: FakeAIServer
):
    from igny8_core.domain.ai.models import AISettings

    AISettings.objects.create(account=tenant.account, provider="openai", openai_base_url=fake_ai.url)
    mine = add_keywords(tenant, [("cheap espresso machine", 1), ("best lawn mower", 2)])
    (theirs,) = add_keywords(stranger, [("stranger keyword", 3)])
    content = {"clusters": [{"name": "Coffee", "keyword_ids": [mine[0].pk, theirs.pk]}]}
    fake_ai.reply(Reply(body=openai_chat(json.dumps(content))))

    job = run(tenant, {"ids": [k.pk for k in mine]})

    assert job.result["keywords_clustered"] == 1
    assert job.result["keywords_unclustered"] == 1
    assert Keywords.objects.get(pk=theirs.pk).cluster_id is None
    assert Keywords.objects.get(pk=mine[1].pk).cluster_id is None
