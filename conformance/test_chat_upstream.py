"""Chat Completions relayed to an OpenAI-compatible upstream (the project's test upstream, which
replays real recorded OpenAI traffic). The SDK must parse what the gateway relays, the client's
model name must show in `model`, and everything else the upstream sent must survive."""

from __future__ import annotations

import json

import openai
import pytest

from support import fixture_json, fixture_stream_payloads, with_model

# --- non-stream -----------------------------------------------------------------------------

def test_create_relays_the_recorded_completion(client: openai.OpenAI):
    recorded = fixture_json("chat-nonstream-text")
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Invent a holiday"}])

    assert completion.model == "gpt-4o-mini"  # the client's name, not the upstream's gpt-4.1-nano-...
    assert completion.id == recorded["id"]
    assert completion.created == recorded["created"]
    assert completion.object == "chat.completion"
    choice = completion.choices[0]
    assert choice.message.content == recorded["choices"][0]["message"]["content"]
    assert choice.message.role == "assistant"
    assert choice.message.refusal is None
    assert choice.message.annotations == []
    assert choice.finish_reason == "stop"
    # upstream extras survive
    assert completion.system_fingerprint == "fp_de604bd877"
    assert completion.service_tier == "default"
    usage = completion.usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (16, 363, 379)
    assert usage.prompt_tokens_details.cached_tokens == 0
    assert usage.prompt_tokens_details.audio_tokens == 0
    assert usage.completion_tokens_details.reasoning_tokens == 0
    assert usage.completion_tokens_details.accepted_prediction_tokens == 0
    assert usage.completion_tokens_details.rejected_prediction_tokens == 0


@pytest.mark.parametrize("alias, fixture", [
    ("gpt-4o-mini", "chat-nonstream-text"),
    ("tools-parallel", "chat-nonstream-tool-calls-parallel"),
    ("tool-single", "chat-nonstream-tool-call-single"),
    ("refusal", "chat-nonstream-refusal"),
    ("reasoning", "chat-nonstream-reasoning-usage-o3-mini"),
    ("cached", "chat-nonstream-cached-tokens"),
])
def test_non_stream_body_is_relayed_unchanged_but_for_model(http, keys, alias: str, fixture: str):
    response = http.post("/chat/completions", headers={"Authorization": f"Bearer {keys['ci']}"},
                         json={"model": alias, "messages": [{"role": "user", "content": "hi"}]})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == with_model(fixture_json(fixture), alias)


def test_parallel_tool_calls_are_parsed_by_the_sdk(client: openai.OpenAI):
    completion = client.chat.completions.create(
        model="tools-parallel", messages=[{"role": "user", "content": "Weather in Edinburgh and AAPL price?"}],
        tools=[
            {"type": "function", "function": {"name": "GetWeatherArgs", "parameters": {"type": "object"}}},
            {"type": "function", "function": {"name": "get_stock_price", "parameters": {"type": "object"}}},
        ], parallel_tool_calls=True)

    assert completion.model == "tools-parallel"
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    calls = choice.message.tool_calls
    assert [call.id for call in calls] == ["call_fdNz3vOBKYgOIpMdWotB9MjY", "call_h1DWI1POMJLb0KwIyQHWXD4p"]
    assert [call.type for call in calls] == ["function", "function"]
    assert [call.function.name for call in calls] == ["GetWeatherArgs", "get_stock_price"]
    assert json.loads(calls[0].function.arguments) == {"city": "Edinburgh", "country": "GB", "units": "c"}
    assert json.loads(calls[1].function.arguments) == {"ticker": "AAPL", "exchange": "NASDAQ"}
    assert completion.system_fingerprint == "fp_b40fb1c6fb"
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens, completion.usage.total_tokens) == (149, 60, 209)


def test_refusal_is_parsed_by_the_sdk(client: openai.OpenAI):
    completion = client.chat.completions.create(model="refusal", messages=[{"role": "user", "content": "x"}])
    message = completion.choices[0].message
    assert message.content is None
    assert message.refusal == "I'm very sorry, but I can't assist with that."


def test_reasoning_and_cached_token_details_survive(client: openai.OpenAI):
    reasoning = client.chat.completions.create(model="reasoning", messages=[{"role": "user", "content": "x"}])
    assert reasoning.model == "reasoning"
    assert reasoning.usage.completion_tokens == 238
    assert reasoning.usage.completion_tokens_details.reasoning_tokens == 192
    assert reasoning.system_fingerprint == "fp_e20469f047"

    cached = client.chat.completions.create(model="cached", messages=[{"role": "user", "content": "x"}])
    assert cached.usage.prompt_tokens == 4020
    assert cached.usage.prompt_tokens_details.cached_tokens == 4012
    assert cached.usage.prompt_tokens_details.to_dict().get("cache_write_tokens") == 0
    assert cached.system_fingerprint is None


