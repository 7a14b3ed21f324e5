"""The planner's AI actions at the API: generate_ideas (202 + job) and its refusals."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import Account
from igny8_core.domain.billing.models import CreditTransaction
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.planning.models import ContentIdeas
from igny8_core.infrastructure.messaging.job_runner import job_execute
from tests.conftest import Tenant
from tests.infrastructure.ai.conftest import make_cluster

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

URL = "/api/v1/planner/clusters/generate_ideas/"


def cluster_for(tenant: Tenant, name: str = "Espresso machines") -> Any:
    return make_cluster(
        site=tenant.site,
        sector=tenant.sector,
        name=name,
        keywords=[(f"best espresso machine {name}", 2400, 40), (f"espresso machine vs coffee maker {name}", 800, 30)],
    )


def test_generate_ideas_answers_202_and_the_job_saves_offline_ideas_for_15_credits(
    tenant: Tenant, django_capture_on_commit_callbacks: Any
):
    cluster = cluster_for(tenant)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = tenant.client.post(URL, {"ids": [cluster.pk], "ideas_per_cluster": 2}, format="json")

    assert response.status_code == 202
    job = Job.objects.get()
    assert response.json()["data"] == {"job_id": job.pk, "status": "queued"}
    assert response.json()["message"] == "Idea generation queued."
    assert (job.kind, job.payload, job.site_id) == (
        "ai.generate_ideas",
        {"ids": [cluster.pk], "ideas_per_cluster": 2},
        tenant.site.pk,
    )
    assert len(callbacks) == 1  # the task is sent only once the request's transaction commits
    assert job_execute(job_id=job.pk) == "succeeded"
    ideas = list(ContentIdeas.objects.all())
    assert len(ideas) == 2
    assert {i.generated_by for i in ideas} == {"offline"}
    assert all(len(i.outline) >= 3 for i in ideas)
    assert Account.objects.get(pk=tenant.account.pk).credits == 1000 - 15


def test_a_strangers_cluster_is_refused_like_a_missing_one(tenant: Tenant, stranger: Tenant):
    theirs = cluster_for(stranger)
    missing = theirs.pk + 1000

    answers = [tenant.client.post(URL, {"ids": [pk]}, format="json") for pk in (theirs.pk, missing)]

    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json()["errors"] == {"ids": [f"No such cluster: {theirs.pk}."]}
    assert answers[1].json()["errors"] == {"ids": [f"No such cluster: {missing}."]}
    assert Job.objects.count() == 0
    assert ContentIdeas.objects.count() == 0


def test_a_viewer_cannot_generate_ideas(tenant: Tenant):
    cluster = cluster_for(tenant)
    _, viewer = tenant.member("viewer", sites=[tenant.site])

    response = viewer.post(URL, {"ids": [cluster.pk]}, format="json")

    assert response.status_code == 403
    assert Job.objects.count() == 0


def test_not_enough_credits_is_402_before_any_job_is_queued(tenant: Tenant):
    clusters = [cluster_for(tenant, f"Cluster {i}") for i in range(3)]
    Account.objects.filter(pk=tenant.account.pk).update(credits=44)

    response = tenant.client.post(URL, {"ids": [c.pk for c in clusters]}, format="json")

    assert response.status_code == 402
    body = response.json()
    assert body["error"] == (
        "Not enough credits for idea generation: 45 needed, 44 available. Top up or wait for your monthly credits."
    )
    assert (body["required"], body["available"]) == (45, 44)
    assert Job.objects.count() == 0
    assert Account.objects.get(pk=tenant.account.pk).credits == 44
    assert CreditTransaction.objects.filter(transaction_type="deduction").count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "ids"),
        ({"ids": []}, "ids"),
        ({"ids": ["x"]}, "ids.0"),
        ({"ids": [1], "ideas_per_cluster": 9}, "ideas_per_cluster"),
    ],
)
def test_bad_requests_name_the_field(tenant: Tenant, payload: dict[str, Any], field: str):
    response = tenant.client.post(URL, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Job.objects.count() == 0
