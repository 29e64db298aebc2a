"""Error mapping: every failure reaches the SDK as the right exception class with OpenAI's
envelope `{"error": {"message", "type", "param", "code"}}`, and every response carries `x-request-id`."""

from __future__ import annotations

import re
import time

import httpx
import openai
import pytest
from openai.types.chat import ChatCompletion

from support import MAX_BODY_BYTES

REQUEST_ID = re.compile(r"^\S{8,}$")
HI = [{"role": "user", "content": "hi"}]


def envelope_of(error: openai.APIStatusError) -> dict:
    body = error.response.json()
    assert set(body) == {"error"}
    assert {"message", "type", "param", "code"} <= set(body["error"])
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def assert_request_id(error: openai.APIStatusError) -> None:
    header = error.response.headers.get("x-request-id")
    assert header and REQUEST_ID.match(header)
    assert error.request_id == header


# --- authentication and authorisation -------------------------------------------------------

def test_wrong_key_is_authentication_error(gateway):
    with openai.OpenAI(base_url=gateway.base_url, api_key="sk-not-a-real-key-000000", max_retries=0, timeout=20) as sdk:
        with pytest.raises(openai.AuthenticationError) as caught:
            sdk.chat.completions.create(model="mock-1", messages=HI)
    error = caught.value
    assert error.status_code == 401
    assert error.code == "invalid_api_key"
    assert error.type == "authentication_error"
    assert "sk-not-a-real-key-000000" not in error.response.text  # the secret is not echoed
    assert envelope_of(error)["type"] == "authentication_error"
    assert_request_id(error)


def test_missing_key_is_401(http):
    response = http.post("/chat/completions", json={"model": "mock-1", "messages": HI})
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"
    assert response.json()["error"]["code"] == "invalid_api_key"
    assert response.headers.get("x-request-id")


def test_wrong_key_on_models_is_authentication_error(gateway):
    with openai.OpenAI(base_url=gateway.base_url, api_key="sk-wrong", max_retries=0, timeout=20) as sdk:
        with pytest.raises(openai.AuthenticationError):
            sdk.models.list()


def test_model_not_allowed_for_key_is_permission_denied(mock_only_client: openai.OpenAI):
    with pytest.raises(openai.PermissionDeniedError) as caught:
        mock_only_client.chat.completions.create(model="gpt-4o-mini", messages=HI)
    error = caught.value
    assert error.status_code == 403
    assert error.type == "permission_error"
    assert error.code == "model_not_allowed"
    assert error.param == "model"
    assert_request_id(error)


def test_model_not_allowed_for_key_is_permission_denied_when_streaming(mock_only_client: openai.OpenAI):
    with pytest.raises(openai.PermissionDeniedError):
        mock_only_client.chat.completions.create(model="gpt-4o-mini", messages=HI, stream=True)


def test_mock_only_key_can_use_mock(mock_only_client: openai.OpenAI):
    completion = mock_only_client.chat.completions.create(model="mock-1", messages=HI)
    assert completion.choices[0].message.content.endswith("You said: hi")


# --- request errors -------------------------------------------------------------------------

def test_unknown_model_is_not_found(client: openai.OpenAI):
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="no-such-model", messages=HI)
    error = caught.value
    assert error.status_code == 404
    assert error.type == "invalid_request_error"
    assert error.code == "model_not_found"
    assert error.param == "model"
    assert "no-such-model" in error.message
    assert_request_id(error)


def test_unknown_model_is_not_found_when_streaming(client: openai.OpenAI):
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="no-such-model", messages=HI, stream=True)


def test_empty_messages_is_bad_request_naming_the_field(client: openai.OpenAI):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="mock-1", messages=[])
    error = caught.value
    assert error.status_code == 400
    assert error.type == "invalid_request_error"
    assert error.code == "invalid_request"
    assert error.param == "messages"
    assert_request_id(error)


