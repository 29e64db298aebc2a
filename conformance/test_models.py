"""`GET /v1/models` and `GET /v1/models/{id}`: only the models the key may use."""

from __future__ import annotations

import openai
import pytest

from support import MATRIX_MODELS, SLOW_MODEL_MAP, UPSTREAM_MODEL_MAP

ALL_MODELS = {"mock-1", "gpt-4o-mini", "unreachable-model", *UPSTREAM_MODEL_MAP, *SLOW_MODEL_MAP, *MATRIX_MODELS}


def test_list_models_shows_every_model_to_an_unrestricted_key(client: openai.OpenAI):
    page = client.models.list()
    models = list(page)
    ids = [model.id for model in models]
    assert len(ids) == len(set(ids)), "duplicate model ids"
    assert set(ids) == ALL_MODELS
    assert all(model.object == "model" for model in models)
    assert all(isinstance(model.created, int) for model in models)
    owners = {model.id: model.owned_by for model in models}
    assert owners["mock-1"] == "mock"
    assert owners["gpt-4o-mini"] == "openai-compatible"
    assert owners["tools-parallel"] == "openai-compatible"


def test_list_models_shows_only_permitted_models(mock_only_client: openai.OpenAI):
    assert [model.id for model in mock_only_client.models.list()] == ["mock-1"]


def test_retrieve_model(client: openai.OpenAI):
    model = client.models.retrieve("mock-1")
    assert model.id == "mock-1"
    assert model.object == "model"
    assert model.owned_by == "mock"


def test_retrieve_an_alias(client: openai.OpenAI):
    model = client.models.retrieve("tools-parallel")
    assert model.id == "tools-parallel"
    assert model.owned_by == "openai-compatible"


def test_retrieve_a_permitted_model_with_a_restricted_key(mock_only_client: openai.OpenAI):
    assert mock_only_client.models.retrieve("mock-1").id == "mock-1"


def test_retrieve_a_model_the_key_may_not_use_is_not_found(mock_only_client: openai.OpenAI):
    with pytest.raises(openai.NotFoundError) as caught:
        mock_only_client.models.retrieve("gpt-4o-mini")
    assert caught.value.code == "model_not_found"


def test_retrieve_an_unknown_model_is_not_found(client: openai.OpenAI):
    with pytest.raises(openai.NotFoundError) as caught:
        client.models.retrieve("no-such-model")
    assert caught.value.status_code == 404
    assert caught.value.code == "model_not_found"
    assert caught.value.param == "model"
