#!/usr/bin/env bash
# What each part of a relayed request costs in throughput: the gateway with parts of its work
# turned off, beside nginx, the bare SwiftNIO proxy (the floor) and the gateway as it ships, all
# behind one mock upstream, in interleaved wrk rounds.
#
# The parts are turned off by bench/ablation.patch, applied to a copy of the committed sources
# (HEAD) that is built in release into .build-ablation (the first build takes as long as a
# release build from scratch, ~10 minutes on 2 cores; later ones rebuild what changed). The
# patched binary reads two variables, so one build serves every arm:
#   gateway        nothing turned off (the patch's checks are two loads of a flag)
#   no-usage       SWITCHBOARD_ABLATE_USAGE: usage records dropped instead of written to the store
#   no-parsing     SWITCHBOARD_ABLATE_STREAM: the upstream's stream bytes sent on as read, no event
#                  read (no model rewrite, no usage, no finish reason)
#   neither        both
# The issue requires both parts (the client's model name in every chunk, one usage record per
# request): the ablated arms are measurements, never a configuration.
#
# Env: ABLATION_WORKLOAD (sse or json, default sse), ABLATION_CONNECTIONS (16), ABLATION_SECONDS
# (5 per cell), ABLATION_WARMUP (2 s of the same load before each cell, not counted; 0 for none),
# ABLATION_ROUNDS (3). Prints a Markdown table: mean req/s over the rounds, its share of nginx's,
# mean p50 and the p50 added over direct.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH")
WORKLOAD=${ABLATION_WORKLOAD:-sse}
CONNECTIONS=${ABLATION_CONNECTIONS:-16}
SECONDS_PER_CELL=${ABLATION_SECONDS:-5}
WARMUP=${ABLATION_WARMUP:-2}
ROUNDS=${ABLATION_ROUNDS:-3}
export BENCH_KEY=sk-bench-0123456789abcdef0123
THREADS=2

die() { echo "ablation: FAILED: $*" >&2; exit 1; }

source "$BENCH/lib/stack.sh"
require_tools wrk nginx curl python3 git
floor_binary

# --- the patched build -------------------------------------------------------------------------
WORK=$REPO/.build-ablation
mkdir -p "$WORK/src"
EXPORT=$(mktemp -d /tmp/switchboard-ablation-src.XXXXXX)
trap 'rm -rf "$EXPORT"' EXIT
git -C "$REPO" archive HEAD | tar -x -C "$EXPORT"
(cd "$EXPORT" && git apply "$BENCH/ablation.patch") \
    || die "bench/ablation.patch no longer applies to HEAD: make its two checks and BenchmarkAblation.swift again by hand, then git diff > bench/ablation.patch"
# Only files whose bytes changed are copied, so the build stays incremental.
python3 - "$EXPORT" "$WORK/src" <<'PY'
import filecmp, os, shutil, sys
source, target = sys.argv[1:]
for root, _, files in os.walk(source):
    for name in files:
        path = os.path.join(root, name)
        copy = os.path.join(target, os.path.relpath(path, source))
        if not os.path.exists(copy) or not filecmp.cmp(path, copy, shallow=False):
            os.makedirs(os.path.dirname(copy), exist_ok=True)
            shutil.copy(path, copy)  # a fresh time, so the build sees the change
for root, _, files in os.walk(target):
    for name in files:
        copy = os.path.join(root, name)
        if not os.path.exists(os.path.join(source, os.path.relpath(copy, target))):
            os.remove(copy)
PY
echo "ablation: building the patched gateway (release, into .build-ablation)" >&2
BIN=$(SWITCHBOARD_RELEASE_SCRATCH="$WORK/scratch" "$WORK/src/scripts/build-release.sh") || die "the patched gateway did not build"

# --- the stack ----------------------------------------------------------------------------------
stack_setup switchboard-ablation
trap 'stack_cleanup; rm -rf "$EXPORT"' EXIT
start_nginx mock "$MOCK_PORT"
start_nginx proxy "$PROXY_PORT"
start_floor
write_gateway_config "$BENCH_KEY"
mv "$TMP/gateway.yaml" "$TMP/template.yaml"

