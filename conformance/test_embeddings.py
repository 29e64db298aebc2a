"""Embeddings, moderations and rerank through the official `openai` SDK (rerank, which the SDK has
no method for, through httpx): the built-in mock, OpenAI and OpenAI-compatible passthrough and
Gemini translation on the project's test upstream, errors as the SDK's own exception classes.

The session gateway's mock channel serves only `mock-1`, so this module starts a gateway of its own
whose mock channel also serves `mock-embedding-1`, `mock-moderation-1` and `mock-rerank-1`, beside
channels of every kind on the session's test upstream.
"""

from __future__ import annotations

import base64
import copy
import json
import math
import os
import struct
import subprocess
from pathlib import Path
from typing import Iterator

import httpx
import openai
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

from envelopes import answer_problems
from fuzzing import fuzz
from conftest import (SWITCHBOARD_BIN, Gateway, Upstream, free_port, make_client, stop_process, wait_for_binary,
                      wait_for_line)
from support import ADMIN_KEY, CI_KEY, MOCK_ONLY_KEY

MOCK_MODELS = ["mock-1", "mock-embedding-1", "mock-moderation-1", "mock-rerank-1"]


def write_config(path: Path, *, port: int, database: Path, upstream: Upstream) -> None:
    """A gateway config (JSON lines are valid YAML) with a channel of every kind."""
    root = upstream.base_url.removesuffix("/v1")
    timeouts = {"connect": 2, "first_byte": 5, "idle": 5, "total": 30}
    channels = [
        {"name": "mock", "provider": "mock", "models": MOCK_MODELS},
        {"name": "openai", "provider": "openai", "base_url": upstream.base_url, "api_key": "test",
         "models": ["text-embedding-3-small", "text-embedding-3-large", "omni-moderation-latest"],
         "model_map": {"embed-alias": "text-embedding-3-small", "embed-unavailable": "fault:status-503-retry-none"},
         "timeouts": timeouts},
        {"name": "compatible", "provider": "openai-compatible", "base_url": upstream.base_url, "api_key": "test",
         "models": ["jina-reranker-v2-base-multilingual"], "timeouts": timeouts},
        {"name": "gemini", "provider": "gemini", "base_url": root + "/v1beta", "api_key": "test",
         "models": ["gemini-embedding-001"], "timeouts": timeouts},
        {"name": "anthropic", "provider": "anthropic", "base_url": upstream.base_url, "api_key": "test",
         "models": ["claude-sonnet-4-5"], "timeouts": timeouts},
    ]
    lines = [
        "server: " + json.dumps({"host": "127.0.0.1", "port": port}),
        f"database: sqlite://{database}",
        f"admin_key: {ADMIN_KEY}",
        "keys:",
        "  - " + json.dumps({"name": "ci", "key": CI_KEY, "models": ["*"]}),
        "  - " + json.dumps({"name": "mock-only", "key": MOCK_ONLY_KEY, "models": ["mock-*"]}),
        "channels:",
        *("  - " + json.dumps(channel) for channel in channels),
    ]
    path.write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def embeddings_gateway(workdir: Path, upstream: Upstream) -> Iterator[Gateway]:
    wait_for_binary(SWITCHBOARD_BIN)
    port = free_port()
    config_path, database_path = workdir / "embeddings.yaml", workdir / "embeddings.db"
    stdout_path, stderr_path = workdir / "embeddings.stdout", workdir / "embeddings.stderr"
    write_config(config_path, port=port, database=database_path, upstream=upstream)
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        process = subprocess.Popen(
            [str(SWITCHBOARD_BIN), "serve", "--config", str(config_path)], stdout=out, stderr=err,
            stdin=subprocess.DEVNULL, cwd=workdir,
            env={**os.environ, "SWITCHBOARD_LOG_LEVEL": os.environ.get("SWITCHBOARD_LOG_LEVEL", "warning")})
    gateway = Gateway(port=port, process=process, config_path=config_path, database_path=database_path,
                      workdir=workdir, stdout_path=stdout_path, stderr_path=stderr_path,
                      keys={"ci": CI_KEY, "mock-only": MOCK_ONLY_KEY})
    try:
        wait_for_line(stdout_path, r"^Switchboard listening on http://\S+/v1", process, timeout=60)
        yield gateway
    finally:
        stop_process(process, timeout=5)


