"""Images and audio through the official `openai` SDK: `images.generate` (b64_json and url),
`images.edit` with a PNG and a mask, `audio.transcriptions.create` and `audio.translations.create`
with a real WAV spoken by espeak-ng, `audio.speech.with_streaming_response.create` read chunk by
chunk, and the SDK's error classes, against the built-in mock and the project's test upstream
(OpenAI passthrough, Gemini image model).

The session gateway's mock channel serves only `mock-1`, so this module starts a gateway of its own
with the session's channels plus a mock channel for the media models and OpenAI and Gemini
channels for media models on the session's test upstream.
"""

from __future__ import annotations

import base64
import copy
import io
import os
import shutil
import struct
import subprocess
import wave
import zlib
from pathlib import Path
from typing import Iterator

import httpx
import openai
import pytest
import schemathesis
from schemathesis.checks import CHECKS
from schemathesis.config import SchemathesisConfig

from envelopes import answer_problems
from fuzzing import fuzz
from conftest import Gateway, Upstream, make_client, start_gateway, stop_process
from support import CI_KEY, MOCK_ONLY_KEY

MEDIA_MOCK_MODELS = ["mock-image-1", "mock-whisper-1", "mock-tts-1"]


@pytest.fixture(scope="module")
def media_gateway(workdir: Path, upstream: Upstream) -> Iterator[Gateway]:
    root = upstream.base_url.removesuffix("/v1")
    channels = [
        {"name": "media-mock", "provider": "mock", "models": MEDIA_MOCK_MODELS},
        {"name": "media-openai", "provider": "openai", "base_url": upstream.base_url, "api_key": "test",
         "models": ["gpt-image-1", "whisper-1", "tts-1"],
         "timeouts": {"connect": 2, "first_byte": 5, "idle": 5, "total": 30}},
        {"name": "media-gemini", "provider": "gemini", "base_url": root + "/v1beta", "api_key": "test",
         "models": ["gemini-2.5-flash-image"]},
    ]
    gateway = start_gateway(workdir, upstream_url=upstream.base_url, name="media", extra_channels=channels)
    try:
        yield gateway
    finally:
        stop_process(gateway.process, timeout=5)


@pytest.fixture
def media(media_gateway: Gateway) -> Iterator[openai.OpenAI]:
    client = make_client(media_gateway.base_url, CI_KEY)
    yield client
    client.close()


