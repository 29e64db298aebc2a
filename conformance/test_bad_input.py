"""Hand-written hostile input over raw HTTP: each case gets a 4xx in the envelope of the endpoint's
API (OpenAI on /v1/chat/completions and /v1/responses, Anthropic on /v1/messages, Google on
/v1beta) within its timeout, and the gateway still answers /health afterwards.

Runs against its own gateway (mock channel only, `server.idle_timeout` of 2 s so stalled clients
are cut quickly), so a crash here cannot take the rest of the suite down with it.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import httpx
import pytest

from conftest import Gateway, start_gateway, stop_process
from envelopes import answer_problems, api_of, raw_exchange
from support import ADMIN_KEY, CI_KEY, MAX_BODY_BYTES

IDLE_TIMEOUT = 2.0
TIMEOUT = 10.0
HI = [{"role": "user", "content": "hi"}]

# One generation endpoint per client API, with a minimal valid body for the mock.
CHAT = "/v1/chat/completions"
RESPONSES = "/v1/responses"
MESSAGES = "/v1/messages"
GEMINI = "/v1beta/models/mock-1:generateContent"
VALID = {
    CHAT: {"model": "mock-1", "messages": HI},
    RESPONSES: {"model": "mock-1", "input": "hi"},
    MESSAGES: {"model": "mock-1", "max_tokens": 16, "messages": HI},
    GEMINI: {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]},
}
ENDPOINTS = list(VALID)
ALL_POSTS = ENDPOINTS + ["/v1/messages/count_tokens", "/v1beta/models/mock-1:countTokens",
                         "/v1beta/models/mock-1:streamGenerateContent?alt=sse"]


@pytest.fixture(scope="module")
def hostile_gateway(workdir) -> Iterator[Gateway]:
    gateway = start_gateway(workdir, upstream_url=None, name="bad-input", idle_timeout=IDLE_TIMEOUT)
    try:
        yield gateway
    finally:
        stop_process(gateway.process, timeout=5)


@pytest.fixture(scope="module")
def gateway_http(hostile_gateway: Gateway) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {CI_KEY}"}
    with httpx.Client(base_url=hostile_gateway.root_url, headers=headers, timeout=TIMEOUT) as client:
        yield client


@pytest.fixture(autouse=True)
def still_healthy(hostile_gateway: Gateway) -> Iterator[None]:
    """After every case the process is alive and /health answers at once."""
    yield
    assert hostile_gateway.process.poll() is None, (
        f"the gateway exited with {hostile_gateway.process.returncode}:\n"
        + hostile_gateway.stderr_path.read_text(errors="replace")[-3000:])
    response = httpx.get(f"{hostile_gateway.root_url}/health", timeout=3)
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def post(client: httpx.Client, path: str, content: bytes | str, headers: dict[str, str] | None = None) -> httpx.Response:
    body = content.encode() if isinstance(content, str) else content
    return client.post(path, content=body, headers={"content-type": "application/json", **(headers or {})})


def assert_rejected(path: str, response: httpx.Response, *, status: int | None = None, param: str | None = None) -> dict:
    """A 4xx in `path`'s envelope (with `status` and, for OpenAI's envelope, `param` when given)."""
    problems = answer_problems(path, response.status_code, {k.lower(): v for k, v in response.headers.items()},
                               response.content, expect_error=True)
    assert not problems, f"{path} -> {response.status_code}: {problems}\n{response.text[:500]}"
    assert 400 <= response.status_code < 500
    if status is not None:
        assert response.status_code == status, response.text[:300]
    body = response.json()
    if param is not None and api_of(path) == "openai":
        assert body["error"]["param"] == param, body
    return body


# --- bytes that are not what they claim ----------------------------------------------------------

@pytest.mark.parametrize("path", ALL_POSTS)
def test_invalid_utf8_in_the_body_is_a_400(gateway_http, path):
    body = b'{"model":"mock-1","max_tokens":8,"messages":[{"role":"user","content":"\xff\xfe\xc3\x28"}],' \
           b'"contents":[{"parts":[{"text":"\xed\xa0\x80"}]}],"input":"\x80"}'
    assert_rejected(path, post(gateway_http, path, body), status=400)


@pytest.mark.parametrize("path", ALL_POSTS)
def test_json_nested_10000_deep_is_a_400(gateway_http, path):
    deep = "[" * 10_000 + "]" * 10_000
    for body in (deep, '{"model":"mock-1","messages":' + deep + "}", '{"a":' * 10_000 + "1" + "}" * 10_000):
        assert_rejected(path, post(gateway_http, path, body), status=400)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_body_that_is_not_an_object_is_a_400(gateway_http, path):
    for body in ("", "null", "[]", '"text"', "42", "{", '{"model":"mock-1"} trailing', "\x00\x01"):
        assert_rejected(path, post(gateway_http, path, body), status=400)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_duplicate_keys_are_a_400(gateway_http, path):
    valid = json.dumps(VALID[path])
    first_key = json.dumps(next(iter(VALID[path])))
    top = valid[:-1] + f",{first_key}:5}}"
    if path == RESPONSES:
        valid = json.dumps({**VALID[path], "input": [{"role": "user", "content": "hi"}]})
    nested = valid.replace('"role": "user"', '"role": "user", "role": "bogus"')
    assert nested != valid
    for body in (top, nested):
        response = assert_rejected(path, post(gateway_http, path, body), status=400)
        assert "duplicate key" in json.dumps(response)


# --- sizes ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_1mb_string_is_answered_in_time_and_above_the_limit_is_a_413(gateway_http, path):
    megabyte = "x" * 1_000_000
    # A 1 MB model name: not served (404 or 400), never echoed into a 5xx.
    if path != GEMINI:
        assert_rejected(path, post(gateway_http, path, json.dumps({**VALID[path], "model": megabyte})))
    # A 1 MB prompt fits the 1 MiB body limit of this config: a normal answer.
    within = json.loads(json.dumps(VALID[path]).replace('"hi"', json.dumps(megabyte)))
    started = time.monotonic()
    response = post(gateway_http, path, json.dumps(within))
    assert response.status_code == 200, response.text[:300]
    assert time.monotonic() - started < TIMEOUT
    # Just over the limit: 413 before the body is read.
    over = json.dumps(VALID[path]).replace('"hi"', json.dumps("x" * MAX_BODY_BYTES))
    assert_rejected(path, post(gateway_http, path, over), status=413)


def test_a_chunked_body_over_the_limit_is_a_413(gateway_http):
    def chunks():
        yield b'{"model":"mock-1","messages":[{"role":"user","content":"'
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"y" * 65536
        yield b'"}]}'
    response = gateway_http.post(CHAT, content=chunks(), headers={"content-type": "application/json"})
    assert_rejected(CHAT, response, status=413)


# --- wrong types in every top-level field of chat/completions -------------------------------------

SAMPLES = {"string": "x", "number": 7, "boolean": True, "array": [1], "object": {"k": 1}}


def allowed_kinds(schema: dict, components: dict) -> set[str]:
    """The JSON kinds a field's schema allows (integer counts as number; null is always allowed)."""
    if "$ref" in schema:
        return allowed_kinds(components[schema["$ref"].rsplit("/", 1)[1]], components)
    kinds: set[str] = set()
    for branch in schema.get("oneOf", []) + schema.get("anyOf", []):
        kinds |= allowed_kinds(branch, components)
    declared = schema.get("type", [])
    for kind in [declared] if isinstance(declared, str) else declared:
        kinds.add("number" if kind == "integer" else kind)
    if "const" in schema:
        kinds.add({str: "string", bool: "boolean", int: "number"}.get(type(schema["const"]), "string"))
    for value in schema.get("enum", []):
        if value is not None:
            kinds.add({str: "string", bool: "boolean", int: "number", float: "number"}[type(value)])
    return kinds - {"null"}


