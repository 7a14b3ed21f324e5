from __future__ import annotations

from django.db.models import QuerySet

from igny8_core.domain.jobs.models import Job


def job_list() -> QuerySet[Job]:
    """All jobs; the API's base viewset scopes them to the tenant."""
    return Job.objects.select_related("site", "user")
