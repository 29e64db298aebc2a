#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: the release-link tools' unit tests, the Swift
# unit and integration tests, then the conformance suite (the official Python SDKs against the built
# gateway binary). Installs what it needs itself (Swift packages through SwiftPM, Python packages
# into conformance/.venv).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v espeak-ng >/dev/null 2>&1; then
    echo "==> installing espeak-ng (speech for the audio transcription tests)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q espeak-ng >/dev/null 2>&1 \
        || { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q espeak-ng >/dev/null; }
fi

echo "==> release-link tools (scripts/release-link)"
python3 -B -m unittest discover -s scripts/release-link -p 'test_*.py'

echo "==> the benchmark's ablation patch still applies (bench/ablation.sh)"
git apply --check bench/ablation.patch

echo "==> swift build (debug, with tests)"
swift build --build-tests

echo "==> PostgreSQL for the store tests (scripts/postgres.sh)"
source scripts/postgres.sh

# The suites that check timeouts, retries, probes and cancellation over loopback run on their own,
# after the rest: run beside the CPU-heavy suites (50 MB bodies, uploads, 200 concurrent requests)
# on a 2-core machine, their second-scale timeouts would measure the machine, not the gateway.
# The replica suites time how soon a change on one replica reaches the other (DESIGN: within a
# second) and run last, alone: beside the timing suites' 50 MB answers they measured a starved
# scheduler (1.05-1.17 s), not the replicas.
timing_suites="BodyLoggingTests|EventLoopRelayTests|FailoverTests|GatewayFaultSuiteTests|CancellationTests|ErrorMappingTests|UpstreamConnectionTests|PassthroughTests|ChannelHealthTests|OverloadTests|MetricsTests|SlowClientTests|TaskTests|TaskProviderTests|LimitsAndBudgetTests|TestUpstreamFaultsTests"
replica_suites="ReplicaTests|TaskReplicaTests"

echo "==> swift test (all but the timing and replica suites)"
swift test --skip-build --skip "$timing_suites|$replica_suites"

echo "==> swift test (the timing suites)"
swift test --skip-build --filter "$timing_suites"

echo "==> swift test (the replica suites)"
swift test --skip-build --filter "$replica_suites"

echo "==> conformance (official SDKs against the gateway binary)"
SWITCHBOARD_BIN="$PWD/.build/debug/switchboard" \
SWITCHBOARD_TEST_UPSTREAM_BIN="$PWD/.build/debug/switchboard-test-upstream" \
  conformance/run.sh
