#!/usr/bin/env bash
# Instructions the gateway executes per relayed request, JSON and streamed, counted by valgrind's
# callgrind: a figure that stays within about 2 % between runs, where CPU time on this VM moves by
# ±15 %. For comparing two builds of the hot path; bench/run.sh remains the benchmark.
#
# The gateway (a copy of the release binary without its debug information, which valgrind cannot
# read) runs under callgrind behind the benchmark's mock upstream. For each workload, 100 requests
# warm it up, the counters are zeroed, BENCH_REQUESTS (500) requests are sent one after another
# over one connection, and the counters are dumped: user-space instructions of every thread
# (the usage writer's included) divided by the requests. Env: SWITCHBOARD_BIN, BENCH_REQUESTS,
# BENCH_EVENT_LOOP_RELAY (see run.sh), BENCH_KEEP_PROFILE=DIR (keeps each workload's callgrind dump
# there, for callgrind_annotate).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REQUESTS=${BENCH_REQUESTS:-500}
KEY=sk-bench-0123456789abcdef0123

die() { echo "bench: FAILED: $*" >&2; exit 1; }

source "$BENCH/lib/stack.sh"
require_tools valgrind callgrind_control:valgrind nginx curl objcopy:binutils python3
release_binary

stack_setup switchboard-instructions
start_nginx mock "$MOCK_PORT"
write_gateway_config "$KEY"
start_gateway_under_callgrind "$BIN"

dumps=0
for workload in json sse; do
    workload_request "$workload"; body=$BODY
    python3 "$BENCH/lib/sequential.py" "$GW_PORT" /v1/chat/completions "$body" "$KEY" 100 || die "$workload warm-up failed"
    callgrind_control --zero "$GW_PID" >/dev/null 2>&1
    python3 "$BENCH/lib/sequential.py" "$GW_PORT" /v1/chat/completions "$body" "$KEY" "$REQUESTS" || die "$workload requests failed"
    callgrind_control --dump "$GW_PID" >/dev/null 2>&1
    dumps=$((dumps + 1))
    dump=$TMP/callgrind.out.$dumps
    for _ in $(seq 100); do grep -q '^summary:' "$dump" 2>/dev/null && break; sleep 0.1; done
    total=$(awk '/^summary:/ {print $2}' "$dump") || true
    [[ -n $total ]] || die "callgrind wrote no summary for $workload"
    printf '%s: %d instructions per request (%d requests)\n' "$workload" $((total / REQUESTS)) "$REQUESTS"
    if [[ -n ${BENCH_KEEP_PROFILE:-} ]]; then mkdir -p "$BENCH_KEEP_PROFILE" && cp "$dump" "$BENCH_KEEP_PROFILE/callgrind.$workload"; fi
done
