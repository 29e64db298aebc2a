"""Helpers shared by the conformance tests: recorded fixtures and small assertions."""

from __future__ import annotations

import json
from pathlib import Path

CONFORMANCE_DIR = Path(__file__).resolve().parent
REPO_ROOT = CONFORMANCE_DIR.parent
FIXTURES_DIR = REPO_ROOT / "Sources" / "SwitchboardTesting" / "Fixtures" / "openai"

CI_KEY = "sk-conformance-0123456789abcdef"
MOCK_ONLY_KEY = "sk-conformance-mockonly-012345"
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