@pytest.mark.parametrize("body, param", [
    ({"messages": HI}, "model"),
    ({"model": "mock-1", "messages": "hi"}, "messages"),
    ({"model": "mock-1", "messages": [{"role": "wizard", "content": "x"}]}, "messages[0].role"),
    ({"model": "mock-1", "messages": [{"role": "user"}]}, "messages[0].content"),
    ({"model": "mock-1", "messages": HI, "stream": "yes"}, "stream"),
    ({"model": "mock-1", "messages": HI, "temperature": "hot"}, "temperature"),
])
def test_invalid_fields_are_bad_request_naming_the_field(client: openai.OpenAI, body: dict, param: str):
    with pytest.raises(openai.BadRequestError) as caught:
        client.post("/chat/completions", body=body, cast_to=ChatCompletion)
    error = caught.value
    assert error.status_code == 400
    assert error.type == "invalid_request_error"
    assert error.param == param


def test_malformed_json_is_bad_request(http, keys):
    response = http.post("/chat/completions", content=b'{"model": "mock-1", "messages": [',
                         headers={"Authorization": f"Bearer {keys['ci']}", "Content-Type": "application/json"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["code"] == "invalid_request"
    assert response.headers.get("x-request-id")


def test_json_that_is_not_an_object_is_bad_request(http, keys):
    response = http.post("/chat/completions", content=b"[1, 2]",
                         headers={"Authorization": f"Bearer {keys['ci']}", "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"


def test_body_over_the_limit_is_413(client: openai.OpenAI):
    big = "x" * (MAX_BODY_BYTES + 1024)
    with pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(model="mock-1", messages=[{"role": "user", "content": big}])
    error = caught.value
    assert type(error) is openai.APIStatusError  # the SDK has no class of its own for 413
    assert error.status_code == 413
    assert error.code == "request_too_large"
    assert envelope_of(error)["code"] == "request_too_large"
    assert_request_id(error)


def test_body_under_the_limit_is_accepted(client: openai.OpenAI):
    said = "y" * (MAX_BODY_BYTES // 2)
    completion = client.chat.completions.create(model="mock-1", messages=[{"role": "user", "content": said}])
    assert completion.choices[0].message.content.endswith("You said: " + "y" * 200)


def test_unknown_endpoint_is_404_with_an_envelope(http, keys):
    response = http.get("/no-such-endpoint", headers={"Authorization": f"Bearer {keys['ci']}"})
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert response.headers.get("x-request-id")


# --- upstream failures ----------------------------------------------------------------------

def test_upstream_429_is_rate_limit_error_with_retry_after(client: openai.OpenAI):
    with pytest.raises(openai.RateLimitError) as caught:
        client.chat.completions.create(model="limited", messages=HI)
    error = caught.value
    assert error.status_code == 429
    assert error.body["message"] == "Injected upstream failure 429"
    assert error.response.headers.get("retry-after") == "7"
    assert envelope_of(error)["message"] == "Injected upstream failure 429"
    assert_request_id(error)


def test_upstream_429_is_rate_limit_error_when_streaming(client: openai.OpenAI):
    with pytest.raises(openai.RateLimitError) as caught:
        client.chat.completions.create(model="limited", messages=HI, stream=True)
    assert caught.value.body["message"] == "Injected upstream failure 429"


def test_upstream_500_is_internal_server_error(client: openai.OpenAI):
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(model="broken", messages=HI)
    error = caught.value
    assert error.status_code == 500
    assert error.body["message"] == "Injected upstream failure 500"
    assert_request_id(error)


def test_upstream_503_keeps_status_and_retry_after(client: openai.OpenAI):
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(model="unavailable", messages=HI)
    error = caught.value
    assert error.status_code == 503
    assert error.body["message"] == "Injected upstream failure 503"
    assert error.response.headers.get("retry-after") == "7"


def test_upstream_400_is_bad_request_with_the_upstream_details(client: openai.OpenAI):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="unsupported-param", messages=HI, max_tokens=5)
    error = caught.value
    assert error.status_code == 400
    assert error.param == "max_tokens"
    assert error.code == "unsupported_parameter"
    assert error.body["message"] == ("Unsupported parameter: 'max_tokens' is not supported with this model. "
                             "Use 'max_completion_tokens' instead.")


def test_unreachable_upstream_is_502(client: openai.OpenAI):
    started = time.monotonic()
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(model="unreachable-model", messages=HI)
    elapsed = time.monotonic() - started
    error = caught.value
    assert error.status_code == 502
    assert error.code == "upstream_error"
    assert error.type == "upstream_error"
    assert_request_id(error)
    assert elapsed < 10, f"a refused connection took {elapsed:.1f}s to report (connect timeout is 1 s)"


def test_upstream_answer_that_is_not_json_is_502(client: openai.OpenAI):
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(model="bad-json", messages=HI)
    assert caught.value.status_code == 502
    assert caught.value.code == "upstream_error"


def test_stalled_upstream_is_504(client: openai.OpenAI):
    started = time.monotonic()
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(model="stall", messages=HI)
    elapsed = time.monotonic() - started
    error = caught.value
    assert error.status_code == 504
    assert error.code == "upstream_timeout"
    assert_request_id(error)
    assert elapsed < 10, f"first-byte timeout is 1 s, the 504 took {elapsed:.1f}s"


def test_stalled_upstream_is_504_when_streaming(client: openai.OpenAI):
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(model="stall", messages=HI, stream=True)
    assert caught.value.status_code == 504
    assert caught.value.code == "upstream_timeout"


def test_error_event_in_the_stream_raises_api_error(client: openai.OpenAI):
    stream = client.chat.completions.create(model="stream-error", messages=HI, stream=True)
    received: list[str] = []
    with pytest.raises(openai.APIError) as caught:
        for chunk in stream:
            received.append(chunk.choices[0].delta.content or "" if chunk.choices else "")
    assert "".join(received) == "The"  # the two chunks before the failure were relayed
    assert caught.value.message == "Injected failure in the stream"
    assert caught.value.body["code"] == "injected_stream_error"


def test_upstream_dropping_mid_stream_raises_instead_of_ending_cleanly(client: openai.OpenAI):
    stream = client.chat.completions.create(model="drop-mid-stream", messages=HI, stream=True)
    received: list[str] = []
    with pytest.raises(openai.APIError):  # the SDK wraps transport errors as APIConnectionError
        for chunk in stream:
            received.append(chunk.choices[0].delta.content or "" if chunk.choices else "")
    assert "".join(received) == "The"


def test_upstream_bad_json_stream_raises(client: openai.OpenAI):
    with pytest.raises(openai.APIError):
        for _ in client.chat.completions.create(model="bad-json", messages=HI, stream=True):
            pass


# --- x-request-id ---------------------------------------------------------------------------

def test_request_id_on_success_via_raw_response(client: openai.OpenAI):
    raw = client.chat.completions.with_raw_response.create(model="mock-1", messages=HI)
    request_id = raw.headers.get("x-request-id")
    assert request_id and REQUEST_ID.match(request_id)
    assert raw.status_code == 200
    completion = raw.parse()
    assert completion.choices[0].message.content.endswith("You said: hi")
    assert completion._request_id == request_id

    other = client.chat.completions.with_raw_response.create(model="mock-1", messages=HI)
    assert other.headers.get("x-request-id") != request_id  # one per request


def test_request_id_on_a_stream_via_raw_response(client: openai.OpenAI):
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=HI, stream=True)
    assert REQUEST_ID.match(raw.headers.get("x-request-id", ""))
    chunks = list(raw.parse())
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "The capital of the UK is London."


def test_request_id_on_models_and_health(client: openai.OpenAI, gateway):
    raw = client.models.with_raw_response.list()
    assert REQUEST_ID.match(raw.headers.get("x-request-id", ""))
    health = httpx.get(f"{gateway.root_url}/health", timeout=10)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    assert REQUEST_ID.match(health.headers.get("x-request-id", ""))
