"""Asynchronous media tasks (video and music) over plain HTTP (httpx), against gateways of this
file's own: the mock task models with a short `task_seconds`, signed webhooks to a receiver in this
process, and a gateway stopped and started again on the same SQLite file in the middle of a task."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from conftest import Gateway, start_gateway, stop_process
from support import ADMIN_KEY, CI_KEY

WEBHOOK_SECRET = "whsec-conformance-0123456789"
TASK_SECONDS = 2
FINAL = {"succeeded", "failed", "cancelled"}


TASK_CHANNEL = {"name": "mock-tasks", "provider": "mock", "models": ["mock-video-1", "mock-music-1"],
                "task_seconds": TASK_SECONDS}


def start_task_gateway(workdir: Path, name: str, *, webhook_secret: str | None) -> Gateway:
    """`switchboard serve` with the mock task models (tasks of TASK_SECONDS), on `name`.db; without a
    webhook secret, SWITCHBOARD_WEBHOOK_SECRET is empty (which the gateway reads as not set)."""
    return start_gateway(workdir, upstream_url=None, name=name, extra_channels=[TASK_CHANNEL],
                         env={"SWITCHBOARD_WEBHOOK_SECRET": webhook_secret or ""})


def post(gateway: Gateway, path: str, body: dict, key: str = CI_KEY) -> httpx.Response:
    return httpx.post(f"{gateway.root_url}{path}", json=body, headers={"authorization": f"Bearer {key}"}, timeout=20)


def get(gateway: Gateway, path: str, key: str = CI_KEY) -> httpx.Response:
    return httpx.get(f"{gateway.root_url}{path}", headers={"authorization": f"Bearer {key}"}, timeout=20)


def wait_for_task(gateway: Gateway, task_id: str, timeout: float = 60) -> list[dict]:
    """Polls until the task ends; every state seen, the last one final (the timeout catches a hang)."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = get(gateway, f"/v1/tasks/{task_id}")
        assert response.status_code == 200, response.text
        seen.append(response.json())
        if seen[-1]["status"] in FINAL:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"task {task_id} never ended: {seen[-1] if seen else None}")