def chat_fields(gateway: Gateway) -> list[tuple[str, str]]:
    document = httpx.get(f"{gateway.root_url}/openapi.json", timeout=TIMEOUT).json()
    components = document["components"]["schemas"]
    properties = components["ChatCompletionRequest"]["properties"]
    cases = []
    for field, schema in properties.items():
        kinds = allowed_kinds(schema, components)
        assert kinds, f"{field} has no type in the document"
        cases += [(field, wrong) for wrong in SAMPLES if wrong not in kinds]
    return cases


def test_wrong_types_in_every_chat_field_are_a_400_naming_it(hostile_gateway, gateway_http):
    cases = chat_fields(hostile_gateway)
    assert len(cases) > 60
    failures = []
    for field, wrong in cases:
        body = {**VALID[CHAT], field: SAMPLES[wrong]}
        response = post(gateway_http, CHAT, json.dumps(body))
        if response.status_code != 400 or response.json().get("error", {}).get("param") != field:
            failures.append(f"{field}={SAMPLES[wrong]!r}: {response.status_code} {response.text[:160]}")
        else:
            assert_rejected(CHAT, response, status=400, param=field)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_wrong_types_in_the_messages_are_a_400(gateway_http, path):
    bodies = {
        CHAT: [{"messages": [1]}, {"messages": [{"role": "user", "content": 5}]}, {"messages": [{"content": "x"}]},
               {"messages": [{"role": "user", "content": [{"type": "text"}]}]}, {"messages": []}],
        RESPONSES: [{"input": 5}, {"input": [5]}, {"input": [{"role": "user", "content": 5}]},
                    {"input": [{"type": "function_call_output"}]}, {"tools": [{"type": "function"}]}],
        MESSAGES: [{"messages": [1]}, {"messages": [{"role": "user", "content": 5}]}, {"system": 5},
                   {"messages": [{"role": "user", "content": [{"type": "image", "source": {}}]}]}, {"messages": []}],
        GEMINI: [{"contents": [1]}, {"contents": [{"parts": "x"}]}, {"contents": [{"parts": [{"text": 5}]}]},
                 {"contents": [{"parts": [{}]}]}, {"contents": []}, {"generationConfig": {"temperature": "hot"}}],
    }
    for extra in bodies[path]:
        assert_rejected(path, post(gateway_http, path, json.dumps({**VALID[path], **extra})), status=400)


