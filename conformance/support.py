"""Helpers shared by the conformance tests: recorded fixtures and small assertions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CONFORMANCE_DIR = Path(__file__).resolve().parent
REPO_ROOT = CONFORMANCE_DIR.parent
FIXTURES_DIR = REPO_ROOT / "Sources" / "SwitchboardTesting" / "Fixtures" / "openai"

CI_KEY = "sk-conformance-0123456789abcdef"
MOCK_ONLY_KEY = "sk-conformance-mockonly-012345"
ADMIN_KEY = "sb-admin-conformance-0123456789"
MAX_BODY_BYTES = 1_048_576

# Client model name -> upstream model name (what the test upstream replays), on the `upstream` channel.
UPSTREAM_MODEL_MAP = {
    "tools-parallel": "fixture:chat-nonstream-tool-calls-parallel",
    "tool-single": "fixture:chat-nonstream-tool-call-single",
    "refusal": "fixture:chat-nonstream-refusal",
    "reasoning": "fixture:chat-nonstream-reasoning-usage-o3-mini",
    "cached": "fixture:chat-nonstream-cached-tokens",
    "unsupported-param": "fixture:chat-error-400-unsupported-parameter",
    "stream-tool": "fixture:chat-stream-tool-call-include-usage",
    "stream-tools-parallel": "fixture:chat-stream-parallel-tool-calls-include-usage",
    "stream-refusal": "fixture:chat-stream-refusal",
    "stream-length": "fixture:chat-stream-finish-length",
    "stream-n3": "fixture:chat-stream-n3-choices",
    "stream-logprobs": "fixture:chat-stream-logprobs",
    "stream-azure": "fixture:chat-stream-reasoning-usage-azure",
    "limited": "fault:status-429",
    "unavailable": "fault:status-503",
    "broken": "fault:status-500",
    "bad-json": "fault:bad-json",
    "stream-error": "fault:stream-error",
    "drop-mid-stream": "fault:drop-mid-stream",
}
# On a channel with a short first-byte timeout, so a stalled upstream costs ~1 s.
SLOW_MODEL_MAP = {"stall": "fault:stall"}

# A 1x1 transparent PNG.
PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
PNG_DATA_URL = "data:image/png;base64," + PNG_BASE64

MOCK_GREETING = "Hello from the Switchboard mock model."


def mock_answer(said: str, images: int = 0) -> str:
    """What mock-1 answers to a last user message `said` carrying `images` images."""
    note = f" I see {images} image{'' if images == 1 else 's'}." if images else ""
    return f"{MOCK_GREETING}{note} You said: {said}"


def fixture_json(name: str) -> dict:
    return json.loads((FIXTURES_DIR / f"{name}.json").read_text())


def fixture_stream_payloads(name: str) -> list[dict]:
    """The JSON payloads of a recorded stream fixture (`.sse` or `.jsonl`), without [DONE]."""
    sse = FIXTURES_DIR / f"{name}.sse"
    if sse.exists():
        payloads = []
        for line in sse.read_text().splitlines():
            if line.startswith("data: ") and line != "data: [DONE]":
                payloads.append(json.loads(line[len("data: "):]))
        return payloads
    return [json.loads(line) for line in (FIXTURES_DIR / f"{name}.jsonl").read_text().splitlines() if line.strip()]


def with_model(payload: dict, model: str) -> dict:
    """A recorded payload as the gateway should relay it: the same, with the client's model name."""
    relayed = json.loads(json.dumps(payload))
    relayed["model"] = model
    return relayed


# --- the conformance matrix: every client format x every upstream kind -----------------------------

CAPTURES_DIR = REPO_ROOT / "Sources" / "SwitchboardTesting" / "Fixtures"

# Upstream kinds as the config names them, in the order the matrix shows them.
KINDS = ["mock", "openai", "openai-compatible", "anthropic", "gemini"]
UPSTREAM_KINDS = KINDS[1:]
# Client model-name prefix per upstream kind (`oa-text` -> `scenario:text` on the `openai` channel).
KIND_PREFIX = {"openai": "oa", "openai-compatible": "compat", "anthropic": "anth", "gemini": "gem"}
# Channel name, provider and base-URL path (under the test upstream) per upstream kind.
MATRIX_CHANNELS = {
    "openai": ("openai", "/v1"),
    "openai-compatible": ("compat", "/v1"),
    "anthropic": ("anthropic", "/v1"),
    "gemini": ("gemini", "/v1beta"),
}
SCENARIOS = ["text", "tools", "parallel-tools", "thinking", "cached"]