class WebhookReceiver:
    """A local HTTP server that records every POST (headers and raw body) and answers 200."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait_for(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def task_gateway(tmp_path_factory) -> Iterator[Gateway]:
    gateway = start_task_gateway(tmp_path_factory.mktemp("tasks"), "tasks", webhook_secret=WEBHOOK_SECRET)
    try:
        yield gateway
    finally:
        stop_process(gateway.process)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    try:
        yield receiver
    finally:
        receiver.close()


def verify_signature(header: str, body: bytes, secret: str) -> bool:
    parts = dict(part.split("=", 1) for part in header.split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def test_a_video_task_is_queued_at_once_and_polled_to_success(task_gateway):
    submitted = post(task_gateway, "/v1/tasks", {"model": "mock-video-1", "prompt": "A calico cat", "seconds": 4})
    assert submitted.status_code == 200, submitted.text
    task = submitted.json()
    assert task["id"].startswith("task_")
    assert task["object"] == "task" and task["model"] == "mock-video-1"
    assert task["status"] == "queued" and task["progress"] == 0
    assert isinstance(task["created_at"], int)
    seen = wait_for_task(task_gateway, task["id"])
    final = seen[-1]
    assert final["status"] == "succeeded", final
    assert final["progress"] == 100
    assert final["completed_at"] >= final["created_at"]
    assert final["result"]["urls"] == [f"https://mock.switchboard.invalid/videos/{task['id']}.mp4"]
    assert any(0 < state["progress"] < 100 for state in seen), [state["progress"] for state in seen]


def test_the_music_alias_returns_a_real_wav(task_gateway):
    submitted = post(task_gateway, "/v1/music/generations", {"model": "mock-music-1", "prompt": "a sea shanty"})
    assert submitted.status_code == 200, submitted.text
    final = wait_for_task(task_gateway, submitted.json()["id"])[-1]
    url = final["result"]["urls"][0]
    assert url.startswith("data:audio/wav;base64,")
    wav = base64.b64decode(url.split(",", 1)[1])
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"


def test_a_prompt_with_fail_fails_with_an_error(task_gateway):
    submitted = post(task_gateway, "/v1/video/generations", {"model": "mock-video-1", "prompt": "please fail"})
    assert submitted.status_code == 200, submitted.text
    final = wait_for_task(task_gateway, submitted.json()["id"])[-1]
    assert final["status"] == "failed"
    assert final["error"]["code"] == "mock_task_failed"
    assert "fail" in final["error"]["message"]
    assert final["result"] is None


def test_bad_input_and_unknown_tasks_get_the_openai_envelope(task_gateway):
    missing = post(task_gateway, "/v1/tasks", {"prompt": "no model"})
    assert missing.status_code == 400 and missing.json()["error"]["param"] == "model"
    ftp = post(task_gateway, "/v1/tasks", {"model": "mock-video-1", "prompt": "x", "webhook_url": "ftp://example.test/"})
    assert ftp.status_code == 400 and ftp.json()["error"]["param"] == "webhook_url"
    unknown = get(task_gateway, "/v1/tasks/task_does_not_exist")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "task_not_found"
    assert unknown.json()["error"]["type"] == "invalid_request_error"
    assert get(task_gateway, "/v1/tasks", key="sk-not-a-key").status_code == 401


def test_the_webhook_arrives_signed(task_gateway, receiver):
    submitted = post(task_gateway, "/v1/tasks", {"model": "mock-video-1", "prompt": "ring me", "webhook_url": receiver.url})
    assert submitted.status_code == 200, submitted.text
    task_id = submitted.json()["id"]
    wait_for_task(task_gateway, task_id)
    receiver.wait_for(1)
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    payload = json.loads(body)
    assert payload["id"] == task_id and payload["status"] == "succeeded"
    assert headers["content-type"] == "application/json"
    assert verify_signature(headers["switchboard-signature"], body, WEBHOOK_SECRET)
    assert not verify_signature(headers["switchboard-signature"], body, "another-secret")
    timestamp = int(dict(part.split("=", 1) for part in headers["switchboard-signature"].split(","))["t"])
    assert abs(time.time() - timestamp) < 600


def test_without_a_webhook_secret_a_webhook_url_is_refused(tmp_path):
    gateway = start_task_gateway(tmp_path, "no-secret", webhook_secret=None)
    try:
        refused = post(gateway, "/v1/tasks", {"model": "mock-video-1", "prompt": "x", "webhook_url": "https://example.test/hook"})
        assert refused.status_code == 400
        error = refused.json()["error"]
        assert error["param"] == "webhook_url"
        assert "SWITCHBOARD_WEBHOOK_SECRET" in error["message"]
        assert post(gateway, "/v1/tasks", {"model": "mock-video-1", "prompt": "no webhook"}).status_code == 200
    finally:
        stop_process(gateway.process)


def test_a_restart_in_the_middle_of_a_task_loses_nothing(tmp_path, receiver):
    first = start_task_gateway(tmp_path, "restart", webhook_secret=WEBHOOK_SECRET)
    try:
        submitted = post(first, "/v1/tasks", {"model": "mock-video-1", "prompt": "survive", "seconds": 4,
                                             "webhook_url": receiver.url})
        assert submitted.status_code == 200, submitted.text
        task_id = submitted.json()["id"]
        assert get(first, f"/v1/tasks/{task_id}").json()["status"] in {"queued", "in_progress"}
    finally:
        assert stop_process(first.process) == 0
    second = start_task_gateway(tmp_path, "restart", webhook_secret=WEBHOOK_SECRET)
    try:
        final = wait_for_task(second, task_id)[-1]
        assert final["status"] == "succeeded"
        receiver.wait_for(1)
        assert [json.loads(body)["id"] for _, body in receiver.received] == [task_id]
        # One usage record for the task, written by the gateway that saw it end, with its cost
        # (the 4 seconds asked for, of mock video at $0.01 a second; records are written within a second).
        deadline = time.monotonic() + 15
        records: list[dict] = []
        while time.monotonic() < deadline and not records:
            usage = httpx.get(f"{second.root_url}/admin/v1/usage/records?limit=50",
                              headers={"authorization": f"Bearer {ADMIN_KEY}"}, timeout=10).json()["data"]
            records = [record for record in usage if record["request_id"] == task_id]
            time.sleep(0.2)
        assert len(records) == 1, records
        assert records[0]["endpoint"] == "tasks" and records[0]["status"] == 200
        assert abs(records[0]["cost_usd"] - 0.04) < 1e-9
    finally:
        stop_process(second.process)