# --- numbers out of range and unknown roles -------------------------------------------------------

@pytest.mark.parametrize("n", [0, -1, 129, 10**6, 2**63 - 1, 2**63, 10**30, 1.5])
def test_a_huge_or_invalid_n_is_a_400(gateway_http, n):
    assert_rejected(CHAT, post(gateway_http, CHAT, json.dumps({**VALID[CHAT], "n": n})), status=400, param="n")


OUTPUT_LIMITS = {CHAT: "max_tokens", RESPONSES: "max_output_tokens", MESSAGES: "max_tokens", GEMINI: "maxOutputTokens"}


def with_output_limit(path: str, value: object) -> dict:
    if path == GEMINI:
        return {**VALID[path], "generationConfig": {"maxOutputTokens": value}}
    return {**VALID[path], OUTPUT_LIMITS[path]: value}


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("value", [-1, 0, -2**63, 2**63 - 1, 2**31, 10**30, "many"])
def test_a_negative_zero_or_huge_output_limit_is_a_400(gateway_http, path, value):
    body = assert_rejected(path, post(gateway_http, path, json.dumps(with_output_limit(path, value))), status=400)
    assert OUTPUT_LIMITS[path].split(".")[-1] in json.dumps(body)


def test_a_huge_output_limit_is_a_400_for_a_key_with_limits_too(hostile_gateway, gateway_http):
    """Admission adds the limit to the prompt estimate for rate limits and budgets: it must not overflow."""

    created = gateway_http.post("/admin/v1/keys", headers={"Authorization": f"Bearer {ADMIN_KEY}"},
                        json={"name": "limited", "models": ["*"], "rpm": 1000, "tpm": 100000, "budget_usd": 5})
    assert created.status_code in (200, 201), created.text
    key = created.json()["key"]
    for path in ENDPOINTS:
        for value in (2**63 - 1, 2**62):
            response = post(gateway_http, path, json.dumps(with_output_limit(path, value)),
                            headers={"Authorization": f"Bearer {key}"})
            assert_rejected(path, response, status=400)
        response = post(gateway_http, path, json.dumps(with_output_limit(path, 1000)), headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200, response.text[:300]


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("role", ["bogus", "", "USER", "Assistant", 5, ["user"], "user\x00"])
def test_an_unknown_role_is_a_400(gateway_http, path, role):
    if path == CHAT:
        body = {**VALID[path], "messages": [{"role": role, "content": "hi"}]}
    elif path == RESPONSES:
        body = {**VALID[path], "input": [{"role": role, "content": "hi"}]}
    elif path == MESSAGES:
        body = {**VALID[path], "messages": [{"role": role, "content": "hi"}]}
    else:
        body = {"contents": [{"role": role, "parts": [{"text": "hi"}]}]}
    assert_rejected(path, post(gateway_http, path, json.dumps(body)), status=400)


# --- headers over the limits, and clients that never finish ---------------------------------------

def request_head(path: str, extra: str = "") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {CI_KEY}\r\n"
            f"Content-Type: application/json\r\n{extra}").encode()


def assert_raw_rejected(path: str, answer, status: int) -> None:
    assert answer.status == status, f"{path}: {answer}"
    problems = answer_problems(path, answer.status, answer.headers, answer.body, expect_error=True)
    assert not problems, f"{path}: {problems}: {answer.body[:300]!r}"


