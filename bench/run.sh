#!/usr/bin/env bash
# Switchboard benchmark: the same mock upstream reached directly, through nginx, through the bare
# SwiftNIO proxy (switchboard-proxy-floor, the floor under any NIO gateway) and through the gateway;
# JSON and SSE; 1 and 16 connections; plus streaming TTFT and the gateway's RSS.
# See bench/README.md. Env: BENCH_DURATION (s per cell, 10), BENCH_WARMUP (s, 2), BENCH_THREADS
# (wrk threads at 16 connections, 2), BENCH_TTFT_N (500), SWITCHBOARD_BIN.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
THREADS=${BENCH_THREADS:-2}
TTFT_N=${BENCH_TTFT_N:-500}
export BENCH_KEY=sk-bench-0123456789abcdef0123

die() { echo "bench: FAILED: $*" >&2; exit 1; }

# --- tools and binary -----------------------------------------------------------------------
source "$BENCH/lib/stack.sh"
require_tools wrk nginx curl python3
release_binary
floor_binary

# --- processes, cleaned up on any exit --------------------------------------------------------
stack_setup switchboard-bench
start_nginx mock "$MOCK_PORT"
start_nginx proxy "$PROXY_PORT"
start_floor
write_gateway_config "$BENCH_KEY"
SWITCHBOARD_LOG_LEVEL=warning "$BIN" serve --config "$TMP/gateway.yaml" >"$TMP/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=("$GW_PID")
wait_for "http://127.0.0.1:$GW_PORT/health" "$GW_PID" || { cat "$TMP/gateway.log" >&2; die "the gateway did not start"; }
grep -q "Switchboard listening on" "$TMP/gateway.log" || die "the gateway did not print its listening line"
sleep 1
proc_kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$GW_PID/status"; }
RESULTS=$TMP/results.tsv
RAW=$BENCH/results/latest-raw.log
mkdir -p "$BENCH/results"
: >"$RAW"
{
    printf 'meta\tdate\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf 'meta\tbinary\t%s\n' "$BIN"
    printf 'meta\tcpus\t%s\n' "$(nproc)"
    printf 'meta\tcpu\t%s\n' "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    printf 'meta\tduration\t%s\nmeta\twarmup\t%s\nmeta\tthreads\t%s\n' "$DURATION" "$WARMUP" "$THREADS"
    printf 'rss\tidle\t%s\n' "$(proc_kb VmRSS)"
} >"$RESULTS"

for workload in json sse; do
    workload_request "$workload"
    export BENCH_BODY=$BODY
    for path in direct nginx floor gateway; do
        if [[ $path == gateway ]]; then url=http://127.0.0.1:$GW_PORT/v1/chat/completions; else url=$(path_url "$path" "$workload"); fi
        for conns in 1 16; do
            echo "bench: $workload $path $conns connection(s)" >&2
            verify "$url" "$BODY" "$EXPECT"
            run_wrk "$url" "$conns" "$WARMUP"
            run_wrk "$url" "$conns" "$DURATION"
            { echo "=== $workload $path $conns"; cat "$TMP/wrk.out"; } >>"$RAW"
            awk -v w="$workload" -v p="$path" -v c="$conns" -v n="$REQUESTS" -v d="$DURATION_US" -v a="$P50_US" -v b="$P99_US" \
                'BEGIN { printf "wrk\t%s\t%s\t%d\t%.1f\t%.4f\t%.4f\n", w, p, c, n / (d / 1e6), a / 1000, b / 1000 }' >>"$RESULTS"
            kill -0 "$GW_PID" 2>/dev/null || { cat "$TMP/gateway.log" >&2; die "the gateway died"; }
        done
    done
done

# --- streaming TTFT, one keep-alive connection ------------------------------------------------
ttft() { # NAME PORT PATH
    echo "bench: streaming TTFT via $1" >&2
    local numbers
    numbers=$(python3 "$BENCH/lib/ttft.py" "$2" "$3" "$SSE_BODY" "$BENCH_KEY" "$TTFT_N") || die "TTFT via $1 failed"
    printf 'ttft\t%s\t%s\t%s\n' "$1" $numbers >>"$RESULTS"
}
ttft direct "$MOCK_PORT" /sse/v1/chat/completions
ttft nginx "$PROXY_PORT" /sse/v1/chat/completions
ttft floor "$FLOOR_PORT" /sse/v1/chat/completions
ttft gateway "$GW_PORT" /v1/chat/completions

kill -0 "$GW_PID" 2>/dev/null || { cat "$TMP/gateway.log" >&2; die "the gateway died"; }
printf 'rss\tpeak\t%s\n' "$(proc_kb VmHWM)" >>"$RESULTS"
printf 'log\t%s\n' "$(grep -vc 'Switchboard listening on' "$TMP/gateway.log" || true)" >>"$RESULTS"
if grep -v 'Switchboard listening on' "$TMP/gateway.log" >"$TMP/gateway-warnings.log"; then
    { echo "=== gateway log (warning and above)"; cat "$TMP/gateway-warnings.log"; } >>"$RAW"
    echo "bench: the gateway logged warnings; see $RAW" >&2
fi

python3 "$BENCH/lib/report.py" "$RESULTS" | tee "$BENCH/results/latest.md"