def test_unknown_request_fields_are_accepted(client: openai.OpenAI):
    """The gateway passes request fields through untouched; extra ones must not be rejected."""
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
        temperature=0.2, top_p=0.9, seed=7, user="conformance", metadata={"suite": "conformance"}, store=False,
        extra_body={"vendor_specific_option": {"nested": [1, 2, 3]}})
    assert completion.model == "gpt-4o-mini"
    assert completion.id == fixture_json("chat-nonstream-text")["id"]


# --- streaming ------------------------------------------------------------------------------

def test_stream_without_include_usage_drops_the_usage_chunk(client: openai.OpenAI):
    chunks = list(client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "capital of the UK?"}], stream=True))

    assert all(chunk.usage is None for chunk in chunks)
    assert all(chunk.choices for chunk in chunks), "a usage-only chunk leaked to a client that did not ask for it"
    assert all(chunk.model == "gpt-4o-mini" for chunk in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "The capital of the UK is London."
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert all(chunk.system_fingerprint == "fp_d0469e1700" for chunk in chunks)
    assert all(chunk.service_tier == "default" for chunk in chunks)
    recorded = [p for p in fixture_stream_payloads("chat-stream-text-include-usage") if p["choices"]]
    assert [chunk.to_dict().get("obfuscation") for chunk in chunks] == [p["obfuscation"] for p in recorded]


def test_stream_with_include_usage_keeps_the_upstream_usage(client: openai.OpenAI):
    chunks = list(client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "capital of the UK?"}], stream=True,
        stream_options={"include_usage": True}))

    last = chunks[-1]
    assert last.choices == []
    assert (last.usage.prompt_tokens, last.usage.completion_tokens, last.usage.total_tokens) == (78, 9, 87)
    assert last.usage.completion_tokens_details.reasoning_tokens == 0
    assert last.usage.prompt_tokens_details.cached_tokens == 0
    assert all(chunk.usage is None for chunk in chunks[:-1])
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "The capital of the UK is London."


def test_stream_with_include_usage_false_drops_the_usage_chunk(client: openai.OpenAI):
    """The gateway asks the upstream for usage anyway; a client that said no must not get it."""
    chunks = list(client.chat.completions.create(
        model="stream-tool", messages=[{"role": "user", "content": "x"}], stream=True,
        stream_options={"include_usage": False},
        tools=[{"type": "function", "function": {"name": "get_capital", "parameters": {"type": "object"}}}]))
    assert chunks and all(chunk.choices and chunk.usage is None for chunk in chunks)
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


STREAM_FIXTURES = [
    ("gpt-4o-mini", "chat-stream-text-include-usage"),
    ("stream-tool", "chat-stream-tool-call-include-usage"),
    ("stream-tools-parallel", "chat-stream-parallel-tool-calls-include-usage"),
    ("stream-refusal", "chat-stream-refusal"),
    ("stream-length", "chat-stream-finish-length"),
    ("stream-n3", "chat-stream-n3-choices"),
    ("stream-logprobs", "chat-stream-logprobs"),
    ("stream-azure", "chat-stream-reasoning-usage-azure"),
]


def _raw_stream(http, key: str, body: dict) -> list[str]:
    with http.stream("POST", "/chat/completions", headers={"Authorization": f"Bearer {key}"}, json=body) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        text = response.read().decode()
    assert text.endswith("data: [DONE]\n\n")
    return [event for event in text.split("\n\n") if event.strip()]


@pytest.mark.parametrize("alias, fixture", STREAM_FIXTURES)
def test_stream_with_usage_is_relayed_unchanged_but_for_model(http, keys, alias: str, fixture: str):
    events = _raw_stream(http, keys["ci"], {
        "model": alias, "stream": True, "stream_options": {"include_usage": True},
        "messages": [{"role": "user", "content": "hi"}]})
    assert events[-1] == "data: [DONE]"
    relayed = [json.loads(event[len("data: "):]) for event in events[:-1]]
    expected = [with_model(payload, alias) for payload in fixture_stream_payloads(fixture)]
    assert relayed == expected


@pytest.mark.parametrize("alias, fixture", STREAM_FIXTURES)
def test_stream_without_usage_drops_only_the_usage_chunk(http, keys, alias: str, fixture: str):
    events = _raw_stream(http, keys["ci"], {
        "model": alias, "stream": True, "messages": [{"role": "user", "content": "hi"}]})
    relayed = [json.loads(event[len("data: "):]) for event in events[:-1]]
    expected = [with_model(payload, alias) for payload in fixture_stream_payloads(fixture)
                if not (payload["choices"] == [] and payload.get("usage"))]
    assert relayed == expected
    assert not any(payload.get("usage") for payload in relayed)


