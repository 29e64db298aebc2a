"""The control plane as SDK users and operators meet it: keys made through the admin API with
rate limits and budgets, the SDKs' own exception classes for 429s, costs in the usage API and CLI."""

from __future__ import annotations

import csv
import io
import uuid

import anthropic
import httpx
import openai
import pytest

from conftest import make_client
from support import ADMIN_KEY


def admin(gateway, method: str, path: str, **kwargs) -> httpx.Response:
    headers = {"authorization": f"Bearer {ADMIN_KEY}"}
    return httpx.request(method, f"{gateway.root_url}/admin/v1{path}", headers=headers, timeout=10, **kwargs)


def create_key(gateway, **fields) -> dict:
    response = admin(gateway, "POST", "/keys", json={"name": f"conf-{uuid.uuid4().hex[:8]}", **fields})
    assert response.status_code == 201, response.text
    return response.json()


def ask(sdk: openai.OpenAI, text: str = "control plane"):
    return sdk.chat.completions.create(model="mock-1", messages=[{"role": "user", "content": text}], max_tokens=40)


def test_admin_api_needs_the_admin_key(gateway, keys):
    assert httpx.get(f"{gateway.root_url}/admin/v1/keys", timeout=10).status_code == 401
    client_key = next(iter(keys.values()))
    denied = httpx.get(f"{gateway.root_url}/admin/v1/keys", headers={"authorization": f"Bearer {client_key}"}, timeout=10)
    assert denied.status_code == 401
    assert denied.json()["error"]["type"] == "authentication_error"


def test_a_key_over_its_rpm_gets_openai_rate_limit_error_with_headers(gateway):
    key = create_key(gateway, rpm=2, models=["mock-*"])
    with make_client(gateway.base_url, key["key"]) as sdk:
        sdk = sdk.with_options(max_retries=0)
        raw = sdk.chat.completions.with_raw_response.create(
            model="mock-1", messages=[{"role": "user", "content": "first"}])
        assert raw.headers["x-ratelimit-limit-requests"] == "2"
        assert raw.headers["x-ratelimit-remaining-requests"] == "1"
        ask(sdk)
        with pytest.raises(openai.RateLimitError) as caught:
            ask(sdk)
    assert caught.value.code == "rate_limit_exceeded"
    assert caught.value.type == "rate_limit_error"
    assert int(caught.value.response.headers["retry-after"]) >= 1
    assert caught.value.response.headers["x-ratelimit-remaining-requests"] == "0"


def test_the_anthropic_sdk_gets_its_own_rate_limit_error(gateway):
    key = create_key(gateway, rpm=1)
    sdk = anthropic.Anthropic(base_url=gateway.root_url, api_key=key["key"], max_retries=0)
    sdk.messages.create(model="mock-1", max_tokens=32, messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(anthropic.RateLimitError) as caught:
        sdk.messages.create(model="mock-1", max_tokens=32, messages=[{"role": "user", "content": "again"}])
    assert caught.value.body["error"]["type"] == "rate_limit_error"
    assert caught.value.response.headers["anthropic-ratelimit-requests-limit"] == "1"


def test_a_spent_budget_is_insufficient_quota(gateway):
    key = create_key(gateway, budget_usd=0.0000001)
    with make_client(gateway.base_url, key["key"]) as sdk:
        sdk = sdk.with_options(max_retries=0)
        ask(sdk)  # admitted while something is left; its cost then passes the budget
        with pytest.raises(openai.RateLimitError) as caught:
            ask(sdk)
    assert caught.value.code == "insufficient_quota"
    shown = admin(gateway, "GET", f"/keys/{key['id']}").json()
    assert shown["spent_usd"] > 0
    assert "key" in shown and shown["key"].startswith("sk-...")


def test_usage_api_and_cli_report_costs(gateway):
    key = create_key(gateway)
    with make_client(gateway.base_url, key["key"]) as sdk:
        ask(sdk, "for the usage report")
    import time
    time.sleep(0.6)  # the usage recorder writes in batches every 200 ms
    by_key = admin(gateway, "GET", "/usage", params={"group_by": "key"}).json()
    assert by_key["object"] == "list"
    mine = [row for row in by_key["data"] if row["group"] == key["id"]]
    assert len(mine) == 1 and mine[0]["requests"] == 1 and mine[0]["cost_usd"] > 0
    csv_text = admin(gateway, "GET", "/usage.csv", params={"group_by": "model"}).text
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert any(row["group"] == "mock-1" and float(row["cost_usd"]) > 0 for row in rows), csv_text
    bad = admin(gateway, "GET", "/usage", params={"group_by": "colour"})
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "group_by"
    table = gateway.cli("usage", "--group-by", "model")
    assert table.returncode == 0, table.stderr
    assert "mock-1" in table.stdout


def test_runtime_channels_through_the_admin_api(gateway, upstream, client: openai.OpenAI):
    name = f"conf-{uuid.uuid4().hex[:6]}"
    created = admin(gateway, "POST", "/channels", json={
        "name": name, "provider": "openai-compatible", "base_url": upstream.base_url, "api_key": "sk-hidden-upstream",
        "model_map": {name: "gpt-4o-mini"}})
    assert created.status_code == 201, created.text
    assert "sk-hidden-upstream" not in created.text
    completion = client.chat.completions.create(model=name, messages=[{"role": "user", "content": "hi"}])
    assert completion.model == name
    tested = admin(gateway, "POST", f"/channels/{created.json()['id']}/test").json()
    assert tested["ok"] is True
    assert admin(gateway, "DELETE", f"/channels/{created.json()['id']}").status_code == 200
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model=name, messages=[{"role": "user", "content": "hi"}])
