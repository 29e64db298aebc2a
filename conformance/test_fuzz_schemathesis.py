"""Fuzzes every client endpoint with schemathesis, from the gateway's own `/openapi.json`.

Schemathesis generates valid and invalid requests (examples, boundary and wrong-type cases, then
random ones) for each operation of the document and sends them with the conformance client key to
a gateway of its own that serves only the offline mock model. Every answer must be a success or
an error in the endpoint's envelope, with a status below 500, a JSON (or SSE) content type and
`x-request-id`, within the per-request timeout; the gateway must still be alive at the end.

The document is served generic; here the request bodies' `model` and the `{model}` path
parameters are pinned to `mock-1` so that valid cases reach the model instead of a 404.
Bounded: `SWITCHBOARD_FUZZ_EXAMPLES` (default 50) random cases per operation and mode, with a
fixed seed (`SWITCHBOARD_FUZZ_SEED`) so a failure reproduces.
"""

from __future__ import annotations

import copy
import os
from typing import Iterator

import httpx
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

from conftest import Gateway, start_gateway, stop_process
from envelopes import answer_problems
from fuzzing import fuzz
from support import CI_KEY

MAX_EXAMPLES = int(os.environ.get("SWITCHBOARD_FUZZ_EXAMPLES", "50"))
SEED = int(os.environ.get("SWITCHBOARD_FUZZ_SEED", "20261129"))
REQUEST_TIMEOUT = 10.0
MODEL = "mock-1"


@pytest.fixture(scope="module")
def fuzz_gateway(workdir) -> Iterator[Gateway]:
    gateway = start_gateway(workdir, upstream_url=None, name="fuzz")
    try:
        yield gateway
    finally:
        alive = gateway.process.poll() is None
        stop_process(gateway.process, timeout=5)
        assert alive, "the gateway died during fuzzing:\n" + gateway.stderr_path.read_text(errors="replace")[-3000:]


def pin_model(document: dict) -> dict:
    """The document with every `model` (request bodies, path parameters) limited to `mock-1`."""
    document = copy.deepcopy(document)
    pinned = {"type": "string", "enum": [MODEL]}
    components = document["components"]
    for name in ("ChatCompletionRequest", "ResponsesRequest", "AnthropicCountTokensRequest", "TaskRequest"):
        components["schemas"][name]["properties"]["model"] = pinned
    components["parameters"]["GeminiModel"]["schema"] = pinned
    document["paths"]["/v1/models/{model}"]["parameters"][0]["schema"] = pinned
    return document


@pytest.fixture(scope="module")
def api_schema(fuzz_gateway: Gateway):
    document = httpx.get(f"{fuzz_gateway.root_url}/openapi.json", timeout=REQUEST_TIMEOUT).json()
    config = SchemathesisConfig.from_dict({
        "seed": SEED,
        "base-url": fuzz_gateway.root_url,
        "request-timeout": REQUEST_TIMEOUT,
        "auth": {"openapi": {
            "bearerAuth": {"bearer": CI_KEY},
            "apiKeyHeader": {"api_key": CI_KEY},
            "googleApiKey": {"api_key": CI_KEY},
            "googleApiKeyQuery": {"api_key": CI_KEY},
        }},
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "database": "none", "no-shrink": True},
        "phases": {"stateful": {"enabled": False}},
        "checks": {
            # A wrong method is a 405 with Allow on client paths (tested in MethodNotAllowedTests);
            # on the Gemini paths the key check answers first, as Google's does.
            "unsupported_method": {"enabled": False},
            # The document states the providers' limits (temperature <= 2, ...) that the gateway
            # leaves to the upstream, so an out-of-range value may well be answered 200 by the mock.
            "negative_data_rejection": {"enabled": False},
            # Valid per the document is not always servable (a `previous_response_id` that does not
            # exist, a tool choice naming no tool): a 4xx envelope is a fine answer there.
            "positive_data_acceptance": {"enabled": False},
        },
    })
    return schemathesis.openapi.from_dict(pin_model(document), config=config)


# Every client operation of the document, fuzzed one per test (checked against the document below).
OPERATIONS = [
    ("POST", "/v1/chat/completions"),
    ("POST", "/v1/responses"), ("GET", "/v1/responses/{response_id}"), ("DELETE", "/v1/responses/{response_id}"),
    ("GET", "/v1/responses/{response_id}/input_items"),
    ("POST", "/v1/messages"), ("POST", "/v1/messages/count_tokens"),
    ("POST", "/v1beta/models/{model}:generateContent"), ("POST", "/v1beta/models/{model}:streamGenerateContent"),
    ("POST", "/v1beta/models/{model}:countTokens"), ("GET", "/v1beta/models"), ("GET", "/v1beta/models/{model}"),
    ("GET", "/v1/models"), ("GET", "/v1/models/{model}"),
    ("GET", "/health"), ("GET", "/openapi.json"),
    ("POST", "/v1/tasks"), ("GET", "/v1/tasks"), ("POST", "/v1/video/generations"), ("POST", "/v1/music/generations"),
    ("GET", "/v1/tasks/{task_id}"), ("GET", "/v1/tasks/{task_id}/content"),
]

# Operations fuzzed by their own suites, against gateways that serve their mock models (and with the
# checks their binary or text answers need).
FUZZED_ELSEWHERE = {
    ("POST", "/v1/embeddings"): "test_embeddings.py", ("POST", "/v1/moderations"): "test_embeddings.py",
    ("POST", "/v1/rerank"): "test_embeddings.py",
    ("POST", "/v1/images/generations"): "test_images_audio.py", ("POST", "/v1/images/edits"): "test_images_audio.py",
    ("POST", "/v1/audio/transcriptions"): "test_images_audio.py", ("POST", "/v1/audio/translations"): "test_images_audio.py",
    ("POST", "/v1/audio/speech"): "test_images_audio.py",
}


@schemathesis.check
def gateway_answer(ctx, response, case) -> None:
    """A success or a 4xx in the endpoint's envelope; JSON or SSE; `x-request-id`; no HTML."""
    # Schemathesis keeps every value of a header, in a list.
    headers = {name.lower(): value[0] if isinstance(value, list) else value for name, value in response.headers.items()}
    problems = answer_problems(case.operation.path, response.status_code, headers, response.content)
    if problems:
        raise AssertionError(f"{response.status_code}: {'; '.join(problems)}: {response.content[:300]!r}")


def test_every_client_operation_is_fuzzed(fuzz_gateway):
    document = httpx.get(f"{fuzz_gateway.root_url}/openapi.json", timeout=REQUEST_TIMEOUT).json()
    documented = {(method.upper(), path) for path, item in document["paths"].items()
                  for method in item if method in ("get", "post", "put", "patch", "delete")}
    assert documented == set(OPERATIONS) | set(FUZZED_ELSEWHERE)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_fuzzed_answers_are_successes_or_envelopes(api_schema, fuzz_gateway, method, path):
    """Every generated request to one operation: a success or a 4xx in the endpoint's envelope,
    never a 5xx, HTML or a hang (each request has a timeout), and what the document says (status
    codes, content types, response schemas and headers)."""
    cases, unique = fuzz(api_schema.include(method=method, path=path))
    assert fuzz_gateway.process.poll() is None, "the gateway died:\n" + fuzz_gateway.stderr_path.read_text()[-3000:]
    assert cases > 0, f"schemathesis generated no request for {method} {path}"
    assert not unique, f"{len(unique)} problems with {method} {path} ({cases} cases):\n" + "\n".join(unique[:20])