@pytest.fixture
def sdk(embeddings_gateway: Gateway) -> Iterator[openai.OpenAI]:
    with make_client(embeddings_gateway.base_url, CI_KEY) as client:
        yield client


@pytest.fixture
def http(embeddings_gateway: Gateway) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=embeddings_gateway.base_url, timeout=20,
                      headers={"authorization": f"Bearer {CI_KEY}"}) as client:
        yield client


def norm(vector: list[float]) -> float:
    return math.sqrt(sum(value * value for value in vector))


def test_mock_embeddings_are_deterministic_unit_vectors(sdk):
    answer = sdk.embeddings.create(model="mock-embedding-1", input=["hello world", "hello world", "goodbye"],
                                   encoding_format="float")
    assert answer.object == "list" and answer.model == "mock-embedding-1"
    first, second, third = (item.embedding for item in answer.data)
    assert [item.index for item in answer.data] == [0, 1, 2]
    assert len(first) == 1536 and first == second and first != third
    assert abs(norm(first) - 1) < 1e-3
    assert answer.usage.prompt_tokens > 0 and answer.usage.total_tokens == answer.usage.prompt_tokens


def test_the_sdk_decodes_the_gateways_base64(sdk):
    floats = sdk.embeddings.create(model="mock-embedding-1", input="base64 please", encoding_format="float")
    # Without encoding_format the SDK asks for base64 and decodes it itself (little-endian float32).
    decoded = sdk.embeddings.create(model="mock-embedding-1", input="base64 please")
    assert decoded.data[0].embedding == pytest.approx(floats.data[0].embedding, abs=1e-6)
    raw = sdk.embeddings.create(model="mock-embedding-1", input="base64 please", encoding_format="base64")
    text = raw.data[0].embedding
    assert isinstance(text, str)
    values = struct.unpack(f"<{len(base64.b64decode(text)) // 4}f", base64.b64decode(text))
    assert list(values) == pytest.approx(floats.data[0].embedding, abs=1e-6)


def test_dimensions_are_honoured(sdk):
    answer = sdk.embeddings.create(model="mock-embedding-1", input="short", dimensions=64)
    assert len(answer.data[0].embedding) == 64
    assert abs(norm(answer.data[0].embedding) - 1) < 1e-3


def test_token_arrays_are_embedded(sdk):
    answer = sdk.embeddings.create(model="mock-embedding-1", input=[[1212, 318, 257], [1332, 13]])
    assert len(answer.data) == 2
    assert answer.usage.prompt_tokens == 5


def test_openai_is_passed_through_and_shows_the_asked_name(sdk):
    answer = sdk.embeddings.create(model="embed-alias", input=["a", "b"], dimensions=32)
    assert answer.model == "embed-alias"
    assert [len(item.embedding) for item in answer.data] == [32, 32]
    large = sdk.embeddings.create(model="text-embedding-3-large", input="x")
    assert len(large.data[0].embedding) == 3072 and abs(norm(large.data[0].embedding) - 1) < 1e-3


def test_gemini_embeddings_are_translated(sdk):
    answer = sdk.embeddings.create(model="gemini-embedding-001", input=["one", "two"], dimensions=128)
    assert answer.model == "gemini-embedding-001"
    assert [len(item.embedding) for item in answer.data] == [128, 128]
    assert answer.usage.prompt_tokens > 0
    with pytest.raises(openai.BadRequestError) as caught:
        sdk.embeddings.create(model="gemini-embedding-001", input=[1, 2, 3])
    assert caught.value.param == "input"


