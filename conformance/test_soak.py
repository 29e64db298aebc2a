"""A bounded soak of the built gateway: 200 concurrent streams for 60 s while about 10% of upstream
calls fail in every way the test upstream can fail (error status, reset before headers, reset and
stall in the middle of a stream, a stream that is not SSE). Every request must end in a success or
a correct failure (an error in OpenAI's envelope, or an error event then `[DONE]`), none may be
lost (a hang, a cut stream, a transport error, an answer that is neither), the usage log must hold
one record per request, and the gateway's RSS may grow by less than 5 MB from the end of the
warm-up to the end.

`SOAK_SECONDS` and `SOAK_STREAMS` change the length and the concurrency (defaults 60 and 200); the
figures are written to `soak-report.json` in the test's directory and printed with `-s`.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from conftest import start_gateway, stop_process

SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
STREAMS = int(os.environ.get("SOAK_STREAMS", "200"))
WARM_UP_SECONDS = min(10.0, SECONDS / 4)
RSS_GROWTH_LIMIT_KB = 5 * 1024
REPORT = Path(__file__).parent / "soak-report.json"

# One healthy channel and five faulty ones at the same priority: by weight, 10% of upstream calls
# go to a faulty channel. The breakers are set never to open, so the faults keep coming.
FAULTS = ["fault:status-500", "fault:reset-before-headers", "fault:reset-mid-stream", "fault:stall-mid-stream-3",
          "fault:bad-sse"]


def soak_channels(upstream_url: str) -> list[dict]:
    timeouts = {"connect": 2, "first_byte": 5, "idle": 1, "total": 20}
    channels = [{"name": "soak-ok", "provider": "openai-compatible", "base_url": upstream_url, "api_key": "test",
                 "model_map": {"soak": "soak-healthy"}, "weight": 90, "timeouts": timeouts}]
    for index, fault in enumerate(FAULTS):
        channels.append({"name": f"soak-fault-{index}", "provider": "openai-compatible", "base_url": upstream_url,
                         "api_key": "test", "model_map": {"soak": fault}, "weight": 2, "timeouts": timeouts})
    return channels


@dataclass
class Tally:
    sent: int = 0
    all_requests: int = 0
    succeeded: int = 0
    failed_correctly: int = 0
    lost: int = 0
    lost_examples: list[str] = field(default_factory=list)

    def lose(self, why: str) -> None:
        self.lost += 1
        if len(self.lost_examples) < 10:
            self.lost_examples.append(why)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def one_stream(client: httpx.AsyncClient, url: str, key: str, tally: Tally, counting: bool) -> None:
    body = {"model": "soak", "stream": True, "messages": [{"role": "user", "content": f"soak {random.random()}"}]}
    tally.all_requests += 1
    if counting:
        tally.sent += 1
    outcome = "lost"
    why = ""
    try:
        async with client.stream("POST", url, json=body, headers={"authorization": f"Bearer {key}"}) as response:
            if response.status_code != 200:
                payload = json.loads(await response.aread())
                error = payload.get("error", {})
                if response.status_code >= 400 and error.get("type") and error.get("message"):
                    outcome = "failed"
                else:
                    why = f"status {response.status_code} without an envelope: {payload}"
            else:
                data = [line.removeprefix("data: ") async for line in response.aiter_lines() if line.startswith("data: ")]
                events = [json.loads(item) for item in data[:-1]]  # every event but [DONE] is JSON
                if not data or data[-1] != "[DONE]":
                    why = f"stream without [DONE]: {data[-2:]}"
                elif any("error" in event for event in events):
                    error = next(event["error"] for event in events if "error" in event)
                    outcome = "failed" if error.get("type") and error.get("message") else "lost"
                    why = f"error event without type/message: {error}"
                elif any(choice.get("delta", {}).get("content") for event in events for choice in event.get("choices", [])):
                    outcome = "succeeded"
                else:
                    why = f"a stream with no content: {data[:3]}"
    except Exception as error:  # a transport error, a timeout or a body that is not JSON: lost
        why = f"{type(error).__name__}: {error}"
    if not counting:
        return
    if outcome == "succeeded":
        tally.succeeded += 1
    elif outcome == "failed":
        tally.failed_correctly += 1
    else:
        tally.lose(why)


async def soak(base_url: str, key: str, pid: int) -> dict:
    tally = Tally()
    url = f"{base_url}/chat/completions"
    limits = httpx.Limits(max_connections=STREAMS + 10, max_keepalive_connections=STREAMS + 10)
    async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(30.0)) as client:
        warm_until = time.monotonic() + WARM_UP_SECONDS
        end = warm_until + SECONDS
        rss_start = 0

        async def worker() -> None:
            while time.monotonic() < end:
                counting = time.monotonic() >= warm_until
                await one_stream(client, url, key, tally, counting)

        async def sample_rss() -> None:
            nonlocal rss_start
            await asyncio.sleep(max(0.0, warm_until - time.monotonic()))
            rss_start = rss_kb(pid)

        await asyncio.gather(sample_rss(), *(worker() for _ in range(STREAMS)))
    await asyncio.sleep(2)  # let the last records be written and buffers settle
    report = asdict(tally)
    report.update(seconds=SECONDS, concurrent_streams=STREAMS, rss_start_kb=rss_start, rss_end_kb=rss_kb(pid))
    return report


def test_soak_loses_nothing_and_does_not_grow(tmp_path: Path, upstream):
    gateway = start_gateway(
        tmp_path, upstream_url=upstream.base_url, name="soak", extra_channels=soak_channels(upstream.base_url),
        extra_sections={"breakers": {"failures": 1000000, "error_rate": 1, "min_requests": 1000000},
                        "retries": {"attempts": 2, "backoff": 0.01}},
        server_extra={"max_in_flight": 4096})
    started = time.monotonic()
    try:
        report = asyncio.run(soak(gateway.base_url, gateway.keys["ci"], gateway.process.pid))
    finally:
        status = stop_process(gateway.process, timeout=30)
    with sqlite3.connect(gateway.database_path) as database:
        (records,) = database.execute("SELECT COUNT(*) FROM usage_records WHERE model = 'soak'").fetchone()
    report.update(gateway_exit=status, usage_records=records, wall_seconds=round(time.monotonic() - started, 1),
                  rss_growth_kb=report["rss_end_kb"] - report["rss_start_kb"])
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    print("soak:", json.dumps(report))

    assert report["lost"] == 0, report
    assert report["sent"] == report["succeeded"] + report["failed_correctly"]
    assert report["sent"] > STREAMS, report
    assert report["failed_correctly"] > 0, "the faults reached the clients"
    assert status == 0
    assert records == report["all_requests"], "one usage record per request, warm-up included"
    assert report["rss_growth_kb"] < RSS_GROWTH_LIMIT_KB, report
