"""The one path every AI call takes.

init → prepare → credit check → provider call(s) → parse/validate → save + deduct credits +
usage log in one transaction → done, reporting each phase to the Job. A failed or cancelled
job charges nothing and leaves no half-written rows. If the worker dies after the commit, a
redelivered task finds the job's committed marker and finishes without doing the work twice.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from pydantic import BaseModel, ValidationError

from igny8_core.core.auth.models import Account
from igny8_core.domain.ai.models import AISettings, Provider
from igny8_core.domain.ai.selectors import ai_credentials_get, ai_prompt_get, ai_settings_get
from igny8_core.domain.billing.services import credits_check, credits_deduct
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.jobs.services import job_progress
from igny8_core.infrastructure.ai.errors import AIError, OutputValidationError, ProviderError, ProviderNotConfigured
from igny8_core.infrastructure.ai.prompts import DEFAULT_PROMPTS, SYSTEM_PROMPT, prompt_render
from igny8_core.infrastructure.ai.providers.anthropic import AnthropicProvider
from igny8_core.infrastructure.ai.providers.base import ChatProvider, ChatRequest
from igny8_core.infrastructure.ai.providers.openai import OpenAICompatibleProvider
from igny8_core.infrastructure.ai.registry import AIContext, AIFunction, CallUsage, get_function
from igny8_core.infrastructure.messaging.job_runner import JobFailure, JobOutcome
from igny8_core.shared.exceptions import ApplicationError, InsufficientCreditsError

logger = logging.getLogger("igny8.ai")

DEFAULT_MODELS: dict[str, str] = {Provider.OPENAI: "gpt-4o-mini", Provider.ANTHROPIC: "claude-sonnet-4-5"}


def resolve_provider(settings_row: AISettings, function_name: str) -> tuple[str, str]:
    """(provider, model) for a function: its own setting, else the account's, else offline."""
    conf = (settings_row.function_settings or {}).get(function_name, {})
    provider = str(conf.get("provider") or settings_row.provider or Provider.OFFLINE)
    model = conf.get("model") or settings_row.default_model or DEFAULT_MODELS.get(provider, "")
    return provider, (model if provider != Provider.OFFLINE else "offline")


def build_provider(settings_row: AISettings, provider: str) -> ChatProvider:
    keys = ai_credentials_get(settings_row=settings_row)
    timeout = float(settings_row.request_timeout)
    if provider == Provider.OPENAI:
        return OpenAICompatibleProvider(
            base_url=settings_row.openai_base_url,
            api_key=keys.get("openai", ""),
            timeout=timeout,
            structured_output=settings_row.openai_structured_output,
        )
    if provider == Provider.ANTHROPIC:
        if not keys.get("anthropic"):
            raise ProviderNotConfigured("Anthropic is selected but no Anthropic API key is saved in AI settings.")
        return AnthropicProvider(api_key=keys["anthropic"], base_url=settings_row.anthropic_base_url, timeout=timeout)
    raise ProviderNotConfigured(f"Unknown AI provider {provider!r}.")


def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _parse(model: type[BaseModel], content: str) -> BaseModel:
    text = content.strip()
    if text.startswith("```"):  # some models fence JSON despite instructions
        text = text.strip("`")
        text = text[text.find("{") :] if "{" in text else text
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "output"
        raise OutputValidationError(
            f"The AI output did not match the expected structure ({where}: {first.get('msg')})."
        ) from None