def test_errors_are_the_sdks_exception_classes(sdk, embeddings_gateway):
    with pytest.raises(openai.BadRequestError) as empty:
        sdk.embeddings.create(model="mock-embedding-1", input="")
    assert empty.value.param == "input" and empty.value.type == "invalid_request_error"
    with pytest.raises(openai.BadRequestError) as dimensions:
        sdk.embeddings.create(model="mock-embedding-1", input="x", dimensions=0)
    assert dimensions.value.param == "dimensions"
    with pytest.raises(openai.BadRequestError) as encoding:
        sdk.embeddings.create(model="mock-embedding-1", input="x", encoding_format="int8")  # type: ignore[arg-type]
    assert encoding.value.param == "encoding_format"
    with pytest.raises(openai.BadRequestError) as anthropic:
        sdk.embeddings.create(model="claude-sonnet-4-5", input="x")
    assert "does not serve embeddings" in anthropic.value.message
    with pytest.raises(openai.NotFoundError) as unknown:
        sdk.embeddings.create(model="no-such-embedding-model", input="x")
    assert unknown.value.code == "model_not_found"
    with make_client(embeddings_gateway.base_url, MOCK_ONLY_KEY) as limited:
        with pytest.raises(openai.PermissionDeniedError):
            limited.embeddings.create(model="text-embedding-3-small", input="x")
    with make_client(embeddings_gateway.base_url, "sk-not-a-key") as stranger:
        with pytest.raises(openai.AuthenticationError):
            stranger.embeddings.create(model="mock-embedding-1", input="x")
    with pytest.raises(openai.InternalServerError) as unavailable:
        sdk.embeddings.create(model="embed-unavailable", input="x")
    assert unavailable.value.status_code == 503


def test_mock_moderation_flags_by_word_list(sdk):
    answer = sdk.moderations.create(model="mock-moderation-1", input=["I will kill them", "What a lovely day"])
    assert answer.model == "mock-moderation-1"
    flagged, clean = answer.results
    assert flagged.flagged and flagged.categories.violence and not flagged.categories.hate
    assert flagged.category_scores.violence == pytest.approx(0.9)
    assert flagged.category_applied_input_types.violence == ["text"]
    assert not clean.flagged and clean.category_scores.violence < 0.01


def test_moderations_take_multimodal_input_and_reach_openai(sdk):
    parts = [{"type": "text", "text": "a bloody scene"},
             {"type": "image_url", "image_url": {"url": "https://example.com/image.png"}}]
    mocked = sdk.moderations.create(model="mock-moderation-1", input=parts)
    assert len(mocked.results) == 1
    assert mocked.results[0].categories.violence_graphic
    assert mocked.results[0].category_applied_input_types.violence == ["text", "image"]
    relayed = sdk.moderations.create(model="omni-moderation-latest", input="hello")
    assert relayed.model == "omni-moderation-latest" and relayed.id.startswith("modr-")
    with pytest.raises(openai.BadRequestError) as caught:
        sdk.moderations.create(model="mock-moderation-1", input=[])
    assert caught.value.param == "input"


def test_rerank_on_the_mock_and_an_openai_compatible_server(http):
    body = {"query": "capital of France", "top_n": 2,
            "documents": ["Berlin is in Germany", "Paris is the capital of France", {"text": "the capital city"}]}
    mocked = http.post("/rerank", json={"model": "mock-rerank-1", **body})
    assert mocked.status_code == 200, mocked.text
    results = mocked.json()["results"]
    assert [result["index"] for result in results] == [1, 2]
    assert results[0]["relevance_score"] == 1 and results[0]["document"] == {"text": "Paris is the capital of France"}
    assert mocked.headers["x-request-id"]
    relayed = http.post("/rerank", json={"model": "jina-reranker-v2-base-multilingual", **body, "return_documents": False})
    assert relayed.status_code == 200, relayed.text
    assert relayed.json()["model"] == "jina-reranker-v2-base-multilingual"
    assert all("document" not in result for result in relayed.json()["results"])
    assert relayed.json()["usage"]["total_tokens"] > 0
    refused = http.post("/rerank", json={"model": "text-embedding-3-small", **body})
    assert refused.status_code == 400 and "does not serve rerank" in refused.json()["error"]["message"]
    invalid = http.post("/rerank", json={"model": "mock-rerank-1", "query": "q", "documents": []})
    assert invalid.status_code == 400 and invalid.json()["error"]["param"] == "documents"


