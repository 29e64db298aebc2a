"""Matrix row "OpenAI Chat Completions client": the official `openai` SDK's `chat.completions` against
every upstream kind (mock, openai, openai-compatible, anthropic, gemini).

Chat -> openai / openai-compatible is passthrough; chat -> anthropic / gemini is translated through
the canonical model. Expected values come from the capture the test upstream replays for the
scenario (`support.expected`) or from what the mock says (`support.mock_answer`)."""

from __future__ import annotations

import json

import openai
import pytest

from support import (MOCK_TOOL, MOCK_TOOL_ARGUMENTS, TOOL_PROMPT, TOOL_RESULT, CallSummary, UsageSummary, expected,
                     kinds, mock_answer, mock_tool_answer, model_for, tool_for, words)

SAID = "What is the capital of France?"

NOT_TRANSLATED: dict[str, str] = {}
KINDS = kinds(xfail=NOT_TRANSLATED)
UPSTREAM_KINDS = kinds(xfail=NOT_TRANSLATED, without=("mock",))


def assert_chat_usage(usage, want: UsageSummary) -> None:
    assert usage is not None
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (want.prompt, want.completion, want.total)
    if want.cached:
        assert usage.prompt_tokens_details.cached_tokens == want.cached
    if want.reasoning:
        assert usage.completion_tokens_details.reasoning_tokens == want.reasoning


def assert_mock_usage(usage, answer: str) -> None:
    assert usage.completion_tokens == words(answer)
    assert usage.prompt_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def chat_tools(kind: str, calls: list[CallSummary]) -> list[dict]:
    return [{"type": "function", "function": {"name": name, "description": f"The {name} tool.", "parameters": schema}}
            for name, schema in tool_for(kind, calls)]


def assert_calls(tool_calls, want: list[CallSummary]) -> None:
    assert tool_calls, "no tool calls"
    assert [(call.function.name, json.loads(call.function.arguments)) for call in tool_calls] == \
        [(call.name, call.arguments) for call in want]
    assert all(call.type == "function" and call.id for call in tool_calls)
    assert len({call.id for call in tool_calls}) == len(tool_calls), "tool call ids must be distinct"


# --- create ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_create(client: openai.OpenAI, kind: str):
    model = model_for(kind, "text")
    completion = client.chat.completions.create(model=model, messages=[{"role": "user", "content": SAID}])

    assert completion.object == "chat.completion"
    assert completion.model == model
    assert completion.id
    choice = completion.choices[0]
    assert choice.message.role == "assistant"
    assert choice.finish_reason == "stop"
    assert choice.message.tool_calls is None
    if kind == "mock":
        assert choice.message.content == mock_answer(SAID)
        assert_mock_usage(completion.usage, mock_answer(SAID))
    else:
        want = expected(kind, "chat", "text", stream=False)
        assert choice.message.content == want.text
        assert_chat_usage(completion.usage, want.usage)


# --- stream ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_stream(client: openai.OpenAI, kind: str):
    model = model_for(kind, "text")
    chunks = list(client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": SAID}], stream=True, stream_options={"include_usage": True}))

    assert all(chunk.object == "chat.completion.chunk" and chunk.model == model for chunk in chunks)
    assert len({chunk.id for chunk in chunks}) == 1, "every chunk of one completion carries the same id"
    content = [chunk for chunk in chunks if chunk.choices and chunk.choices[0].delta.content]
    text = "".join(chunk.choices[0].delta.content for chunk in content)
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == ["stop"]
    usage_chunk = chunks[-1]
    assert usage_chunk.choices == [] and usage_chunk.usage is not None
    assert all(chunk.usage is None for chunk in chunks[:-1])
    if kind == "mock":
        assert text == mock_answer(SAID)
        assert len(content) == words(mock_answer(SAID)), "the mock streams one word a chunk"
        assert_mock_usage(usage_chunk.usage, text)
    else:
        want = expected(kind, "chat", "text", stream=True)
        assert text == want.text
        assert_chat_usage(usage_chunk.usage, want.usage)


@pytest.mark.parametrize("kind", KINDS)
def test_stream_without_include_usage_has_no_usage_chunk(client: openai.OpenAI, kind: str):
    chunks = list(client.chat.completions.create(
        model=model_for(kind, "text"), messages=[{"role": "user", "content": SAID}], stream=True))
    assert chunks and all(chunk.choices and chunk.usage is None for chunk in chunks)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == (mock_answer(SAID) if kind == "mock" else expected(kind, "chat", "text", stream=True).text)


# --- tools round trip -----------------------------------------------------------------------

def _first_turn(client: openai.OpenAI, model: str, tools: list[dict], stream: bool):
    messages = [{"role": "user", "content": TOOL_PROMPT}]
    if stream:
        with client.chat.completions.stream(model=model, messages=messages, tools=tools,
                                            stream_options={"include_usage": True}) as events:
            completion = events.get_final_completion()
    else:
        completion = client.chat.completions.create(model=model, messages=messages, tools=tools)
    return messages, completion


@pytest.mark.parametrize("stream", [False, True], ids=["create", "stream"])
@pytest.mark.parametrize("kind", KINDS)
def test_tools_round_trip(client: openai.OpenAI, kind: str, stream: bool):
    model = model_for(kind, "tools")
    want = None if kind == "mock" else expected(kind, "chat", "tools", stream=stream)
    want_calls = [CallSummary(None, MOCK_TOOL, MOCK_TOOL_ARGUMENTS)] if kind == "mock" else want.calls
    tools = chat_tools(kind, want_calls)

    messages, first = _first_turn(client, model, tools, stream)
    choice = first.choices[0]
    assert first.model == model
    assert choice.finish_reason == "tool_calls"
    assert_calls(choice.message.tool_calls, want_calls)
    if want is not None and want.text:  # some captures say something before calling
        assert choice.message.content == want.text
    else:
        assert not choice.message.content
    if want is not None:
        assert_chat_usage(first.usage, want.usage)

    messages = messages + [
        {"role": "assistant", "content": choice.message.content,
         "tool_calls": [{"id": call.id, "type": "function",
                         "function": {"name": call.function.name, "arguments": call.function.arguments}}
                        for call in choice.message.tool_calls]},
        *[{"role": "tool", "tool_call_id": call.id, "content": TOOL_RESULT} for call in choice.message.tool_calls],
    ]
    if stream:
        with client.chat.completions.stream(model=model, messages=messages, tools=tools) as events:
            second = events.get_final_completion()
    else:
        second = client.chat.completions.create(model=model, messages=messages, tools=tools)
    answer = second.choices[0]
    assert answer.finish_reason == "stop"
    assert answer.message.tool_calls in (None, [])
    if kind == "mock":
        assert answer.message.content == mock_tool_answer(MOCK_TOOL, TOOL_RESULT)
    else:
        assert answer.message.content == expected(kind, "chat", "text", stream=stream).text


@pytest.mark.parametrize("stream", [False, True], ids=["create", "stream"])
@pytest.mark.parametrize("kind", UPSTREAM_KINDS)
def test_parallel_tool_calls(client: openai.OpenAI, kind: str, stream: bool):
    """Every recorded call arrives, in order, each with its own id (two calls where the capture has two)."""
    model = model_for(kind, "parallel-tools")
    want = expected(kind, "chat", "parallel-tools", stream=stream)
    tools = chat_tools(kind, want.calls)
    _, completion = _first_turn(client, model, tools, stream)
    assert completion.choices[0].finish_reason == "tool_calls"
    assert_calls(completion.choices[0].message.tool_calls, want.calls)
    assert_chat_usage(completion.usage, want.usage)