@pytest.mark.parametrize("path", ALL_POSTS + ["/v1/models"])
def test_a_100kb_header_is_a_431(hostile_gateway, path):
    data = request_head(path, f"X-Big: {'h' * 100_000}\r\nContent-Length: 2\r\n\r\n{{}}")
    answer = raw_exchange(hostile_gateway.port, data, timeout=TIMEOUT)
    assert_raw_rejected(path, answer, 431)
    assert answer.closed


@pytest.mark.parametrize("path", ENDPOINTS)
def test_too_many_headers_and_a_100kb_url_are_a_431(hostile_gateway, path):
    many = "".join(f"X-H{i}: v\r\n" for i in range(5_000))
    answer = raw_exchange(hostile_gateway.port, request_head(path, many + "Content-Length: 2\r\n\r\n{}"))
    assert_raw_rejected(path, answer, 431)
    long_path = path + "?pad=" + "p" * 100_000
    answer = raw_exchange(hostile_gateway.port, request_head(long_path, "Content-Length: 2\r\n\r\n{}"))
    assert_raw_rejected(path, answer, 431)


@pytest.mark.parametrize("data", [
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS ClientHello
    b"FOO /v1/chat/completions HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    b"POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /v1/chat/completions HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
], ids=["tls", "method", "negative-length", "length-and-chunked", "header-name"])
def test_bytes_that_are_not_http_are_a_400_envelope(hostile_gateway, data):
    answer = raw_exchange(hostile_gateway.port, data)
    assert_raw_rejected(CHAT, answer, 400)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_broken_chunked_body_is_a_400(hostile_gateway, path):
    data = request_head(path, "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"mod\r\nZZZ\r\n")
    assert_raw_rejected(path, raw_exchange(hostile_gateway.port, data), 400)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_body_that_never_finishes_is_a_408_within_the_idle_timeout(hostile_gateway, path):
    data = request_head(path, "Content-Length: 1000\r\n\r\n") + b'{"model":"mock-1","mess'
    answer = raw_exchange(hostile_gateway.port, data, timeout=IDLE_TIMEOUT + 8)
    assert_raw_rejected(path, answer, 408)
    assert answer.closed and answer.seconds < IDLE_TIMEOUT + 3


def test_slowloris_clients_are_cut_off_without_slowing_anyone_else(hostile_gateway, gateway_http):
    """Five clients send their request line, then their headers one byte per 100 ms; meanwhile
    normal requests keep being answered quickly, and each slow client gets a 408 (or a close)
    once the idle timeout passes."""
    paths = [CHAT, MESSAGES, GEMINI, RESPONSES, CHAT]
    done = threading.Event()
    latencies: list[float] = []

    def normal_traffic() -> None:
        with httpx.Client(base_url=hostile_gateway.root_url, timeout=TIMEOUT,
                          headers={"Authorization": f"Bearer {CI_KEY}"}) as client:
            while not done.is_set():
                started = time.monotonic()
                assert client.get("/health").status_code == 200
                assert client.post(CHAT, json=VALID[CHAT]).status_code == 200
                latencies.append(time.monotonic() - started)
                time.sleep(0.05)

    with ThreadPoolExecutor(max_workers=len(paths) + 1) as pool:
        traffic = pool.submit(normal_traffic)
        slow = [pool.submit(raw_exchange, hostile_gateway.port, f"POST {path} HTTP/1.1\r\n".encode(),
                            trickle=request_head(path, "X-Slow: " + "s" * 2_000).split(b"\r\n", 1)[1],
                            timeout=IDLE_TIMEOUT + 10, drip=0.1, drip_for=IDLE_TIMEOUT + 6) for path in paths]
        answers = [future.result() for future in slow]
        done.set()
        traffic.result()

    assert len(latencies) >= 5, "normal requests were not answered while slow clients were connected"
    assert max(latencies) < 2.0, f"slow clients slowed normal ones: {max(latencies):.2f}s"
    for path, answer in zip(paths, answers):
        assert answer.closed, f"a slowloris client on {path} was never cut off"
        assert answer.seconds < IDLE_TIMEOUT + 5, f"{path}: cut off after {answer.seconds:.1f}s"
        if answer.status is not None:
            assert_raw_rejected(path, answer, 408)


def test_a_client_that_connects_and_sends_nothing_is_closed_quietly(hostile_gateway):
    answer = raw_exchange(hostile_gateway.port, b"", timeout=IDLE_TIMEOUT + 5)
    assert answer.closed and answer.status is None and answer.body == b""
