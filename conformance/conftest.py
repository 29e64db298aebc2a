"""Session fixtures for the Switchboard conformance suite.

The suite drives the BUILT gateway binary over real loopback HTTP with the official
`openai`, `anthropic` and `google-genai` Python SDKs. It starts two processes once per session:

- `switchboard-test-upstream` (the project's fake upstream: OpenAI Chat and Responses, Anthropic
  Messages and Gemini on one port, replaying recorded traffic);
- `switchboard serve` with a temporary config and a temporary SQLite store.

Binary paths come from `SWITCHBOARD_BIN` / `SWITCHBOARD_TEST_UPSTREAM_BIN`, defaulting to the
debug build under `.build/debug` of the repository that holds this folder.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import anthropic
import httpx
import openai
import pytest
from google import genai
from google.genai import types as genai_types

from support import (ADMIN_KEY, CI_KEY, MATRIX_CHANNELS, MAX_BODY_BYTES, MOCK_ONLY_KEY, REPO_ROOT, SLOW_MODEL_MAP,
                     UPSTREAM_MODEL_MAP, matrix_model_map)



def _binary(env_name: str, default_name: str) -> Path:
    value = os.environ.get(env_name)
    path = Path(value) if value else REPO_ROOT / ".build" / "debug" / default_name
    return path.resolve()


SWITCHBOARD_BIN = _binary("SWITCHBOARD_BIN", "switchboard")
TEST_UPSTREAM_BIN = _binary("SWITCHBOARD_TEST_UPSTREAM_BIN", "switchboard-test-upstream")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_binary(path: Path, timeout: float = 120.0) -> None:
    """The binaries are rebuilt by others in the same tree: tolerate a short absence."""
    deadline = time.monotonic() + timeout
    while not (path.is_file() and os.access(path, os.X_OK)):
        if time.monotonic() > deadline:
            pytest.exit(f"binary not found or not executable: {path} (build it with `swift build`)", returncode=2)
        time.sleep(2)


def wait_for_line(path: Path, pattern: str, process: subprocess.Popen, timeout: float) -> re.Match:
    """Polls a process's stdout file until a line matches `pattern`."""
    regex = re.compile(pattern, re.MULTILINE)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text(errors="replace") if path.exists() else ""
        match = regex.search(text)
        if match:
            return match
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode} before printing /{pattern}/:\n{text}")
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for /{pattern}/ from {process.args[0]}")


def stop_process(process: subprocess.Popen, timeout: float = 10.0) -> int:
    """SIGTERM, wait, then SIGKILL if needed; returns the exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)
    return process.returncode


@dataclass
class Upstream:
    port: int
    process: subprocess.Popen

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


@dataclass
class Gateway:
    """A running `switchboard serve`."""

    port: int
    process: subprocess.Popen
    config_path: Path
    database_path: Path
    workdir: Path
    stdout_path: Path
    stderr_path: Path
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    def cli(self, *args: str, timeout: float = 30.0) -> subprocess.CompletedProcess:
        """Runs `switchboard ARGS --config CONFIG` against this gateway's store."""
        return subprocess.run(
            [str(SWITCHBOARD_BIN), *args, "--config", str(self.config_path)],
            capture_output=True, text=True, timeout=timeout, cwd=self.workdir)