def _recorded_tool_calls(fixture: str) -> list[dict]:
    """The tool calls a recorded stream adds up to: id, name and concatenated arguments per index."""
    calls: dict[int, dict] = {}
    for payload in fixture_stream_payloads(fixture):
        for choice in payload["choices"]:
            for delta in choice["delta"].get("tool_calls") or []:
                call = calls.setdefault(delta["index"], {"id": None, "name": None, "arguments": ""})
                call["id"] = delta.get("id") or call["id"]
                call["name"] = (delta.get("function") or {}).get("name") or call["name"]
                call["arguments"] += (delta.get("function") or {}).get("arguments") or ""
    return [calls[index] for index in sorted(calls)]


def test_streamed_parallel_tool_calls_are_assembled_by_the_stream_helper(client: openai.OpenAI):
    recorded = _recorded_tool_calls("chat-stream-parallel-tool-calls-include-usage")
    assert len(recorded) == 2
    with client.chat.completions.stream(
            model="stream-tools-parallel", messages=[{"role": "user", "content": "x"}],
            tools=[{"type": "function", "function": {"name": "GetWeatherArgs", "parameters": {"type": "object"}}},
                   {"type": "function", "function": {"name": "get_stock_price", "parameters": {"type": "object"}}}],
            stream_options={"include_usage": True}) as stream:
        final = stream.get_final_completion()

    assert final.model == "stream-tools-parallel"
    calls = final.choices[0].message.tool_calls
    assert [call.id for call in calls] == [call["id"] for call in recorded]
    assert [call.function.name for call in calls] == ["GetWeatherArgs", "get_stock_price"]
    assert [call.function.arguments for call in calls] == [call["arguments"] for call in recorded]
    assert json.loads(calls[0].function.arguments)["city"] == "Edinburgh"
    assert json.loads(calls[1].function.arguments) == {"ticker": "AAPL", "exchange": "NASDAQ"}
    assert final.choices[0].finish_reason == "tool_calls"
    assert (final.usage.prompt_tokens, final.usage.completion_tokens) == (149, 60)


def test_streamed_single_tool_call_is_assembled_by_the_stream_helper(client: openai.OpenAI):
    with client.chat.completions.stream(
            model="stream-tool", messages=[{"role": "user", "content": "capital of the UK?"}],
            tools=[{"type": "function", "function": {"name": "get_capital", "parameters": {"type": "object"}}}]) as stream:
        final = stream.get_final_completion()
    calls = final.choices[0].message.tool_calls
    assert [(call.id, call.function.name) for call in calls] == [("call_ZR5UUuTt3pf61kjwAJIYdVMj", "get_capital")]
    assert json.loads(calls[0].function.arguments) == {"country": "UK"}
    assert final.usage is None  # not asked for


def test_stream_helper_with_three_choices(client: openai.OpenAI):
    with client.chat.completions.stream(model="stream-n3", messages=[{"role": "user", "content": "x"}], n=3) as stream:
        final = stream.get_final_completion()
    assert [choice.index for choice in final.choices] == [0, 1, 2]
    assert [json.loads(choice.message.content)["temperature"] for choice in final.choices] == [65, 61, 59]
    assert all(choice.finish_reason == "stop" for choice in final.choices)
    assert final.model == "stream-n3"


def test_stream_helper_with_a_refusal(client: openai.OpenAI):
    refusal_deltas: list[str] = []
    with client.chat.completions.stream(model="stream-refusal", messages=[{"role": "user", "content": "x"}]) as stream:
        for event in stream:
            if event.type == "refusal.delta":
                refusal_deltas.append(event.delta)
        final = stream.get_final_completion()
    assert final.choices[0].message.refusal == "I'm sorry, I can't assist with that request."
    assert "".join(refusal_deltas) == "I'm sorry, I can't assist with that request."
    assert final.choices[0].message.content is None


def test_stream_logprobs_are_parsed(client: openai.OpenAI):
    chunks = list(client.chat.completions.create(
        model="stream-logprobs", messages=[{"role": "user", "content": "x"}], stream=True, logprobs=True))
    tokens = [lp for c in chunks if c.choices and c.choices[0].logprobs for lp in (c.choices[0].logprobs.content or [])]
    assert [t.token for t in tokens] == ["Foo", "!"]
    assert tokens[0].logprob == pytest.approx(-0.0025094282)
    assert tokens[0].bytes == [70, 111, 111]


def test_stream_finish_reason_length(client: openai.OpenAI):
    chunks = list(client.chat.completions.create(
        model="stream-length", messages=[{"role": "user", "content": "x"}], stream=True, max_tokens=1))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == '{"'
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == ["length"]


def test_azure_style_stream_with_a_prompt_filter_chunk(client: openai.OpenAI):
    chunks = list(client.chat.completions.create(
        model="stream-azure", messages=[{"role": "user", "content": "x"}], stream=True,
        stream_options={"include_usage": True}))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "Capital of Denmark."
    assert chunks[-1].usage.completion_tokens == 78
    assert chunks[-1].usage.completion_tokens_details.reasoning_tokens == 64
    assert chunks[0].to_dict()["prompt_filter_results"][0]["prompt_index"] == 0