ARMS=(gateway no-usage no-parsing neither)
declare -A PORT
for arm in "${ARMS[@]}"; do
    PORT[$arm]=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    sed -e "s/port: $GW_PORT,/port: ${PORT[$arm]},/" -e "s#gateway.db#$arm.db#" "$TMP/template.yaml" >"$TMP/$arm.yaml"
    flags=()
    case $arm in
        no-usage) flags=(SWITCHBOARD_ABLATE_USAGE=1) ;;
        no-parsing) flags=(SWITCHBOARD_ABLATE_STREAM=1) ;;
        neither) flags=(SWITCHBOARD_ABLATE_USAGE=1 SWITCHBOARD_ABLATE_STREAM=1) ;;
    esac
    env ${flags[@]+"${flags[@]}"} SWITCHBOARD_LOG_LEVEL=warning "$BIN" serve --config "$TMP/$arm.yaml" >"$TMP/$arm.log" 2>&1 &
    PIDS+=($!)
    wait_for "http://127.0.0.1:${PORT[$arm]}/health" $! || { cat "$TMP/$arm.log" >&2; die "the $arm gateway did not start"; }
done

workload_request "$WORKLOAD"
export BENCH_BODY=$BODY
url_of() { # ARM
    if [[ -n ${PORT[$1]:-} ]]; then echo "http://127.0.0.1:${PORT[$1]}/v1/chat/completions"; else path_url "$1" "$WORKLOAD"; fi
}
ALL=(direct nginx floor "${ARMS[@]}")
for arm in "${ALL[@]}"; do verify "$(url_of "$arm")" "$BODY" "$EXPECT"; done

# --- interleaved rounds ---------------------------------------------------------------------------
RESULTS=$TMP/results.tsv
: >"$RESULTS"
for round in $(seq "$ROUNDS"); do
    for arm in "${ALL[@]}"; do
        echo "ablation: round $round, $arm" >&2
        if (( WARMUP > 0 )); then run_wrk "$(url_of "$arm")" "$CONNECTIONS" "$WARMUP"; fi
        run_wrk "$(url_of "$arm")" "$CONNECTIONS" "$SECONDS_PER_CELL"
        printf '%s\t%s\t%s\t%s\n' "$arm" "$REQUESTS" "$DURATION_US" "$P50_US" >>"$RESULTS"
    done
done

python3 - "$RESULTS" "$WORKLOAD" "$CONNECTIONS" "$ROUNDS" "$SECONDS_PER_CELL" <<'PY'
import collections, sys
path, workload, connections, rounds, seconds = sys.argv[1:]
rps, p50 = collections.defaultdict(list), collections.defaultdict(list)
order = []
for line in open(path):
    arm, requests, duration, median = line.split("\t")
    if arm not in order:
        order.append(arm)
    rps[arm].append(int(requests) / (int(duration) / 1e6))
    p50[arm].append(float(median) / 1000)
mean = lambda values: sum(values) / len(values)
nginx, direct = mean(rps["nginx"]), mean(p50["direct"])
print(f"{workload.upper()}, {connections} connection(s), {rounds} rounds of {seconds} s per arm, interleaved\n")
print("| arm | req/s (mean) | rounds | share of nginx | p50 ms | added p50 ms |")
print("|---|--:|---|--:|--:|--:|")
for arm in order:
    rounds_text = " / ".join(f"{value:,.0f}" for value in rps[arm])
    added = "" if arm == "direct" else f"{mean(p50[arm]) - direct:.3f}"
    share = "" if arm == "direct" else f"{mean(rps[arm]) / nginx:.0%}"
    print(f"| {arm} | {mean(rps[arm]):,.0f} | {rounds_text} | {share} | {mean(p50[arm]):.3f} | {added} |")
PY
