"""What every gateway answer must look like, for the fuzzing and bad-input tests.

A success, or an error in the envelope of the endpoint's own API:
- OpenAI (`/v1/...` except `/v1/messages`): `{"error": {"message", "type", "param", "code"}}`;
- Anthropic (`/v1/messages...`): `{"type": "error", "error": {"type", "message"}}`;
- Google (`/v1beta/...`): `{"error": {"code", "message", "status"}}`.
Never a 5xx, never HTML, always JSON (or SSE for a stream) with `x-request-id`.
"""

from __future__ import annotations

import json
import select
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


def api_of(path: str) -> str:
    """Which API's envelope the gateway answers errors on `path` with (as its ErrorEnvelope does)."""
    path = urlsplit(path).path
    if path.startswith("/v1/messages"):
        return "anthropic"
    if path.startswith("/v1beta/") or path == "/v1beta":
        return "google"
    return "openai"


def envelope_problems(path: str, status: int, body: object) -> list[str]:
    """What is wrong with `body` as the error envelope of `path` for `status` (empty when nothing)."""
    api = api_of(path)
    if not isinstance(body, dict):
        return [f"the error body is not a JSON object: {body!r:.200}"]
    problems = []
    error = body.get("error")
    if not isinstance(error, dict):
        return [f"no `error` object in {body!r:.200}"]
    if not isinstance(error.get("message"), str) or not error["message"]:
        problems.append("`error.message` is not a non-empty string")
    if api == "openai":
        if set(body) != {"error"}:
            problems.append(f"members beside `error`: {sorted(body)}")
        if not {"message", "type", "param", "code"} <= set(error):
            problems.append(f"`error` lacks some of message/type/param/code: {sorted(error)}")
        if not isinstance(error.get("type"), str):
            problems.append("`error.type` is not a string")
        for key in ("param", "code"):
            if error.get(key) is not None and not isinstance(error.get(key), str):
                problems.append(f"`error.{key}` is neither a string nor null")
    elif api == "anthropic":
        if body.get("type") != "error":
            problems.append('`type` is not "error"')
        if not isinstance(error.get("type"), str) or not error["type"]:
            problems.append("`error.type` is not a non-empty string")
    else:
        if error.get("code") != status:
            problems.append(f"`error.code` {error.get('code')!r} is not the status {status}")
        if not isinstance(error.get("status"), str) or not error["status"]:
            problems.append("`error.status` is not a non-empty string")
    return problems


def answer_problems(path: str, status: int, headers: dict[str, str], body: bytes, *,
                    expect_error: bool = False) -> list[str]:
    """What is wrong with an answer of the gateway to a request on `path` (empty when nothing).

    `headers` must have lower-case names."""
    problems = []
    content_type = headers.get("content-type", "")
    if status >= 500:
        problems.append(f"status {status} (a server error)")
    if status < 200 or (expect_error and status < 400):
        problems.append(f"status {status} where an error was expected")
    if not headers.get("x-request-id"):
        problems.append("no x-request-id")
    if b"<html" in body[:1024].lower() or "html" in content_type:
        problems.append("HTML in the answer")
    if content_type.startswith("text/event-stream"):
        if status >= 400:
            problems.append(f"an event stream with status {status}")
        problems += sse_problems(body)
        return problems
    if not content_type.startswith("application/json"):
        return problems + [f"content-type {content_type!r} is not JSON"]
    try:
        parsed = json.loads(body)
    except ValueError:
        return problems + [f"the body is not JSON: {body[:200]!r}"]
    if status >= 400:
        problems += envelope_problems(path, status, parsed)
    elif not isinstance(parsed, (dict, list)):
        problems.append(f"the success body is not a JSON object: {body[:200]!r}")
    return problems


def sse_problems(body: bytes) -> list[str]:
    """Every `data:` of an event stream must be JSON (or OpenAI's `[DONE]`)."""
    problems = []
    text = body.decode("utf-8", errors="replace").replace("\r\n", "\n")
    events = 0
    for line in text.split("\n"):
        if not line.startswith("data:"):
            continue
        events += 1
        data = line[5:].strip()
        if data == "[DONE]":
            continue
        try:
            json.loads(data)
        except ValueError:
            problems.append(f"an event's data is not JSON: {data[:200]!r}")
    if events == 0:
        problems.append("an event stream without events")
    return problems


@dataclass
class RawAnswer:
    """What came back on a raw connection: the parsed response (if any) and when the server closed."""
    status: int | None
    headers: dict[str, str]
    body: bytes
    seconds: float
    closed: bool

    def json(self) -> object:
        return json.loads(self.body)


def parse_response(data: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """Splits one HTTP/1.1 response (Content-Length or close-delimited) into status, headers, body."""
    head, separator, body = data.partition(b"\r\n\r\n")
    if not separator:
        return None, {}, b""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = body[:int(headers["content-length"])]
    return status, headers, body


def raw_exchange(port: int, data: bytes, *, timeout: float = 10.0, trickle: bytes = b"", drip: float = 0.1,
                 drip_for: float | None = None) -> RawAnswer:
    """Sends `data` on a new connection, then `trickle` one byte per `drip` seconds (for at most
    `drip_for` seconds), and reads until the server closes the connection or `timeout` passes."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
            if trickle:
                for byte in trickle:
                    if drip_for is not None and time.monotonic() - started > drip_for:
                        break
                    if select.select([sock], [], [], 0)[0]:
                        break  # the server answered (or closed): read that rather than write into a reset
                    sock.sendall(bytes([byte]))
                    time.sleep(drip)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server closed the connection (what a slow client should get)
        received = b""
        closed = False
        sock.settimeout(max(0.1, timeout - (time.monotonic() - started)))
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    closed = True
                    break
                received += chunk
        except socket.timeout:
            pass
        except ConnectionResetError:
            closed = True
    status, headers, body = parse_response(received)
    return RawAnswer(status, headers, body, time.monotonic() - started, closed)