def test_usage_and_cost_are_recorded_per_endpoint(sdk, embeddings_gateway):
    sdk.embeddings.create(model="mock-embedding-1", input="counted")
    sdk.moderations.create(model="mock-moderation-1", input="counted")
    rows = httpx.get(f"{embeddings_gateway.root_url}/admin/v1/usage", params={"group_by": "model"},
                     headers={"authorization": f"Bearer {ADMIN_KEY}"}, timeout=10)
    assert rows.status_code == 200, rows.text
    by_model = {row["group"]: row for row in rows.json()["data"]}
    for model in ("mock-embedding-1", "mock-moderation-1"):
        assert by_model[model]["requests"] >= 1
        assert by_model[model]["cost_usd"] > 0


# --- fuzzing ---------------------------------------------------------------------------------------

FUZZED_OPERATIONS = {
    "/v1/embeddings": ("EmbeddingsRequest", "mock-embedding-1"),
    "/v1/moderations": ("ModerationsRequest", "mock-moderation-1"),
    "/v1/rerank": ("RerankRequest", "mock-rerank-1"),
}


@schemathesis.check
def embeddings_answer(ctx, response, case) -> None:
    """On these three operations: a JSON success or a 4xx in OpenAI's envelope, with
    `x-request-id`, never a 5xx or HTML. Other operations are left to their own checks."""
    if case.operation.path not in FUZZED_OPERATIONS:
        return
    headers = {name.lower(): value[0] if isinstance(value, list) else value for name, value in response.headers.items()}
    problems = answer_problems(case.operation.path, response.status_code, headers, response.content)
    if problems:
        raise AssertionError(f"{response.status_code}: {'; '.join(problems)}: {response.content[:300]!r}")


@pytest.mark.parametrize("path", list(FUZZED_OPERATIONS))
def test_fuzzed_requests_get_successes_or_envelopes(embeddings_gateway: Gateway, path: str) -> None:
    """Schemathesis against one operation of `/openapi.json`, its `model` pinned to the mock's:
    every answer passes `embeddings_answer` and what the document says (status codes, content
    types, response schemas), never a hang."""
    document = copy.deepcopy(httpx.get(f"{embeddings_gateway.root_url}/openapi.json", timeout=10).json())
    schema_name, model = FUZZED_OPERATIONS[path]
    document["components"]["schemas"][schema_name]["properties"]["model"] = {"type": "string", "enum": [model]}
    config = SchemathesisConfig.from_dict({
        "seed": int(os.environ.get("SWITCHBOARD_FUZZ_SEED", "20261129")),
        "base-url": embeddings_gateway.root_url,
        "request-timeout": 20.0,
        "auth": {"openapi": {"bearerAuth": {"bearer": CI_KEY}, "apiKeyHeader": {"api_key": CI_KEY}}},
        "generation": {"mode": "all", "max-examples": int(os.environ.get("SWITCHBOARD_FUZZ_EXAMPLES", "50")),
                       "database": "none", "no-shrink": True},
        "phases": {"stateful": {"enabled": False}},
        # Out-of-range values the mock still serves, and valid bodies above the mock's own size
        # limit, are fine answers here: both checks are left to the upstreams' own validation.
        "checks": {"unsupported_method": {"enabled": False}, "negative_data_rejection": {"enabled": False},
                   "positive_data_acceptance": {"enabled": False}},
    })
    schema = schemathesis.openapi.from_dict(document, config=config).include(method="POST", path=path)
    cases, unique = fuzz(schema)
    assert embeddings_gateway.process.poll() is None, "the gateway died:\n" + embeddings_gateway.stderr_path.read_text()[-3000:]
    assert cases > 0, f"schemathesis generated no request for POST {path}"
    assert not unique, f"{len(unique)} problems with POST {path} ({cases} cases):\n" + "\n".join(unique[:20])
