#!/usr/bin/env bash
# The gateway's per-request control-plane cost (key auth with IP allow-list, RPM/TPM/concurrency
# admission, budget reservation and settlement, pricing, usage record queued), in CPU time, with
# the store live in the background: once on SQLite, once on PostgreSQL (started by
# scripts/postgres.sh). Release build; run on a quiet machine.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
swift build -c release --scratch-path .build-release --product switchboard-control-bench >&2
BENCH=.build-release/release/switchboard-control-bench
DB=$(mktemp -u /tmp/sb-control-bench-XXXXXX.db)
"$BENCH" "sqlite://$DB"
rm -f "$DB" "$DB-wal" "$DB-shm"
source scripts/postgres.sh >&2
"$BENCH" "$SWITCHBOARD_TEST_POSTGRES_URL"
