"""Keys managed with `switchboard keys ...` against the running gateway's store take effect live."""

from __future__ import annotations

import re
import time
from typing import Callable

import openai
import pytest

from conftest import make_client
from support import mock_answer

PROPAGATION_SECONDS = 2.0


def eventually(check: Callable[[], bool], within: float) -> float:
    """Polls `check` until it holds; returns how long it took, fails after `within` seconds."""
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if time.monotonic() - started > within:
            pytest.fail(f"condition not met within {within} s")
        time.sleep(0.05)


def key_works(sdk: openai.OpenAI) -> bool:
    try:
        sdk.chat.completions.create(model="mock-1", messages=[{"role": "user", "content": "cli"}])
        return True
    except openai.AuthenticationError:
        return False


def key_rejected(sdk: openai.OpenAI) -> bool:
    try:
        sdk.chat.completions.create(model="mock-1", messages=[{"role": "user", "content": "cli"}])
        return False
    except openai.AuthenticationError as error:
        assert error.code == "invalid_api_key"
        return True


def list_keys(gateway) -> list[dict[str, str]]:
    result = gateway.cli("keys", "list")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    header = lines[0].split("\t")
    assert header[:2] == ["ID", "NAME"]
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]], result.stdout


def test_cli_key_works_at_once_and_stops_working_when_revoked(gateway):
    created = gateway.cli("keys", "create", "--name", "conformance-cli", "--models", "mock-*")
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip()
    assert re.fullmatch(r"sk-\S{16,}", secret), created.stdout
    assert len(created.stdout.strip().splitlines()) == 1

    with make_client(gateway.base_url, secret) as sdk:
        eventually(lambda: key_works(sdk), within=PROPAGATION_SECONDS)
        completion = sdk.chat.completions.create(model="mock-1", messages=[{"role": "user", "content": "from cli"}])
        assert completion.choices[0].message.content == mock_answer("from cli")

        # its model restriction holds too
        assert [model.id for model in sdk.models.list()] == ["mock-1"]
        with pytest.raises(openai.PermissionDeniedError):
            sdk.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}])

        rows, listing = list_keys(gateway)
        assert secret not in listing, "keys list printed a secret"
        mine = [row for row in rows if row["NAME"] == "conformance-cli"]
        assert len(mine) == 1
        assert mine[0]["STATUS"] == "active"
        assert mine[0]["MODELS"] == "mock-*"

        revoked = gateway.cli("keys", "revoke", mine[0]["ID"])
        assert revoked.returncode == 0, revoked.stderr

        eventually(lambda: key_rejected(sdk), within=PROPAGATION_SECONDS)
        with pytest.raises(openai.AuthenticationError):
            sdk.models.list()

    rows, _ = list_keys(gateway)
    assert [row["STATUS"] for row in rows if row["NAME"] == "conformance-cli"] == ["revoked"]


def test_revoking_an_unknown_key_fails(gateway):
    result = gateway.cli("keys", "revoke", "no-such-key-id")
    assert result.returncode != 0


def test_static_keys_keep_working_after_cli_changes(client: openai.OpenAI):
    completion = client.chat.completions.create(model="mock-1", messages=[{"role": "user", "content": "still here"}])
    assert completion.choices[0].message.content == mock_answer("still here")


def test_expired_cli_key_is_rejected(gateway):
    created = gateway.cli("keys", "create", "--name", "conformance-expired", "--expires", "2000-01-01")
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip()
    time.sleep(PROPAGATION_SECONDS)  # give the gateway time to see it, so a rejection is not just "unknown yet"
    with make_client(gateway.base_url, secret) as sdk:
        with pytest.raises(openai.AuthenticationError) as caught:
            sdk.chat.completions.create(model="mock-1", messages=[{"role": "user", "content": "x"}])
    assert caught.value.code == "invalid_api_key"
    assert secret not in caught.value.response.text
    rows, _ = list_keys(gateway)
    assert [row["STATUS"] for row in rows if row["NAME"] == "conformance-expired"] == ["expired"]