def kinds(*, xfail: dict[str, str] | None = None, without: tuple[str, ...] = ()) -> list:
    """KINDS as pytest parameters; a kind in `xfail` is a cell known (and verified) not to work yet,
    marked strict so that it fails loudly once it does work and the mark must go."""
    return [pytest.param(kind, marks=pytest.mark.xfail(strict=True, reason=xfail[kind])) if kind in (xfail or {}) else kind
            for kind in KINDS if kind not in without]


def matrix_model_map(kind: str) -> dict[str, str]:
    """`oa-text: scenario:text`, ... for one upstream kind."""
    return {f"{KIND_PREFIX[kind]}-{scenario}": f"scenario:{scenario}" for scenario in SCENARIOS}


MATRIX_MODELS = {name for kind in KIND_PREFIX for name in matrix_model_map(kind)}


def model_for(kind: str, scenario: str) -> str:
    """The client model name that reaches `scenario` on `kind` (the mock has one model for all)."""
    return "mock-1" if kind == "mock" else f"{KIND_PREFIX[kind]}-{scenario}"


def upstream_wire(kind: str, client_format: str) -> str:
    """The wire format the gateway speaks to a channel of `kind` for a client in `client_format`:
    OpenAI channels speak Chat, except that Responses clients reach `provider: openai` over Responses."""
    if kind == "openai":
        return "responses" if client_format == "responses" else "chat"
    return {"openai-compatible": "chat", "anthropic": "anthropic", "gemini": "gemini"}[kind]


# Which capture the test upstream replays for `scenario:NAME`, per wire format: (non-stream, stream).
# Mirrors TestUpstreamScenarioTable (Sources/SwitchboardTesting/TestUpstreamScenarioTable.swift);
# `tools` and `parallel-tools` answer as `text` once the conversation's last turn is a tool result.
SCENARIO_CAPTURES: dict[str, dict[str, tuple[str, str]]] = {
    "chat": {
        "text": ("openai/chat-nonstream-text.json", "openai/chat-stream-text-include-usage.sse"),
        "tools": ("openai/chat-nonstream-tool-call-single.json", "openai/chat-stream-tool-call-include-usage.sse"),
        "parallel-tools": ("openai/chat-nonstream-tool-calls-parallel.json",
                           "openai/chat-stream-parallel-tool-calls-include-usage.sse"),
        "thinking": ("openai/chat-nonstream-reasoning-usage-o3-mini.json", "openai/chat-stream-reasoning-usage-azure.jsonl"),
        "cached": ("openai/chat-nonstream-cached-tokens.json", "openai/chat-stream-text-include-usage.sse"),
    },
    "responses": {
        "text": ("openai/responses-nonstream-text.json", "openai/responses-stream-text.sse"),
        "tools": ("openai/responses-nonstream-function-call.json", "openai/responses-stream-function-call.sse"),
        "parallel-tools": ("openai/responses-nonstream-function-call.json", "openai/responses-stream-function-call.sse"),
        "thinking": ("openai/responses-nonstream-reasoning-summary.json",
                     "openai/responses-stream-reasoning-summary-code-interpreter.sse"),
        "cached": ("openai/responses-nonstream-cached-tokens.json", "openai/responses-stream-text.sse"),
    },
    "anthropic": {
        "text": ("anthropic/messages-nonstream-text.json", "anthropic/messages-stream-text.sse"),
        "tools": ("anthropic/messages-nonstream-tool-use.json", "anthropic/messages-stream-tool-use-input-json-delta.sse"),
        "parallel-tools": ("anthropic/messages-nonstream-tool-use.json", "anthropic/messages-stream-parallel-tool-use.sse"),
        "thinking": ("anthropic/messages-nonstream-thinking.json", "anthropic/messages-stream-thinking-signature.sse"),
        "cached": ("anthropic/messages-nonstream-cache-usage.json", "anthropic/messages-stream-cache-read-compaction.sse"),
    },
    "gemini": {
        "text": ("gemini/generate-content-text.json", "gemini/stream-sse-text.sse"),
        "tools": ("gemini/generate-content-function-call.json", "gemini/stream-sse-function-call.sse"),
        "parallel-tools": ("gemini/generate-content-function-call.json", "gemini/stream-sse-function-call.sse"),
        "thinking": ("gemini/generate-content-thoughts.json", "gemini/stream-sse-thoughts.sse"),
        "cached": ("gemini/generate-content-text.json", "gemini/stream-sse-text.sse"),
    },
}


@dataclass
class CallSummary:
    id: str | None
    name: str
    arguments: dict


