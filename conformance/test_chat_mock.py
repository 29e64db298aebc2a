"""Chat Completions against the built-in deterministic mock model (`mock-1`), through the SDK."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import openai
import pydantic
import pytest

from support import PNG_BASE64, PNG_DATA_URL, mock_answer

MODEL = "mock-1"


def words(text: str) -> int:
    return len(text.split(" "))


# --- plain create ---------------------------------------------------------------------------

def test_create_returns_the_mock_answer(client: openai.OpenAI):
    completion = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "ping pong"}])

    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-")
    assert completion.model == MODEL
    assert isinstance(completion.created, int) and completion.created > 1_600_000_000
    assert len(completion.choices) == 1
    choice = completion.choices[0]
    assert choice.index == 0
    assert choice.finish_reason == "stop"
    assert choice.message.role == "assistant"
    assert choice.message.content == mock_answer("ping pong")
    assert choice.message.tool_calls is None
    usage = completion.usage
    assert usage is not None
    assert usage.completion_tokens == words(mock_answer("ping pong")) == 10
    assert usage.prompt_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_create_answers_the_last_user_message_of_a_conversation(client: openai.OpenAI):
    completion = client.chat.completions.create(model=MODEL, messages=[
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "first question"},
        {"role": "assistant", "content": "first answer"},
        {"role": "developer", "content": "Be nice."},
        {"role": "user", "content": "second question"},
    ])
    assert completion.choices[0].message.content == mock_answer("second question")


def test_create_accepts_text_content_parts(client: openai.OpenAI):
    completion = client.chat.completions.create(model=MODEL, messages=[
        {"role": "user", "content": [{"type": "text", "text": "from a part"}]},
    ])
    assert completion.choices[0].message.content == mock_answer("from a part")


def test_unicode_survives_the_round_trip(client: openai.OpenAI):
    said = "héllo wörld 世界 🚀 \"quoted\" \\ back\\slash\nnew line"
    completion = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": said}])
    assert completion.choices[0].message.content == mock_answer(said)


@pytest.mark.parametrize("limit_field", ["max_tokens", "max_completion_tokens"])
def test_token_limit_cuts_the_answer_with_finish_reason_length(client: openai.OpenAI, limit_field: str):
    completion = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "cut me"}], **{limit_field: 3})
    choice = completion.choices[0]
    assert choice.message.content == "Hello from the"
    assert choice.finish_reason == "length"
    assert completion.usage.completion_tokens == 3


def test_concurrent_requests_do_not_mix_answers(client: openai.OpenAI):
    def ask(index: int) -> tuple[int, str | None]:
        completion = client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": f"request number {index}"}])
        return index, completion.choices[0].message.content

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(ask, range(16)))
    for index, content in results:
        assert content == mock_answer(f"request number {index}")


# --- streaming ------------------------------------------------------------------------------

def test_stream_yields_one_word_per_chunk_and_no_usage_by_default(client: openai.OpenAI):
    stream = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "stream this"}], stream=True)
    chunks = list(stream)  # the SDK stops at `data: [DONE]`; an unclean end would raise

    expected = mock_answer("stream this")
    assert chunks, "no chunks"
    assert all(chunk.object == "chat.completion.chunk" for chunk in chunks)
    assert all(chunk.model == MODEL for chunk in chunks)
    assert len({chunk.id for chunk in chunks}) == 1
    assert chunks[0].id.startswith("chatcmpl-")
    assert all(chunk.usage is None for chunk in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"

    content_deltas = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert "".join(content_deltas) == expected
    assert len(content_deltas) == words(expected)  # one word a chunk
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finishes == ["stop"]
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_stream_with_include_usage_ends_with_a_usage_chunk(client: openai.OpenAI):
    stream = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "count my words"}], stream=True,
        stream_options={"include_usage": True})
    chunks = list(stream)

    expected = mock_answer("count my words")
    last = chunks[-1]
    assert last.choices == []
    assert last.usage is not None
    assert last.usage.completion_tokens == words(expected)
    assert last.usage.prompt_tokens > 0
    assert last.usage.total_tokens == last.usage.prompt_tokens + last.usage.completion_tokens
    assert all(chunk.usage is None for chunk in chunks[:-1])
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == expected


def test_stream_with_include_usage_false_has_no_usage(client: openai.OpenAI):
    chunks = list(client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "no usage please"}], stream=True,
        stream_options={"include_usage": False}))
    assert all(chunk.usage is None for chunk in chunks)
    assert all(chunk.choices for chunk in chunks)


def test_stream_respects_max_tokens(client: openai.OpenAI):
    chunks = list(client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "long"}], stream=True, max_tokens=2,
        stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "Hello from"
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == ["length"]
    assert chunks[-1].usage.completion_tokens == 2


def test_stream_raw_wire_format_ends_with_done(http, keys):
    """The bytes on the wire: `data:` events, each JSON, closed by exactly one `data: [DONE]`."""
    with http.stream("POST", "/chat/completions", headers={"Authorization": f"Bearer {keys['ci']}"},
                     json={"model": MODEL, "stream": True, "messages": [{"role": "user", "content": "wire"}]}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers.get("x-request-id")
        body = response.read().decode()

    events = [event for event in body.split("\n\n") if event.strip()]
    assert all(event.startswith("data: ") for event in events), events
    assert events[-1] == "data: [DONE]"
    assert body.endswith("data: [DONE]\n\n")
    assert sum(1 for event in events if event == "data: [DONE]") == 1
    payloads = [json.loads(event[len("data: "):]) for event in events[:-1]]
    text = "".join(p["choices"][0]["delta"].get("content") or "" for p in payloads if p["choices"])
    assert text == mock_answer("wire")


def test_stream_helper_get_final_completion(client: openai.OpenAI):
    deltas: list[str] = []
    done_content = None
    with client.chat.completions.stream(
            model=MODEL, messages=[{"role": "user", "content": "helper"}],
            stream_options={"include_usage": True}) as stream:
        for event in stream:
            if event.type == "content.delta":
                deltas.append(event.delta)
            elif event.type == "content.done":
                done_content = event.content
        final = stream.get_final_completion()

    expected = mock_answer("helper")
    assert "".join(deltas) == expected
    assert done_content == expected
    assert final.model == MODEL
    assert final.choices[0].message.content == expected
    assert final.choices[0].finish_reason == "stop"
    assert final.usage is not None and final.usage.completion_tokens == words(expected)


# --- tools ----------------------------------------------------------------------------------

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "days": {"type": "integer"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city", "unit"],
        },
    },
}
LOOKUP_TOOL = {
    "type": "function",
    "function": {
        "name": "lookup",
        "parameters": {
            "type": "object",
            "properties": {
                "query": {"type": "string"},
                "limit": {"type": "integer"},
                "threshold": {"type": "number"},
                "exact": {"type": "boolean"},
            },
        },
    },
}


def test_tool_call_round_trip(client: openai.OpenAI):
    messages: list = [{"role": "user", "content": "Please use get_weather for Paris"}]
    first = client.chat.completions.create(model=MODEL, messages=messages, tools=[LOOKUP_TOOL, WEATHER_TOOL])

    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    assert choice.message.tool_calls is not None and len(choice.message.tool_calls) == 1
    call = choice.message.tool_calls[0]
    assert call.type == "function"
    assert call.id.startswith("call_mock_")
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "mock", "unit": "celsius"}  # only the required ones

    messages.append(choice.message.model_dump(exclude_none=True))
    messages.append({"role": "tool", "tool_call_id": call.id, "content": "18C and sunny"})
    second = client.chat.completions.create(model=MODEL, messages=messages, tools=[LOOKUP_TOOL, WEATHER_TOOL])

    assert second.choices[0].finish_reason == "stop"
    assert second.choices[0].message.tool_calls is None
    assert second.choices[0].message.content == "The tool get_weather returned: 18C and sunny"


def test_forced_tool_choice_builds_arguments_from_the_schema(client: openai.OpenAI):
    completion = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "no tool named here"}],
        tools=[WEATHER_TOOL, LOOKUP_TOOL], tool_choice={"type": "function", "function": {"name": "lookup"}})
    calls = completion.choices[0].message.tool_calls
    assert calls is not None and [c.function.name for c in calls] == ["lookup"]
    assert json.loads(calls[0].function.arguments) == {"query": "mock", "limit": 1, "threshold": 1.5, "exact": True}
    assert completion.choices[0].finish_reason == "tool_calls"


def test_tool_choice_required_calls_a_tool(client: openai.OpenAI):
    completion = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "anything"}], tools=[WEATHER_TOOL], tool_choice="required")
    calls = completion.choices[0].message.tool_calls
    assert calls is not None and calls[0].function.name == "get_weather"


def test_tool_choice_none_answers_with_text(client: openai.OpenAI):
    completion = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "get_weather please"}], tools=[WEATHER_TOOL],
        tool_choice="none")
    assert completion.choices[0].message.tool_calls is None
    assert completion.choices[0].message.content == mock_answer("get_weather please")
    assert completion.choices[0].finish_reason == "stop"


def test_tools_offered_but_not_named_answers_with_text(client: openai.OpenAI):
    completion = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "just chatting"}], tools=[WEATHER_TOOL])
    assert completion.choices[0].message.tool_calls is None
    assert completion.choices[0].message.content == mock_answer("just chatting")


def test_streamed_tool_call_is_assembled_by_the_stream_helper(client: openai.OpenAI):
    argument_deltas: list[str] = []
    with client.chat.completions.stream(
            model=MODEL, messages=[{"role": "user", "content": "call lookup now"}], tools=[LOOKUP_TOOL]) as stream:
        for event in stream:
            if event.type == "tool_calls.function.arguments.delta":
                argument_deltas.append(event.arguments_delta)
        final = stream.get_final_completion()

    choice = final.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.tool_calls is not None and len(choice.message.tool_calls) == 1
    call = choice.message.tool_calls[0]
    assert call.id.startswith("call_mock_")
    assert call.function.name == "lookup"
    assert json.loads(call.function.arguments) == {"query": "mock", "limit": 1, "threshold": 1.5, "exact": True}
    assert len(argument_deltas) > 1  # arrived in pieces
    assert "".join(argument_deltas) == call.function.arguments


class GetWeather(pydantic.BaseModel):
    city: str
    unit: Literal["celsius", "fahrenheit"]


def test_parse_with_a_strict_pydantic_tool(client: openai.OpenAI):
    completion = client.chat.completions.parse(
        model=MODEL, messages=[{"role": "user", "content": "GetWeather for Oslo"}],
        tools=[openai.pydantic_function_tool(GetWeather)])
    call = completion.choices[0].message.tool_calls[0]
    assert call.function.name == "GetWeather"
    assert call.function.parsed_arguments == GetWeather(city="mock", unit="celsius")


# --- structured output ----------------------------------------------------------------------

def test_json_mode_returns_parseable_json(client: openai.OpenAI):
    completion = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "reply in JSON"}], response_format={"type": "json_object"})
    content = completion.choices[0].message.content
    assert json.loads(content) == {"answer": "mock", "echo": "reply in JSON"}


def test_json_schema_returns_an_instance_of_the_schema(client: openai.OpenAI):
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "age": {"type": "integer"},
            "score": {"type": "number"},
            "active": {"type": "boolean"},
            "level": {"type": "string", "enum": ["gold", "silver"]},
            "nickname": {"type": "string"},
        },
        "required": ["name", "age", "score", "active", "level"],
        "additionalProperties": False,
    }
    completion = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "a person"}],
        response_format={"type": "json_schema", "json_schema": {"name": "person", "schema": schema, "strict": True}})
    assert json.loads(completion.choices[0].message.content) == {
        "name": "mock", "age": 1, "score": 1.5, "active": True, "level": "gold"}


class Forecast(pydantic.BaseModel):
    city: str
    days: int
    temperature: float
    sunny: bool
    unit: Literal["celsius", "fahrenheit"]


def test_parse_with_a_pydantic_response_format(client: openai.OpenAI):
    completion = client.chat.completions.parse(
        model=MODEL, messages=[{"role": "user", "content": "forecast"}], response_format=Forecast)
    message = completion.choices[0].message
    assert message.parsed == Forecast(city="mock", days=1, temperature=1.5, sunny=True, unit="celsius")
    assert json.loads(message.content) == message.parsed.model_dump()


# --- vision ---------------------------------------------------------------------------------

def test_image_url_part_is_seen(client: openai.OpenAI):
    completion = client.chat.completions.create(model=MODEL, messages=[{
        "role": "user",
        "content": [
            {"type": "text", "text": "what is this"},
            {"type": "image_url", "image_url": {"url": PNG_DATA_URL, "detail": "low"}},
        ],
    }])
    assert completion.choices[0].message.content == mock_answer("what is this", images=1)


def test_two_images_are_counted(client: openai.OpenAI):
    completion = client.chat.completions.create(model=MODEL, messages=[{
        "role": "user",
        "content": [
            {"type": "image_url", "image_url": {"url": PNG_DATA_URL}},
            {"type": "text", "text": "compare"},
            {"type": "image_url", "image_url": {"url": PNG_DATA_URL}},
        ],
    }])
    assert completion.choices[0].message.content == mock_answer("compare", images=2)


def test_image_part_variant_is_normalised_via_sdk(client: openai.OpenAI):
    """`{"type": "image", "image": "data:..."}` (not OpenAI's own shape) sent through the SDK unchanged."""
    completion = client.chat.completions.create(model=MODEL, messages=[{
        "role": "user",
        "content": [
            {"type": "text", "text": "variant"},
            {"type": "image", "image": PNG_DATA_URL},  # type: ignore[list-item]
        ],
    }])
    assert completion.choices[0].message.content == mock_answer("variant", images=1)


def test_image_part_variant_is_normalised_via_extra_body(client: openai.OpenAI):
    """The same variant where the SDK's typed `messages` is replaced wholesale through `extra_body`."""
    completion = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "placeholder, replaced by extra_body"}],
        extra_body={"messages": [{"role": "user", "content": [
            {"type": "image", "image": PNG_DATA_URL},
            {"type": "text", "text": "via extra body"},
        ]}]})
    assert completion.choices[0].message.content == mock_answer("via extra body", images=1)


