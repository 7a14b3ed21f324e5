from __future__ import annotations

from typing import Any

from rest_framework import serializers

from igny8_core.domain.jobs.models import Job


class JobSerializer(serializers.ModelSerializer[Job]):
    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "progress",
            "step",
            "message",
            "site",
            "user",
            "payload",
            "result",
            "error",
            "credits_used",
            "cancel_requested",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "updated_at",
        ]
        read_only_fields = fields


class SelfTestSerializer(serializers.Serializer[Any]):
    steps = serializers.IntegerField(min_value=1, max_value=20, default=4)
    delay = serializers.FloatField(min_value=0, max_value=2, default=0)


class JobAcceptedSerializer(serializers.Serializer[Any]):
    job_id = serializers.IntegerField()
    status = serializers.CharField()


class HealthCheckSerializer(serializers.Serializer[Any]):
    ok = serializers.BooleanField()
    latency_ms = serializers.FloatField()


class HealthSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=["ok", "degraded"])
    checks = serializers.DictField(child=HealthCheckSerializer())