@dataclass
class UsageSummary:
    """Usage in the canonical convention: `prompt` includes cached and cache-write tokens,
    `completion` includes reasoning tokens."""
    prompt: int
    completion: int
    cached: int = 0
    cache_write: int = 0
    reasoning: int = 0

    @property
    def total(self) -> int:
        return self.prompt + self.completion


@dataclass
class CaptureSummary:
    """What a recorded answer says, read from the capture itself: the expected values of a cell."""
    path: str
    text: str = ""
    reasoning: str = ""
    signatures: list[str] = field(default_factory=list)
    calls: list[CallSummary] = field(default_factory=list)
    usage: UsageSummary | None = None
    finish: str | None = None


def capture_payloads(path: str) -> list[dict]:
    """Every JSON payload of a recorded stream (`.sse` any framing, or `.jsonl`), without [DONE]."""
    raw = (CAPTURES_DIR / path).read_text()
    if path.endswith(".jsonl"):
        return [json.loads(line) for line in raw.splitlines() if line.strip()]
    payloads = []
    for line in raw.replace("\r\n", "\n").split("\n"):
        if line.startswith("data:") and line[5:].strip() != "[DONE]":
            payloads.append(json.loads(line[5:]))
    return payloads


def scenario_capture(wire: str, scenario: str, stream: bool) -> CaptureSummary:
    """What the test upstream answers in `wire` for `scenario:<scenario>`, read from the capture."""
    path = SCENARIO_CAPTURES[wire][scenario][1 if stream else 0]
    reader = {"chat": _chat_summary, "responses": _responses_summary,
              "anthropic": _anthropic_summary, "gemini": _gemini_summary}[wire]
    summary = CaptureSummary(path=path)
    body = capture_payloads(path) if stream else [json.loads((CAPTURES_DIR / path).read_text())]
    reader(summary, body, stream)
    return summary


