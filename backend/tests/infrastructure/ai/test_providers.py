"""OpenAI-compatible and Anthropic providers against a real local HTTP server: request shapes,
parsing, retries (429 / 5xx / timeouts, Retry-After), and the errors users read."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from igny8_core.infrastructure.ai.errors import ProviderError
from igny8_core.infrastructure.ai.providers.anthropic import AnthropicProvider
from igny8_core.infrastructure.ai.providers.base import ChatRequest, ProviderResult
from igny8_core.infrastructure.ai.providers.openai import OpenAICompatibleProvider
from tests.infrastructure.ai.conftest import (
    FakeAIServer,
    Reply,
    anthropic_error,
    anthropic_text,
    anthropic_tool_use,
    openai_chat,
    openai_embeddings,
    openai_error,
)

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"ideas": {"type": "array", "items": {"type": "string"}}},
    "required": ["ideas"],
}
REQUEST = ChatRequest(
    system="Answer only with JSON.",
    user="Three ideas about green tea.",
    model="gpt-4o-mini",
    schema_name="tea_ideas",
    json_schema=SCHEMA,
    temperature=0.2,
    max_tokens=512,
)
ANSWER = {"ideas": ["Matcha vs sencha", "Brewing temperatures", "Caffeine in green tea"]}
OPENAI = "The OpenAI-compatible endpoint"


def openai(fake: FakeAIServer, **kwargs: Any) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(base_url=fake.url + "/", **{"api_key": "sk-test-123", **kwargs})


def anthropic(fake: FakeAIServer, **kwargs: Any) -> AnthropicProvider:
    return AnthropicProvider(base_url=fake.url, **{"api_key": "sk-ant-test-456", **kwargs})


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- OpenAI-compatible: request shape and parsing ----------------------------------------------------


def test_openai_sends_model_messages_and_the_json_schema_and_parses_content_and_usage(fake_ai: FakeAIServer):
    body = openai_chat(json.dumps(ANSWER), prompt_tokens=57, completion_tokens=21)
    fake_ai.reply(Reply(200, body))

    result = openai(fake_ai).complete(REQUEST)

    assert result == ProviderResult(
        content=json.dumps(ANSWER),
        model="gpt-4o-mini-2024-07-18",
        provider="openai",
        tokens_in=57,
        tokens_out=21,
        raw=body,
    )
    assert result.raw == body
    [sent] = fake_ai.requests
    assert (sent.method, sent.path) == ("POST", "/chat/completions")
    assert sent.headers["authorization"] == "Bearer sk-test-123"
    assert sent.headers["content-type"] == "application/json"
    assert sent.body == {
        "model": "gpt-4o-mini",
        "temperature": 0.2,
        "max_tokens": 512,
        "response_format": {"type": "json_schema", "json_schema": {"name": "tea_ideas", "schema": SCHEMA}},
        "messages": [
            {"role": "system", "content": "Answer only with JSON."},
            {"role": "user", "content": "Three ideas about green tea."},
        ],
    }


def test_openai_without_a_key_sends_no_authorization_header_for_local_servers(fake_ai: FakeAIServer):
    fake_ai.reply(Reply(200, openai_chat(json.dumps(ANSWER), model="llama3.1:8b")))

    result = openai(fake_ai, api_key="").complete(REQUEST)

    assert (result.content, result.model, result.tokens_in, result.tokens_out) == (
        json.dumps(ANSWER),
        "llama3.1:8b",
        0,
        0,
    )
    [sent] = fake_ai.requests
    assert "authorization" not in sent.headers


def test_openai_json_object_mode_puts_the_schema_in_the_system_prompt(fake_ai: FakeAIServer):
    fake_ai.reply(Reply(200, openai_chat(json.dumps(ANSWER))))

    openai(fake_ai, structured_output="json_object").complete(REQUEST)

    body = fake_ai.requests[0].body
    assert body["response_format"] == {"type": "json_object"}
    assert body["messages"][0] == {
        "role": "system",
        "content": "Answer only with JSON.\n\nAnswer with one JSON object matching this JSON schema:\n"
        + json.dumps(SCHEMA),
    }


def test_openai_prompt_mode_sends_no_response_format(fake_ai: FakeAIServer):
    fake_ai.reply(Reply(200, openai_chat(json.dumps(ANSWER))))

    openai(fake_ai, structured_output="prompt").complete(REQUEST)

    body = fake_ai.requests[0].body
    assert "response_format" not in body
    assert body["messages"][0]["content"].endswith("matching this JSON schema:\n" + json.dumps(SCHEMA))


def test_openai_refusal_is_a_provider_error(fake_ai: FakeAIServer):
    fake_ai.reply(Reply(200, openai_chat(None, refusal="I can't help with that request.")))

    with pytest.raises(ProviderError) as caught:
        openai(fake_ai).complete(REQUEST)

    assert str(caught.value) == "The model refused: I can't help with that request."
    assert len(fake_ai.requests) == 1


def test_openai_answer_without_choices_is_a_provider_error(fake_ai: FakeAIServer):
    fake_ai.reply(Reply(200, {"id": "chatcmpl-test", "object": "chat.completion", "choices": []}))

    with pytest.raises(ProviderError) as caught:
        openai(fake_ai).complete(REQUEST)

    assert str(caught.value) == f"{OPENAI} answered without a message"


# --- OpenAI-compatible: retries and errors -------------------------------------------------------------


def test_openai_429_is_retried_after_the_retry_after_seconds(fake_ai: FakeAIServer, retry_sleeps: list[float]):
    fake_ai.reply(
        Reply(429, openai_error("Rate limit reached for gpt-4o-mini", "requests"), headers={"Retry-After": "3"}),
        Reply(200, openai_chat(json.dumps(ANSWER), prompt_tokens=10, completion_tokens=5)),
    )

    result = openai(fake_ai).complete(REQUEST)

    assert (result.content, result.tokens_in, result.tokens_out) == (json.dumps(ANSWER), 10, 5)
    assert retry_sleeps == [3.0]
    assert len(fake_ai.requests) == 2
    assert fake_ai.requests[0].body == fake_ai.requests[1].body


def test_a_retry_after_longer_than_the_cap_waits_at_most_20_seconds(fake_ai: FakeAIServer, retry_sleeps: list[float]):
    fake_ai.reply(
        Reply(429, openai_error("Slow down", "requests"), headers={"Retry-After": "120"}),
        Reply(200, openai_chat(json.dumps(ANSWER))),
    )

    openai(fake_ai).complete(REQUEST)

    assert retry_sleeps == [20.0]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_openai_server_errors_are_retried_with_backoff_then_succeed(
    fake_ai: FakeAIServer, retry_sleeps: list[float], status: int
):
    fake_ai.reply(
        Reply(status, openai_error("The server had an error while processing your request.")),
        Reply(status, b"<html><body>upstream unavailable</body></html>"),
        Reply(200, openai_chat(json.dumps(ANSWER), prompt_tokens=3, completion_tokens=4)),
    )

    result = openai(fake_ai).complete(REQUEST)

    assert (result.content, result.tokens_in, result.tokens_out) == (json.dumps(ANSWER), 3, 4)
    assert retry_sleeps == [0.5, 1.0]
    assert len(fake_ai.requests) == 3


def test_openai_gives_up_after_4_failed_attempts_naming_the_status(fake_ai: FakeAIServer, retry_sleeps: list[float]):
    fake_ai.reply(*[Reply(503, openai_error("The engine is currently overloaded."))] * 4)

    with pytest.raises(ProviderError) as caught:
        openai(fake_ai).complete(REQUEST)

    assert str(caught.value) == (
        f"{OPENAI} answered HTTP 503: The engine is currently overloaded. (gave up after 4 attempts)"
    )
    assert (caught.value.status, caught.value.retryable) == (503, True)
    assert retry_sleeps == [0.5, 1.0, 2.0]
    assert len(fake_ai.requests) == 4


def test_max_attempts_bounds_the_retries(fake_ai: FakeAIServer, retry_sleeps: list[float]):
    fake_ai.reply(*[Reply(500, openai_error("boom"))] * 3)

    with pytest.raises(ProviderError) as caught:
        openai(fake_ai, max_attempts=2).complete(REQUEST)

    assert str(caught.value) == f"{OPENAI} answered HTTP 500: boom (gave up after 2 attempts)"
    assert retry_sleeps == [0.5]
    assert len(fake_ai.requests) == 2
    assert fake_ai.pending == 1


def test_openai_401_fails_at_once_with_a_clear_message(fake_ai: FakeAIServer, retry_sleeps: list[float]):
    fake_ai.reply(
        Reply(401, openai_error("Incorrect API key provided: sk-test-***123.", "invalid_request_error")),
        Reply(200, openai_chat(json.dumps(ANSWER))),
    )

    with pytest.raises(ProviderError) as caught:
        openai(fake_ai).complete(REQUEST)

    assert str(caught.value) == (
        f"{OPENAI} answered HTTP 401 (the API key was rejected): Incorrect API key provided: sk-test-***123."
    )
    assert (caught.value.status, caught.value.retryable) == (401, False)
    assert len(fake_ai.requests) == 1
    assert retry_sleeps == []
    assert fake_ai.pending == 1


@pytest.mark.parametrize(
    ("status", "hint"),
    [(403, " (the API key may not use this model)"), (404, " (unknown model or wrong base URL)"), (400, "")],
)
def test_other_client_errors_fail_at_once_with_a_hint(fake_ai: FakeAIServer, status: int, hint: str):
    fake_ai.reply(Reply(status, openai_error("The model `gpt-9` does not exist", "invalid_request_error")))

    with pytest.raises(ProviderError) as caught:
        openai(fake_ai).complete(REQUEST)

    assert str(caught.value) == f"{OPENAI} answered HTTP {status}{hint}: The model `gpt-9` does not exist"
    assert len(fake_ai.requests) == 1


def test_an_error_body_that_is_not_json_is_quoted(fake_ai: FakeAIServer):
    fake_ai.reply(Reply(400, b"Bad Request: unsupported parameter max_tokens"))

    with pytest.raises(ProviderError) as caught:
        openai(fake_ai).complete(REQUEST)

    assert str(caught.value) == f"{OPENAI} answered HTTP 400: Bad Request: unsupported parameter max_tokens"


def test_a_timeout_is_retried(fake_ai: FakeAIServer, retry_sleeps: list[float]):
    fake_ai.reply(
        Reply(200, openai_chat(json.dumps({"ideas": ["too late"]})), delay=5),
        Reply(200, openai_chat(json.dumps(ANSWER))),
    )

    result = openai(fake_ai, timeout=0.2).complete(REQUEST)

    assert result.content == json.dumps(ANSWER)
    assert retry_sleeps == [0.5]
    assert len(fake_ai.requests) == 2


def test_timeouts_on_every_attempt_give_up_with_a_clear_message(fake_ai: FakeAIServer, retry_sleeps: list[float]):
    fake_ai.reply(*[Reply(200, openai_chat(json.dumps(ANSWER)), delay=5)] * 2)

    with pytest.raises(ProviderError) as caught:
        openai(fake_ai, timeout=0.1, max_attempts=2).complete(REQUEST)

    assert str(caught.value) == f"{OPENAI} timed out (gave up after 2 attempts)"
    assert (caught.value.status, caught.value.retryable) == (None, True)
    assert len(fake_ai.requests) == 2


def test_an_unreachable_server_is_retried_then_reported():
    provider = OpenAICompatibleProvider(base_url=f"http://127.0.0.1:{closed_port()}/v1", max_attempts=2)

    with pytest.raises(ProviderError) as caught:
        provider.complete(REQUEST)

    assert str(caught.value) == f"{OPENAI} could not be reached: ConnectError (gave up after 2 attempts)"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>Welcome to nginx!</html>", f"{OPENAI} answered with something that is not JSON"),
        (b"", f"{OPENAI} answered with something that is not JSON"),
        (b'["a", "list"]', f"{OPENAI} answered with an unexpected JSON shape"),
    ],
)
def test_a_malformed_success_body_is_a_provider_error_and_not_retried(fake_ai: FakeAIServer, body: bytes, message):
    fake_ai.reply(Reply(200, body), Reply(200, openai_chat(json.dumps(ANSWER))))

    with pytest.raises(ProviderError) as caught:
        openai(fake_ai).complete(REQUEST)

    assert str(caught.value) == message
    assert len(fake_ai.requests) == 1


# --- OpenAI-compatible: embeddings ------------------------------------------------------------------


def test_embeddings_are_returned_in_input_order_whatever_order_the_server_lists_them(fake_ai: FakeAIServer):
    vectors = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]
    fake_ai.reply(Reply(200, openai_embeddings(vectors, order=[2, 0, 1])))

    result = openai(fake_ai).embed(["green tea", "black tea", "oolong"], model="text-embedding-3-small")

    assert result == [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]
    [sent] = fake_ai.requests
    assert (sent.path, sent.headers["authorization"]) == ("/embeddings", "Bearer sk-test-123")
    assert sent.body == {"model": "text-embedding-3-small", "input": ["green tea", "black tea", "oolong"]}


def test_embeddings_with_a_missing_vector_are_an_error(fake_ai: FakeAIServer):
    fake_ai.reply(Reply(200, openai_embeddings([[0.1], [0.2]])))

    with pytest.raises(ProviderError) as caught:
        openai(fake_ai).embed(["a", "b", "c"], model="nomic-embed-text")

    assert str(caught.value) == "Asked for 3 embeddings, got 2"


def test_embeddings_of_an_unexpected_shape_are_an_error(fake_ai: FakeAIServer):
    fake_ai.reply(Reply(200, {"object": "list", "embeddings": [[0.1]]}))

    with pytest.raises(ProviderError) as caught:
        openai(fake_ai).embed(["a"], model="nomic-embed-text")

    assert str(caught.value) == "The embeddings endpoint answered with an unexpected shape"


def test_embeddings_are_retried_like_chat(fake_ai: FakeAIServer, retry_sleeps: list[float]):
    fake_ai.reply(
        Reply(502, b"Bad Gateway"),
        Reply(200, openai_embeddings([[1.0, 0.0]])),
    )

    assert openai(fake_ai).embed(["a"], model="nomic-embed-text") == [[1.0, 0.0]]
    assert retry_sleeps == [0.5]
    assert fake_ai.paths() == ["/embeddings", "/embeddings"]


# --- Anthropic ------------------------------------------------------------------------------------


def test_anthropic_forces_a_tool_call_with_the_schema_and_parses_its_input(fake_ai: FakeAIServer):
    body = anthropic_tool_use("tea_ideas", ANSWER, input_tokens=120, output_tokens=45)
    fake_ai.reply(Reply(200, body))

    result = anthropic(fake_ai).complete(REQUEST)

    assert result == ProviderResult(
        content=json.dumps(ANSWER),
        model="claude-sonnet-4-5-20250929",
        provider="anthropic",
        tokens_in=120,
        tokens_out=45,
        raw=body,
    )
    [sent] = fake_ai.requests
    assert (sent.method, sent.path) == ("POST", "/v1/messages")
    assert sent.headers["x-api-key"] == "sk-ant-test-456"
    assert sent.headers["anthropic-version"] == "2023-06-01"
    assert sent.headers["content-type"] == "application/json"
    assert "authorization" not in sent.headers
    assert sent.body == {
        "model": "gpt-4o-mini",
        "max_tokens": 512,
        "temperature": 0.2,
        "system": "Answer only with JSON.",
        "messages": [{"role": "user", "content": "Three ideas about green tea."}],
        "tools": [{"name": "tea_ideas", "description": "Return the result.", "input_schema": SCHEMA}],
        "tool_choice": {"type": "tool", "name": "tea_ideas"},
    }


def test_anthropic_falls_back_to_text_blocks(fake_ai: FakeAIServer):
    fake_ai.reply(Reply(200, anthropic_text(json.dumps(ANSWER), input_tokens=9, output_tokens=8)))

    result = anthropic(fake_ai).complete(REQUEST)

    assert (result.content, result.tokens_in, result.tokens_out) == (json.dumps(ANSWER), 9, 8)


def test_anthropic_without_content_is_a_provider_error(fake_ai: FakeAIServer):
    fake_ai.reply(Reply(200, anthropic_text("")))

    with pytest.raises(ProviderError) as caught:
        anthropic(fake_ai).complete(REQUEST)

    assert str(caught.value) == "Anthropic answered without content"


def test_anthropic_overloaded_529_is_retried_honouring_retry_after(fake_ai: FakeAIServer, retry_sleeps: list[float]):
    fake_ai.reply(
        Reply(529, anthropic_error("overloaded_error", "Overloaded"), headers={"retry-after": "0.25"}),
        Reply(200, anthropic_tool_use("tea_ideas", ANSWER)),
    )

    assert anthropic(fake_ai).complete(REQUEST).content == json.dumps(ANSWER)
    assert retry_sleeps == [0.25]
    assert len(fake_ai.requests) == 2


def test_anthropic_rate_limited_4_times_gives_up(fake_ai: FakeAIServer, retry_sleeps: list[float]):
    fake_ai.reply(*[Reply(429, anthropic_error("rate_limit_error", "Number of request tokens has exceeded"))] * 4)

    with pytest.raises(ProviderError) as caught:
        anthropic(fake_ai).complete(REQUEST)

    assert str(caught.value) == (
        "Anthropic answered HTTP 429 (rate limited): Number of request tokens has exceeded (gave up after 4 attempts)"
    )
    assert caught.value.status == 429
    assert retry_sleeps == [0.5, 1.0, 2.0]
    assert len(fake_ai.requests) == 4


def test_anthropic_401_fails_at_once(fake_ai: FakeAIServer, retry_sleeps: list[float]):
    fake_ai.reply(Reply(401, anthropic_error("authentication_error", "invalid x-api-key")))

    with pytest.raises(ProviderError) as caught:
        anthropic(fake_ai).complete(REQUEST)

    assert str(caught.value) == "Anthropic answered HTTP 401 (the API key was rejected): invalid x-api-key"
    assert (caught.value.status, caught.value.retryable) == (401, False)
    assert len(fake_ai.requests) == 1
    assert retry_sleeps == []


def test_anthropic_malformed_body_is_a_provider_error(fake_ai: FakeAIServer):
    fake_ai.reply(Reply(200, b"{not json"))

    with pytest.raises(ProviderError) as caught:
        anthropic(fake_ai).complete(REQUEST)

    assert str(caught.value) == "Anthropic answered with something that is not JSON"
    assert len(fake_ai.requests) == 1
