"""Start-up and shutdown of the gateway process itself (each test runs its own gateway)."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import httpx
import openai
import pytest

from conftest import make_client, start_gateway, stop_process
from support import mock_answer

SHUTDOWN_SECONDS = 10


def sigterm_and_wait(process: subprocess.Popen) -> tuple[int | None, float]:
    """Sends SIGTERM; returns (exit status or None if it did not stop in time, seconds taken)."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=SHUTDOWN_SECONDS)
        return process.returncode, time.monotonic() - started
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - started
    finally:
        stop_process(process, timeout=5)


def test_first_start_without_keys_creates_and_prints_one(tmp_path: Path):
    gateway = start_gateway(tmp_path, upstream_url=None, with_keys=False, name="fresh")
    try:
        stdout = gateway.stdout_path.read_text()
        match = re.search(r"Created a client key \(shown only this once; store it now\):\n\s*(sk-\S+)\n", stdout)
        assert match, stdout
        secret = match.group(1)
        with make_client(gateway.base_url, secret) as sdk:
            assert [model.id for model in sdk.models.list()] == ["mock-1"]
            completion = sdk.chat.completions.create(model="mock-1", messages=[{"role": "user", "content": "first"}])
            assert completion.choices[0].message.content == mock_answer("first")
    finally:
        stop_process(gateway.process)

    # a second start on the same store creates no further key, and the first still works
    again = start_gateway(tmp_path, upstream_url=None, with_keys=False, name="fresh")
    try:
        assert "Created a client key" not in again.stdout_path.read_text()
        with make_client(again.base_url, secret) as sdk:
            completion = sdk.chat.completions.create(model="mock-1", messages=[{"role": "user", "content": "again"}])
            assert completion.choices[0].message.content == mock_answer("again")
    finally:
        stop_process(again.process)


def test_sigterm_when_idle_exits_cleanly(tmp_path: Path):
    gateway = start_gateway(tmp_path, upstream_url=None, name="idle")
    status, seconds = sigterm_and_wait(gateway.process)
    assert status == 0, f"exit status {status} after {seconds:.1f}s"


def test_sigterm_after_mixed_traffic_exits_cleanly(tmp_path: Path):
    """Successes, streams and failures (whose usage records differ in which fields are empty),
    then SIGTERM: the gateway must finish its work and exit 0 promptly."""
    gateway = start_gateway(tmp_path, upstream_url=None, name="mixed")
    try:
        with make_client(gateway.base_url, gateway.keys["ci"]) as sdk:
            for round_number in range(3):
                sdk.chat.completions.create(model="mock-1", messages=[{"role": "user", "content": f"r{round_number}"}])
                list(sdk.chat.completions.create(
                    model="mock-1", messages=[{"role": "user", "content": "s"}], stream=True,
                    stream_options={"include_usage": True}))
                with pytest.raises(openai.NotFoundError):
                    sdk.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "x"}])
        # the gateway keeps serving meanwhile
        assert httpx.get(f"{gateway.root_url}/health", timeout=5).json() == {"status": "ok"}
        time.sleep(1.5)  # let usage records be flushed in the background
    finally:
        status, seconds = sigterm_and_wait(gateway.process)
    stderr_tail = gateway.stderr_path.read_text(errors="replace")[-1500:]
    assert status == 0, f"exit status {status} after {seconds:.1f}s; stderr tail:\n{stderr_tail}"
    assert seconds < SHUTDOWN_SECONDS


def test_sigterm_ends_a_stream_still_running_after_the_grace_period_with_an_error_event(tmp_path: Path, upstream):
    """A stream the upstream stalls in the middle of: SIGTERM lets it run for `shutdown_grace`,
    then the gateway ends it with an OpenAI error event, records it (503) and exits 0."""
    gateway = start_gateway(
        tmp_path, upstream_url=upstream.base_url, name="grace", server_extra={"shutdown_grace": 1},
        extra_channels=[{
            "name": "stalling", "provider": "openai-compatible", "base_url": upstream.base_url, "api_key": "test",
            "model_map": {"stalls": "fault:stall-mid-stream-30"},
            "timeouts": {"connect": 2, "first_byte": 60, "idle": 60, "total": 120}}])
    lines: list[str] = []
    try:
        with httpx.stream(
                "POST", f"{gateway.base_url}/chat/completions", timeout=30,
                headers={"authorization": f"Bearer {gateway.keys['ci']}"},
                json={"model": "stalls", "stream": True, "messages": [{"role": "user", "content": "hi"}]}) as response:
            assert response.status_code == 200
            stream = response.iter_lines()
            for line in stream:  # the upstream sends a few events, then stalls for 30 s
                lines.append(line)
                if line.startswith("data: {"):
                    break
            started = time.monotonic()
            gateway.process.send_signal(signal.SIGTERM)
            lines.extend(stream)
            ended_after = time.monotonic() - started
        status = gateway.process.wait(timeout=SHUTDOWN_SECONDS)
    finally:
        stop_process(gateway.process, timeout=5)
    events = [line.removeprefix("data: ") for line in lines if line.startswith("data: ")]
    errors = [json.loads(event)["error"] for event in events if event.startswith("{") and "error" in json.loads(event)]
    assert errors and errors[-1]["type"] == "service_unavailable", events[-3:]
    assert "shutting down" in errors[-1]["message"]
    assert events[-1] == "[DONE]"
    assert 0.8 < ended_after < 8, f"the stream ended {ended_after:.1f}s after SIGTERM (grace 1 s)"
    assert status == 0
    with sqlite3.connect(gateway.database_path) as database:
        rows = database.execute("SELECT status, model FROM usage_records WHERE model = 'stalls'").fetchall()
    assert rows == [(503, "stalls")]
