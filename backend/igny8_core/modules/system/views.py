"""System endpoints under /api/v1/system/: health, jobs, plans."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from igny8_core.core.api.permissions import IsPlatformAdminOrReadOnly
from igny8_core.core.api.response import accepted_job_response, success_response
from igny8_core.core.auth.models import Plan, Role
from igny8_core.core.auth.selectors import plan_list
from igny8_core.core.auth.serializers import PlanSerializer
from igny8_core.core.base.viewsets import TenantReadOnlyViewSet
from igny8_core.domain.jobs import selectors as job_selectors
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.jobs.services import job_cancel, job_create, job_enqueue
from igny8_core.infrastructure.health import health_report
from igny8_core.infrastructure.messaging.celery_tasks import send_job
from igny8_core.modules.system.serializers import (
    HealthSerializer,
    JobAcceptedSerializer,
    JobSerializer,
    SelfTestSerializer,
)


class HealthView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer}, tags=["system"])
    def get(self, request: Request) -> Response:
        report = health_report()
        healthy = report["status"] == "ok"
        return success_response(
            report,
            message="All systems operational." if healthy else "Some checks failed.",
            status=status.HTTP_200_OK if healthy else status.HTTP_503_SERVICE_UNAVAILABLE,
        )


class JobViewSet(TenantReadOnlyViewSet[Job]):
    """Long operations of the account. Poll one by id for status, progress and result."""

    queryset = Job.objects.all()
    serializer_class = JobSerializer
    site_field = "site"
    site_optional = True
    action_roles = {"cancel": Role.EDITOR, "selftest": Role.EDITOR}
    filterset_fields = ["status", "kind"]
    ordering_fields = ["created_at", "status"]

    def base_queryset(self) -> QuerySet[Job]:
        return job_selectors.job_list()

    @extend_schema(request=None, responses={200: JobSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        job = job_cancel(job=self.get_object())
        return success_response(JobSerializer(job).data, message=job.message)

    @extend_schema(request=SelfTestSerializer, responses={202: JobAcceptedSerializer})
    @action(detail=False, methods=["post"])
    def selftest(self, request: Request) -> Response:
        """Queue a no-cost job that proves a worker is consuming the queue."""
        serializer = SelfTestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = job_create(
            account=self.tenant.account,
            user=self.tenant.user,
            kind="system.selftest",
            payload=serializer.validated_data,
        )
        job_enqueue(job=job, send=send_job)
        return accepted_job_response(job)


class PlanViewSet(viewsets.ModelViewSet):
    """Subscription plans: readable by every signed-in user, managed by platform admins."""

    serializer_class = PlanSerializer
    permission_classes = [IsPlatformAdminOrReadOnly]
    pagination_class = None
    queryset = Plan.objects.none()

    def get_queryset(self) -> QuerySet[Plan]:
        from igny8_core.core.api.permissions import is_platform_admin

        return plan_list(include_inactive=is_platform_admin(self.request.user))