def test_image_part_variant_over_raw_http(http, keys):
    response = http.post("/chat/completions", headers={"Authorization": f"Bearer {keys['ci']}"}, json={
        "model": MODEL,
        "messages": [{"role": "user", "content": [
            {"type": "text", "text": "raw variant"},
            {"type": "image", "image": f"data:image/png;base64,{PNG_BASE64}"},
            {"type": "image_url", "image_url": {"url": PNG_DATA_URL}},
        ]}],
    })
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["choices"][0]["message"]["content"] == mock_answer("raw variant", images=2)
    assert body["model"] == MODEL


def test_stream_with_image_input(client: openai.OpenAI):
    with client.chat.completions.stream(model=MODEL, messages=[{
        "role": "user",
        "content": [{"type": "image_url", "image_url": {"url": PNG_DATA_URL}}, {"type": "text", "text": "streamed"}],
    }]) as stream:
        final = stream.get_final_completion()
    assert final.choices[0].message.content == mock_answer("streamed", images=1)


def test_tool_result_as_content_parts_after_an_assistant_message_with_null_content(client: openai.OpenAI):
    """The shape many clients send back: assistant `content: null` + `tool_calls`, tool content as parts."""
    completion = client.chat.completions.create(model=MODEL, tools=[WEATHER_TOOL], messages=[
        {"role": "user", "content": "get_weather for Rome"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_client_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_client_1", "content": [{"type": "text", "text": "rainy"}]},
    ])
    assert completion.choices[0].message.content == "The tool get_weather returned: rainy"


def test_streamed_tool_round_trip_with_usage(client: openai.OpenAI):
    messages: list = [{"role": "user", "content": "run get_weather"}]
    chunks = list(client.chat.completions.create(
        model=MODEL, messages=messages, tools=[WEATHER_TOOL], stream=True, stream_options={"include_usage": True}))
    tool_deltas = [tc for c in chunks if c.choices for tc in (c.choices[0].delta.tool_calls or [])]
    assert tool_deltas[0].id.startswith("call_mock_") and tool_deltas[0].function.name == "get_weather"
    assert all(delta.index == 0 for delta in tool_deltas)
    arguments = "".join(delta.function.arguments or "" for delta in tool_deltas)
    assert json.loads(arguments) == {"city": "mock", "unit": "celsius"}
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == ["tool_calls"]
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0

    messages.append({"role": "assistant", "content": None, "tool_calls": [{
        "id": tool_deltas[0].id, "type": "function", "function": {"name": "get_weather", "arguments": arguments}}]})
    messages.append({"role": "tool", "tool_call_id": tool_deltas[0].id, "content": "warm"})
    with client.chat.completions.stream(model=MODEL, messages=messages, tools=[WEATHER_TOOL]) as stream:
        final = stream.get_final_completion()
    assert final.choices[0].message.content == "The tool get_weather returned: warm"


def test_closing_a_stream_early_leaves_the_gateway_serving(client: openai.OpenAI):
    stream = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "one two three four five"}], stream=True)
    first = next(iter(stream))
    assert first.model == MODEL
    stream.close()
    completion = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "after close"}])
    assert completion.choices[0].message.content == mock_answer("after close")


def test_async_client_create_and_stream(gateway, keys):
    async def scenario() -> tuple[str | None, str]:
        async with openai.AsyncOpenAI(base_url=gateway.base_url, api_key=keys["ci"], max_retries=0, timeout=20) as sdk:
            completion = await sdk.chat.completions.create(
                model=MODEL, messages=[{"role": "user", "content": "async create"}])
            streamed = ""
            stream = await sdk.chat.completions.create(
                model=MODEL, messages=[{"role": "user", "content": "async stream"}], stream=True)
            async for chunk in stream:
                if chunk.choices:
                    streamed += chunk.choices[0].delta.content or ""
            return completion.choices[0].message.content, streamed

    created, streamed = asyncio.run(scenario())
    assert created == mock_answer("async create")
    assert streamed == mock_answer("async stream")