class AIEngine:
    def __init__(self, provider_factory: Any = build_provider) -> None:
        self.provider_factory = provider_factory

    def run(self, *, job: Job, function_name: str) -> JobOutcome:
        function = get_function(function_name)
        committed = self._already_committed(job)
        if committed is not None:
            return committed

        def progress(pct: int, step: str, message: str) -> None:
            job_progress(job_id=job.pk, progress=pct, step=step, message=message)

        account = Account.objects.select_related("plan").get(pk=job.account_id)
        settings_row = ai_settings_get(account=account)
        own_provider = function.provider_resolve(settings_row)
        provider_name, model = own_provider or resolve_provider(settings_row, function.name)
        ctx = AIContext(
            job=job,
            account=account,
            user=job.user,
            site=job.site,
            settings=settings_row,
            progress=progress,
            provider=provider_name,
            model=model,
        )
        try:
            progress(2, "init", "Starting")
            data = function.prepare(ctx)
            progress(10, "prepare", "Checking credits")
            estimate = function.estimate_credits(data)
            credits_check(account=account, amount=estimate, operation_type=function.operation_type)
            usage = CallUsage(provider=provider_name, model=model)
            if provider_name == Provider.OFFLINE:
                progress(15, "ai_call", "Working (built-in offline engine)")
                output = function.run_offline(ctx, data)
            elif own_provider is not None:
                output = function.run_provider(ctx, data, usage)
            else:
                output = self._call_provider(ctx, function, data, usage)
            progress(88, "parse", "Validating the result")
            output = function.output_model.model_validate(output.model_dump())
            progress(92, "save", "Saving")
            with transaction.atomic():
                result = function.save(ctx, data, output)
                cost = function.credits(data, output, result)
                if cost > 0:
                    credits_deduct(
                        account=account,
                        amount=cost,
                        operation_type=function.operation_type,
                        description=f"{function.description or function.name} (job {job.pk})",
                        site=job.site,
                        user=job.user,
                        related_object=job,
                        reference=f"job:{job.pk}",
                        idempotency_key=f"job:{job.pk}",
                        metadata={
                            "provider": usage.provider,
                            "model": usage.model,
                            "calls": usage.calls,
                            "tokens_in": usage.tokens_in,
                            "tokens_out": usage.tokens_out,
                            "function": function.name,
                        },
                    )
                result = {**result, "credits_used": cost, "provider": usage.provider, "model": usage.model}
                Job.objects.filter(pk=job.pk).update(result=result, credits_used=cost, committed_at=timezone.now())
        except InsufficientCreditsError as exc:
            raise JobFailure(exc.message) from None
        except (AIError, ApplicationError) as exc:
            raise JobFailure(str(exc)) from None
        return JobOutcome(result, credits_used=cost, message=str(result.get("message") or "Done"))

    @staticmethod
    def _already_committed(job: Job) -> JobOutcome | None:
        """The save + charge committed before a crash: finish from the stored result, do nothing twice."""
        fresh = Job.objects.get(pk=job.pk)
        if fresh.committed_at is None:
            return None
        logger.info("Job %s was committed before a restart; finishing without redoing it", job.pk)
        return JobOutcome(fresh.result, credits_used=fresh.credits_used, message="Done")

    def _call_provider(self, ctx: AIContext, function: AIFunction[Any, Any], data: Any, usage: CallUsage) -> Any:
        provider = self.provider_factory(ctx.settings, ctx.provider)
        template = (
            ai_prompt_get(account=ctx.account, prompt_type=function.prompt_type)
            or DEFAULT_PROMPTS[function.prompt_type]
        )
        batches = list(function.batches(data))
        outputs = []
        for index, batch in enumerate(batches, start=1):
            ctx.progress(
                15 + int(70 * (index - 1) / max(1, len(batches))),
                "ai_call",
                f"Asking {ctx.provider} ({ctx.model}), request {index} of {len(batches)}",
            )
            request = ChatRequest(
                system=SYSTEM_PROMPT,
                user=prompt_render(template, function.prompt_variables(ctx, data, batch)),
                model=ctx.model,
                schema_name=function.name,
                json_schema=_schema(function.call_model()),
                temperature=ctx.settings.temperature,
                max_tokens=function.max_output_tokens,
            )
            outputs.append(self._complete_validated(provider, request, function, usage))
        return function.merge(data, outputs, batches)

    @staticmethod
    def _complete_validated(
        provider: ChatProvider, request: ChatRequest, function: AIFunction[Any, Any], usage: CallUsage
    ) -> BaseModel:
        """One provider call; malformed output is retried once with the error, then fails clearly."""
        attempt_request = request
        for attempt in (1, 2):
            result = provider.complete(attempt_request)
            usage.calls += 1
            usage.tokens_in += result.tokens_in
            usage.tokens_out += result.tokens_out
            usage.model = result.model or usage.model
            try:
                return _parse(function.call_model(), result.content)
            except OutputValidationError as exc:
                if attempt == 2:
                    raise OutputValidationError(f"{exc} The provider answered malformed output twice.") from None
                attempt_request = ChatRequest(
                    system=request.system,
                    user=request.user
                    + "\n\nYour previous answer was invalid: "
                    + str(exc)
                    + " Answer again with JSON matching the schema exactly: "
                    + json.dumps(request.json_schema),
                    model=request.model,
                    schema_name=request.schema_name,
                    json_schema=request.json_schema,
                    temperature=request.temperature,
                    max_tokens=request.max_tokens,
                )
        raise ProviderError("unreachable")  # pragma: no cover