def _chat_summary(summary: CaptureSummary, payloads: list[dict], stream: bool) -> None:
    calls: dict[int, dict] = {}
    for payload in payloads:
        if payload.get("usage"):
            usage = payload["usage"]
            summary.usage = UsageSummary(
                prompt=usage["prompt_tokens"], completion=usage["completion_tokens"],
                cached=(usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0,
                reasoning=(usage.get("completion_tokens_details") or {}).get("reasoning_tokens") or 0)
        for choice in payload.get("choices") or []:
            if choice.get("index", 0) != 0:
                continue
            part = choice["delta"] if stream else choice["message"]
            summary.text += part.get("content") or ""
            summary.reasoning += part.get("reasoning_content") or ""
            for position, call in enumerate(part.get("tool_calls") or []):
                entry = calls.setdefault(call.get("index", position), {"id": None, "name": "", "arguments": ""})
                entry["id"] = call.get("id") or entry["id"]
                entry["name"] += (call.get("function") or {}).get("name") or ""
                entry["arguments"] += (call.get("function") or {}).get("arguments") or ""
            summary.finish = choice.get("finish_reason") or summary.finish
    summary.calls = [CallSummary(c["id"], c["name"], json.loads(c["arguments"] or "{}")) for _, c in sorted(calls.items())]


def _responses_usage(usage: dict) -> UsageSummary:
    return UsageSummary(
        prompt=usage["input_tokens"], completion=usage["output_tokens"],
        cached=(usage.get("input_tokens_details") or {}).get("cached_tokens") or 0,
        reasoning=(usage.get("output_tokens_details") or {}).get("reasoning_tokens") or 0)


def _responses_summary(summary: CaptureSummary, payloads: list[dict], stream: bool) -> None:
    if stream:
        final = next(p["response"] for p in payloads if p.get("type") in ("response.completed", "response.incomplete"))
        summary.text = "".join(p["delta"] for p in payloads if p.get("type") == "response.output_text.delta")
        summary.reasoning = "".join(
            p["delta"] for p in payloads if p.get("type") == "response.reasoning_summary_text.delta")
    else:
        final = payloads[0]
        summary.text = "".join(part["text"] for item in final["output"] if item["type"] == "message"
                               for part in item["content"] if part["type"] == "output_text")
        summary.reasoning = "".join(part["text"] for item in final["output"] if item["type"] == "reasoning"
                                    for part in item.get("summary") or [])
    summary.calls = [CallSummary(item["call_id"], item["name"], json.loads(item["arguments"]))
                     for item in final["output"] if item["type"] == "function_call"]
    summary.usage = _responses_usage(final["usage"])
    summary.finish = final["status"]


def _anthropic_usage(usage: dict, output_tokens: int | None = None) -> UsageSummary:
    cached = usage.get("cache_read_input_tokens") or 0
    written = usage.get("cache_creation_input_tokens") or 0
    return UsageSummary(prompt=usage["input_tokens"] + cached + written,
                        completion=usage["output_tokens"] if output_tokens is None else output_tokens,
                        cached=cached, cache_write=written)


def _anthropic_summary(summary: CaptureSummary, payloads: list[dict], stream: bool) -> None:
    if not stream:
        message = payloads[0]
        for block in message["content"]:
            if block["type"] == "text":
                summary.text += block["text"]
            elif block["type"] == "thinking":
                summary.reasoning += block["thinking"]
                summary.signatures.append(block["signature"])
            elif block["type"] == "tool_use":
                summary.calls.append(CallSummary(block["id"], block["name"], block["input"]))
        summary.usage = _anthropic_usage(message["usage"])
        summary.finish = message["stop_reason"]
        return
    blocks: dict[int, dict] = {}
    start_usage: dict = {}
    for payload in payloads:
        kind = payload.get("type")
        if kind == "message_start":
            start_usage = payload["message"]["usage"]
        elif kind == "content_block_start":
            blocks[payload["index"]] = {**payload["content_block"], "partial": ""}
        elif kind == "content_block_delta":
            block, delta = blocks[payload["index"]], payload["delta"]
            if delta["type"] == "text_delta":
                summary.text += delta["text"]
            elif delta["type"] == "thinking_delta":
                summary.reasoning += delta["thinking"]
            elif delta["type"] == "signature_delta":
                summary.signatures.append(delta["signature"])
            elif delta["type"] == "input_json_delta":
                block["partial"] += delta["partial_json"]
        elif kind == "message_delta":
            usage = {**start_usage, **{k: v for k, v in payload["usage"].items() if v is not None}}
            summary.usage = _anthropic_usage(usage)
            summary.finish = payload["delta"].get("stop_reason")
    for _, block in sorted(blocks.items()):
        if block["type"] == "tool_use":
            summary.calls.append(CallSummary(block["id"], block["name"], json.loads(block["partial"] or "{}")))


def _gemini_summary(summary: CaptureSummary, payloads: list[dict], stream: bool) -> None:
    for payload in payloads:
        for candidate in payload.get("candidates") or []:
            for part in (candidate.get("content") or {}).get("parts") or []:
                if "text" in part and part.get("thought"):
                    summary.reasoning += part["text"]
                elif "text" in part:
                    summary.text += part["text"]
                if part.get("thoughtSignature"):
                    summary.signatures.append(part["thoughtSignature"])
                if "functionCall" in part:
                    call = part["functionCall"]
                    summary.calls.append(CallSummary(call.get("id"), call["name"], call.get("args") or {}))
            summary.finish = candidate.get("finishReason") or summary.finish
        if payload.get("usageMetadata"):
            usage = payload["usageMetadata"]
            thoughts = usage.get("thoughtsTokenCount") or 0
            summary.usage = UsageSummary(
                prompt=usage.get("promptTokenCount") or 0,
                completion=(usage.get("candidatesTokenCount") or 0) + thoughts,
                cached=usage.get("cachedContentTokenCount") or 0, reasoning=thoughts)


def expected(kind: str, client_format: str, scenario: str, *, stream: bool) -> CaptureSummary:
    """What a client in `client_format` should get from `scenario` on a channel of `kind`: the
    capture the test upstream replays in the wire format the gateway speaks to that channel
    (the gateway streams upstream exactly when its client streams)."""
    return scenario_capture(upstream_wire(kind, client_format), scenario, stream)


# For the mock: a tool it calls (its name appears in the user's message) and the arguments it builds
# from the schema (`MockArguments`: "mock" for strings, 1 for integers).
MOCK_TOOL = "get_weather"
MOCK_TOOL_SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
                    "required": ["city", "days"]}
MOCK_TOOL_ARGUMENTS = {"city": "mock", "days": 1}
TOOL_PROMPT = f"Use {MOCK_TOOL} for Paris, please."
TOOL_RESULT = '{"temperature_c": 18, "sky": "clear"}'


def mock_tool_answer(name: str, result: str) -> str:
    """What mock-1 answers once the last message is the result of its tool call `name`."""
    return f"The tool {name} returned: {result}"


def tool_for(kind: str, calls: list[CallSummary]) -> list[tuple[str, dict]]:
    """(name, JSON Schema) of the tools to offer so the scenario's recorded calls name offered tools."""
    if kind == "mock":
        return [(MOCK_TOOL, MOCK_TOOL_SCHEMA)]
    names = list(dict.fromkeys(call.name for call in calls))
    return [(name, {"type": "object"}) for name in names]


def words(text: str) -> int:
    """The mock's completion tokens: one per space-separated word."""
    return len(text.split(" "))
