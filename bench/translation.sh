#!/usr/bin/env bash
# Translation cost over passthrough, in CPU time: a ~2 KB Anthropic request translated to a Chat
# upstream, a ~2.4 KB Chat answer translated back, and Chat stream events re-encoded as Anthropic
# events, each against the passthrough work for the same bytes. Release build; run on a quiet
# machine (p99 on a 2-core VM is dominated by anything else that runs).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
swift build -c release --scratch-path .build-release --product switchboard-translation-bench >&2
exec .build-release/release/switchboard-translation-bench