def write_config(path: Path, *, port: int, database: Path, upstream_url: str | None, with_keys: bool = True,
                 idle_timeout: float | None = None, server_extra: dict | None = None,
                 extra_channels: list[dict] | None = None, extra_sections: dict | None = None) -> None:
    """Writes a gateway config. JSON is valid YAML, so the structure is written as JSON lines.

    `server_extra` adds settings to `server:`, `extra_channels` appends channels, `extra_sections`
    adds top-level sections (`breakers`, `retries`, ...)."""
    server = {'host': '127.0.0.1', 'port': port, 'max_body_bytes': MAX_BODY_BYTES}
    if idle_timeout is not None:
        server['idle_timeout'] = idle_timeout
    server.update(server_extra or {})
    lines = [
        f"server: {json.dumps(server)}",
        f"database: sqlite://{database}",
        f"admin_key: {ADMIN_KEY}",
    ]
    if with_keys:
        lines.append("keys:")
        lines.append("  - " + json.dumps({"name": "ci", "key": CI_KEY, "models": ["*"]}))
        lines.append("  - " + json.dumps({"name": "mock-only", "key": MOCK_ONLY_KEY, "models": ["mock-*"]}))
    lines.append("channels:")
    lines.append("  - " + json.dumps({"name": "mock", "provider": "mock", "models": ["mock-1"]}))
    if upstream_url:
        lines.append("  - " + json.dumps({
            "name": "upstream", "provider": "openai-compatible", "base_url": upstream_url, "api_key": "test",
            "models": ["gpt-4o-mini"], "model_map": UPSTREAM_MODEL_MAP,
            "timeouts": {"connect": 2, "first_byte": 5, "idle": 5, "total": 30}}))
        lines.append("  - " + json.dumps({
            "name": "slow", "provider": "openai-compatible", "base_url": upstream_url, "api_key": "test",
            "models": [], "model_map": SLOW_MODEL_MAP,
            "timeouts": {"connect": 2, "first_byte": 1, "idle": 1, "total": 3}}))
        lines.append("  - " + json.dumps({
            "name": "dead", "provider": "openai-compatible", "base_url": "http://127.0.0.1:1/v1",
            "models": ["unreachable-model"], "timeouts": {"connect": 1, "first_byte": 2, "idle": 2, "total": 5}}))
        # The conformance matrix: one channel per upstream kind, all on the test upstream, which
        # speaks every wire format on one port (`oa-text` -> `scenario:text` on the `openai` channel, ...).
        upstream_root = upstream_url.removesuffix("/v1")
        for kind, (name, path_prefix) in MATRIX_CHANNELS.items():
            lines.append("  - " + json.dumps({
                "name": name, "provider": kind, "base_url": upstream_root + path_prefix, "api_key": "test",
                "model_map": matrix_model_map(kind),
                "timeouts": {"connect": 2, "first_byte": 5, "idle": 5, "total": 30}}))
    for channel in extra_channels or []:
        lines.append("  - " + json.dumps(channel))
    for section, value in (extra_sections or {}).items():
        lines.append(f"{section}: {json.dumps(value)}")
    path.write_text("\n".join(lines) + "\n")


def start_gateway(workdir: Path, *, upstream_url: str | None, with_keys: bool = True, name: str = "gateway",
                  attempts: int = 3, idle_timeout: float | None = None, server_extra: dict | None = None,
                  extra_channels: list[dict] | None = None, extra_sections: dict | None = None,
                  env: dict | None = None) -> Gateway:
    """Starts `switchboard serve` on a free port and waits until /health answers (`idle_timeout`:
    `server.idle_timeout` in seconds, the gateway's default when None; the extras as `write_config`
    takes them; `env` adds environment variables)."""
    wait_for_binary(SWITCHBOARD_BIN)
    last_error: Exception | None = None
    for _ in range(attempts):
        port = free_port()
        config_path = workdir / f"{name}.yaml"
        database_path = workdir / f"{name}.db"
        write_config(config_path, port=port, database=database_path, upstream_url=upstream_url, with_keys=with_keys,
                     idle_timeout=idle_timeout, server_extra=server_extra, extra_channels=extra_channels,
                     extra_sections=extra_sections)
        stdout_path = workdir / f"{name}.stdout"
        stderr_path = workdir / f"{name}.stderr"
        with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
            process = subprocess.Popen(
                [str(SWITCHBOARD_BIN), "serve", "--config", str(config_path), "--port", str(port), "--host", "127.0.0.1"],
                stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=workdir,
                env={**os.environ, "SWITCHBOARD_LOG_LEVEL": os.environ.get("SWITCHBOARD_LOG_LEVEL", "warning"), **(env or {})})
        gateway = Gateway(port=port, process=process, config_path=config_path, database_path=database_path,
                          workdir=workdir, stdout_path=stdout_path, stderr_path=stderr_path)
        try:
            wait_for_line(stdout_path, r"^Switchboard listening on http://\S+/v1", process, timeout=60)
            deadline = time.monotonic() + 15
            while True:
                try:
                    response = httpx.get(f"{gateway.root_url}/health", timeout=2)
                    if response.status_code == 200 and response.json() == {"status": "ok"}:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"gateway on port {port} did not become healthy")
                time.sleep(0.05)
            if with_keys:
                gateway.keys = {"ci": CI_KEY, "mock-only": MOCK_ONLY_KEY}
            return gateway
        except RuntimeError as error:  # e.g. the free port was taken in between: try another one
            last_error = error
            stop_process(process)
            stderr = stderr_path.read_text(errors="replace")[-2000:]
            last_error = RuntimeError(f"{error}\n--- gateway stderr ---\n{stderr}")
    raise RuntimeError(f"could not start the gateway: {last_error}")


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="switchboard-conformance-") as path:
        yield Path(path)