@pytest.fixture(scope="module")
def spoken_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real WAV of speech, made by espeak-ng now (the test command installs it)."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (scripts/test.sh installs it; apt-get install espeak-ng)")
    path = tmp_path_factory.mktemp("audio") / "speech.wav"
    subprocess.run(["espeak-ng", "-w", str(path), "Switchboard routes every model through one endpoint."],
                   check=True, capture_output=True, timeout=60)
    return path


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def png_size(data: bytes) -> tuple[int, int]:
    """Checks the signature and every chunk's CRC, and returns IHDR's width and height."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, size = 8, None
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        chunk_type = data[offset + 4:offset + 8]
        body = data[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])
        assert crc == zlib.crc32(chunk_type + body)
        if chunk_type == b"IHDR":
            size = struct.unpack(">II", body[:8])
        if chunk_type == b"IDAT":
            zlib.decompress(body)
        offset += 12 + length
        if chunk_type == b"IEND":
            break
    assert size is not None
    return size


def tiny_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    pixels = zlib.compress(b"\x00\xff\x00\x00" * 2)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


# --- images ----------------------------------------------------------------------------------------

def test_generate_b64_json_gives_real_deterministic_pngs(media: openai.OpenAI) -> None:
    first = media.images.generate(model="mock-image-1", prompt="a lighthouse at dusk", n=2, response_format="b64_json")
    second = media.images.generate(model="mock-image-1", prompt="a lighthouse at dusk", n=2, response_format="b64_json")
    images = [base64.b64decode(item.b64_json) for item in first.data]
    assert len(images) == 2 and images[0] != images[1]
    assert [item.b64_json for item in second.data] == [item.b64_json for item in first.data]
    assert png_size(images[0]) == (64, 64)
    assert first.data[0].revised_prompt == "a lighthouse at dusk"


def test_generate_url_is_a_data_url_on_the_mock(media: openai.OpenAI) -> None:
    answer = media.images.generate(model="mock-image-1", prompt="a kite", response_format="url")
    url = answer.data[0].url
    assert url.startswith("data:image/png;base64,")
    png_size(base64.b64decode(url.removeprefix("data:image/png;base64,")))


def test_generate_through_openai_and_gemini_channels(media: openai.OpenAI) -> None:
    openai_answer = media.images.generate(model="gpt-image-1", prompt="a red fox")
    png_size(base64.b64decode(openai_answer.data[0].b64_json))
    assert openai_answer.usage is not None and openai_answer.usage.output_tokens > 0
    gemini_answer = media.images.generate(model="gemini-2.5-flash-image", prompt="a red fox", size="1024x1024")
    png_size(base64.b64decode(gemini_answer.data[0].b64_json))
    with pytest.raises(openai.BadRequestError) as refused:
        media.images.generate(model="gemini-2.5-flash-image", prompt="a red fox", response_format="url")
    assert refused.value.body["param"] == "response_format"


def test_edit_with_a_png_and_a_mask(media: openai.OpenAI) -> None:
    png = tiny_png()
    answer = media.images.edit(
        model="mock-image-1", image=("photo.png", png, "image/png"), mask=("mask.png", png, "image/png"),
        prompt="add a hat", response_format="b64_json")
    png_size(base64.b64decode(answer.data[0].b64_json))
    relayed = media.images.edit(
        model="gpt-image-1", image=[("a.png", png, "image/png"), ("b.png", png, "image/png")],
        mask=("mask.png", png, "image/png"), prompt="add a hat")
    png_size(base64.b64decode(relayed.data[0].b64_json))
    gemini = media.images.edit(model="gemini-2.5-flash-image", image=("a.png", png, "image/png"), prompt="make it blue")
    png_size(base64.b64decode(gemini.data[0].b64_json))


# --- audio -----------------------------------------------------------------------------------------

# The SDK marks `audio.translations` deprecated; the endpoint is still OpenAI's and the gateway's.
@pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning")
def test_transcribe_a_spoken_wav_on_the_mock_in_every_format(media: openai.OpenAI, spoken_wav: Path) -> None:
    seconds = wav_seconds(spoken_wav)
    with open(spoken_wav, "rb") as audio:
        answer = media.audio.transcriptions.create(model="mock-whisper-1", file=audio)
    assert answer.text == f"Hello from the Switchboard mock transcription. The audio lasts {seconds:.2f} seconds."
    with open(spoken_wav, "rb") as audio:
        verbose = media.audio.transcriptions.create(
            model="mock-whisper-1", file=audio, response_format="verbose_json", timestamp_granularities=["word", "segment"])
    assert abs(verbose.duration - seconds) < 0.01
    assert verbose.words and verbose.segments
    with open(spoken_wav, "rb") as audio:
        srt = media.audio.transcriptions.create(model="mock-whisper-1", file=audio, response_format="srt")
    assert srt.startswith("1\n00:00:00,000 --> ")
    with open(spoken_wav, "rb") as audio:
        translation = media.audio.translations.create(model="mock-whisper-1", file=audio)
    assert "mock transcription" in translation.text


def test_transcribe_a_spoken_wav_through_an_openai_channel(media: openai.OpenAI, spoken_wav: Path) -> None:
    seconds = wav_seconds(spoken_wav)
    with open(spoken_wav, "rb") as audio:
        verbose = media.audio.transcriptions.create(
            model="whisper-1", file=audio, response_format="verbose_json", language="en", prompt="Switchboard")
    assert abs(verbose.duration - seconds) < 0.01
    with open(spoken_wav, "rb") as audio:
        vtt = media.audio.transcriptions.create(model="whisper-1", file=audio, response_format="vtt")
    assert vtt.startswith("WEBVTT")


def test_speech_streams_a_wav_in_chunks(media: openai.OpenAI) -> None:
    with media.audio.speech.with_streaming_response.create(
            model="mock-tts-1", voice="alloy", input="Hello from the conformance suite.", response_format="wav") as response:
        assert response.headers["content-type"] == "audio/wav"
        chunks = [chunk for chunk in response.iter_bytes() if chunk]
    audio = b"".join(chunks)
    assert len(chunks) >= 2
    with wave.open(io.BytesIO(audio)) as parsed:
        assert parsed.getframerate() == 24000 and parsed.getnchannels() == 1 and parsed.getnframes() > 0
    with media.audio.speech.with_streaming_response.create(model="tts-1", voice="alloy", input="Hello") as relayed:
        assert relayed.headers["content-type"] == "audio/mpeg"
        assert b"".join(relayed.iter_bytes()).startswith(b"ID3")


# --- errors ----------------------------------------------------------------------------------------

def test_errors_are_the_sdks_own_classes(media_gateway: Gateway, media: openai.OpenAI, spoken_wav: Path) -> None:
    with open(spoken_wav, "rb") as audio, pytest.raises(openai.BadRequestError) as bad_format:
        media.audio.transcriptions.create(model="mock-whisper-1", file=audio, response_format="mp3")  # type: ignore[arg-type]
    assert bad_format.value.body["param"] == "response_format"
    with pytest.raises(openai.BadRequestError) as bad_voice_format:
        media.audio.speech.create(model="mock-tts-1", voice="alloy", input="x", response_format="ogg")  # type: ignore[arg-type]
    assert bad_voice_format.value.body["param"] == "response_format"
    with pytest.raises(openai.NotFoundError):
        media.images.generate(model="no-such-image-model", prompt="x")
    mock_only = make_client(media_gateway.base_url, MOCK_ONLY_KEY)
    with open(spoken_wav, "rb") as audio, pytest.raises(openai.PermissionDeniedError):
        mock_only.audio.transcriptions.create(model="whisper-1", file=audio)
    mock_only.close()
    wrong = make_client(media_gateway.base_url, "sk-wrong-key-0123456789")
    with pytest.raises(openai.AuthenticationError):
        wrong.images.generate(model="mock-image-1", prompt="x")
    wrong.close()


def test_uploads_above_the_limit_are_413_in_openais_envelope(media_gateway: Gateway) -> None:
    boundary = "conformance-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nmock-whisper-1\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
            "Content-Type: audio/wav\r\n\r\n").encode() + b"\0" * (26 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    response = httpx.post(f"{media_gateway.base_url}/audio/transcriptions", content=body, timeout=60, headers={
        "authorization": f"Bearer {CI_KEY}", "content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    missing = httpx.post(f"{media_gateway.base_url}/images/edits", timeout=30, headers={"authorization": f"Bearer {CI_KEY}"},
                         files={"prompt": (None, "x"), "model": (None, "mock-image-1")})
    assert missing.status_code == 400 and missing.json()["error"]["param"] == "image"


# --- fuzzing ---------------------------------------------------------------------------------------

MEDIA_OPERATIONS = {
    "/v1/images/generations": ("ImageGenerationRequest", "mock-image-1"),
    "/v1/images/edits": ("ImageEditRequest", "mock-image-1"),
    "/v1/audio/transcriptions": ("TranscriptionRequest", "mock-whisper-1"),
    "/v1/audio/translations": ("TranscriptionRequest", "mock-whisper-1"),
    "/v1/audio/speech": ("SpeechRequest", "mock-tts-1"),
}


@schemathesis.check
def media_answer(ctx, response, case) -> None:
    """On the media operations: a success (JSON, or text/audio where the document says so) or a 4xx
    in OpenAI's envelope, with `x-request-id`, never a 5xx or HTML. Other operations are left to
    their own checks."""
    if case.operation.path not in MEDIA_OPERATIONS:
        return
    headers = {name.lower(): value[0] if isinstance(value, list) else value for name, value in response.headers.items()}
    content_type = headers.get("content-type", "")
    if response.status_code == 200 and content_type.startswith(("audio/", "text/plain")):
        problems = [] if headers.get("x-request-id") else ["no x-request-id"]
    else:
        problems = answer_problems(case.operation.path, response.status_code, headers, response.content)
    if problems:
        raise AssertionError(f"{response.status_code}: {'; '.join(problems)}: {response.content[:300]!r}")


@pytest.mark.parametrize("path", list(MEDIA_OPERATIONS))
def test_fuzzed_media_requests_get_successes_or_envelopes(media_gateway: Gateway, path: str) -> None:
    """Schemathesis against one media operation of `/openapi.json`, its `model` pinned to the
    mock's: every answer passes `media_answer` and what the document says, never a hang."""
    document = copy.deepcopy(httpx.get(f"{media_gateway.root_url}/openapi.json", timeout=10).json())
    schema_name, model = MEDIA_OPERATIONS[path]
    document["components"]["schemas"][schema_name]["properties"]["model"] = {"type": "string", "enum": [model]}
    checks = {"unsupported_method": {"enabled": False}, "negative_data_rejection": {"enabled": False},
              "positive_data_acceptance": {"enabled": False}}
    # The chat fuzzing module's check wants JSON or SSE everywhere; audio answers are neither.
    checks.update({name: {"enabled": False} for name in ("gateway_answer",) if name in CHECKS.get_all_names()})
    config = SchemathesisConfig.from_dict({
        "seed": int(os.environ.get("SWITCHBOARD_FUZZ_SEED", "20261129")),
        "base-url": media_gateway.root_url,
        "request-timeout": 20.0,
        "auth": {"openapi": {"bearerAuth": {"bearer": CI_KEY}, "apiKeyHeader": {"api_key": CI_KEY}}},
        "generation": {"mode": "all", "max-examples": int(os.environ.get("SWITCHBOARD_FUZZ_EXAMPLES", "50")),
                       "database": "none", "no-shrink": True},
        "phases": {"stateful": {"enabled": False}},
        "checks": checks,
    })
    schema = schemathesis.openapi.from_dict(document, config=config).include(method="POST", path=path)
    cases, unique = fuzz(schema)
    assert media_gateway.process.poll() is None, "the gateway died:\n" + media_gateway.stderr_path.read_text()[-3000:]
    assert cases > 0, f"schemathesis generated no request for {path}"
    assert not unique, f"{len(unique)} problems with POST {path} ({cases} cases):\n" + "\n".join(unique[:20])
