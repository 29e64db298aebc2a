#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: the Swift unit and integration tests, then the
# conformance suite (the official Python SDKs against the built gateway binary). Installs what it
# needs itself (Swift packages through SwiftPM, Python packages into conformance/.venv).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v espeak-ng >/dev/null 2>&1; then
    echo "==> installing espeak-ng (speech for the audio transcription tests)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q espeak-ng >/dev/null 2>&1 \
        || { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q espeak-ng >/dev/null; }
fi

echo "==> swift build (debug, with tests)"
swift build --build-tests

echo "==> PostgreSQL for the store tests (scripts/postgres.sh)"
source scripts/postgres.sh

echo "==> swift test"
swift test --skip-build

echo "==> conformance (official SDKs against the gateway binary)"
SWITCHBOARD_BIN="$PWD/.build/debug/switchboard" \
SWITCHBOARD_TEST_UPSTREAM_BIN="$PWD/.build/debug/switchboard-test-upstream" \
  conformance/run.sh