@pytest.fixture(scope="session")
def upstream(workdir: Path) -> Iterator[Upstream]:
    wait_for_binary(TEST_UPSTREAM_BIN)
    stdout_path = workdir / "upstream.stdout"
    with open(stdout_path, "wb") as out, open(workdir / "upstream.stderr", "wb") as err:
        process = subprocess.Popen([str(TEST_UPSTREAM_BIN), "0"], stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    try:
        match = wait_for_line(stdout_path, r"^listening on (\d+)", process, timeout=60)
        upstream = Upstream(port=int(match.group(1)), process=process)
        yield upstream
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
def gateway(workdir: Path, upstream: Upstream) -> Iterator[Gateway]:
    gateway = start_gateway(workdir, upstream_url=upstream.base_url)
    try:
        yield gateway
    finally:
        # Graceful shutdown is asserted by test_lifecycle.py; here just make sure nothing is left running.
        stop_process(gateway.process, timeout=5)


@pytest.fixture(scope="session")
def base_url(gateway: Gateway) -> str:
    return gateway.base_url


@pytest.fixture(scope="session")
def keys(gateway: Gateway) -> dict[str, str]:
    return gateway.keys


def make_client(base_url: str, api_key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=20)


@pytest.fixture
def client(gateway: Gateway) -> Iterator[openai.OpenAI]:
    with make_client(gateway.base_url, CI_KEY) as sdk:
        yield sdk


@pytest.fixture
def mock_only_client(gateway: Gateway) -> Iterator[openai.OpenAI]:
    with make_client(gateway.base_url, MOCK_ONLY_KEY) as sdk:
        yield sdk


@pytest.fixture
def http(gateway: Gateway) -> Iterator[httpx.Client]:
    """A raw HTTP client for what the SDK cannot send (missing keys, malformed JSON, odd content parts)."""
    with httpx.Client(base_url=gateway.base_url, timeout=20) as raw:
        yield raw


@pytest.fixture
def anthropic_client(gateway: Gateway) -> Iterator[anthropic.Anthropic]:
    """The official Anthropic SDK against the gateway (it appends /v1/messages to the root URL).
    Note: anthropic 2.x sends the key as `Authorization: Bearer`, not `x-api-key`, and
    `anthropic-version: 2026-10-21`."""
    with anthropic.Anthropic(base_url=gateway.root_url, api_key=CI_KEY, max_retries=0, timeout=20) as sdk:
        yield sdk


def make_gemini_client(gateway: Gateway, api_key: str = CI_KEY) -> genai.Client:
    """The official google-genai SDK against the gateway's `/v1beta/models/{model}:...` routes."""
    return genai.Client(api_key=api_key, http_options=genai_types.HttpOptions(
        base_url=gateway.root_url, api_version="v1beta", timeout=20_000))


@pytest.fixture
def gemini_client(gateway: Gateway) -> Iterator[genai.Client]:
    with make_gemini_client(gateway) as client:
        yield client
