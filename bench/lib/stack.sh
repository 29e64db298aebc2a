# Sourced by bench/run.sh, bench/ablation.sh, bench/instructions.sh and
# scripts/release-link/generate-order.sh: the benchmark's stack, the mock upstream (nginx), the
# reverse proxy (nginx), the floor proxy, a gateway config pointing at the mock, and the tools they
# need.
# Needs BENCH (this directory's parent) and die; verify and run_wrk also need BENCH_KEY and
# BENCH_BODY exported (lib/post.lua reads them) and THREADS (wrk threads at most).

# The requests every workload sends: a Chat Completions call to the JSON and to the SSE channel.
JSON_BODY='{"model":"bench-json","messages":[{"role":"user","content":"Say hello"}]}'
SSE_BODY='{"model":"bench-sse","stream":true,"messages":[{"role":"user","content":"Say hello"}]}'

# Sets BODY to a workload's request (json or sse) and EXPECT to a piece of every sound answer to it.
workload_request() { # WORKLOAD
    if [[ $1 == json ]]; then BODY=$JSON_BODY EXPECT='"chat.completion"'; else BODY=$SSE_BODY EXPECT='data: [DONE]'; fi
}

# The URL of a workload's endpoint on the mock, directly or through nginx or the floor proxy.
path_url() { # PATH (direct, nginx or floor) WORKLOAD
    case $1 in
        direct) echo "http://127.0.0.1:$MOCK_PORT/$2/v1/chat/completions" ;;
        nginx) echo "http://127.0.0.1:$PROXY_PORT/$2/v1/chat/completions" ;;
        floor) echo "http://127.0.0.1:$FLOOR_PORT/$2/v1/chat/completions" ;;
        *) die "no such path: $1" ;;
    esac
}

# Fails unless URL answers a POST of BODY with 200 and a body holding EXPECTED-SUBSTRING (curl):
# what every cell checks before wrk runs on it.
verify() { # URL BODY EXPECTED-SUBSTRING
    local code
    code=$(curl -sS -o "$TMP/check" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $BENCH_KEY" --data "$2" "$1") || die "curl $1 failed"
    [[ $code == 200 ]] || die "$1 answered $code: $(head -c 500 "$TMP/check")"
    grep -qF "$3" "$TMP/check" || die "$1 answered without '$3': $(head -c 500 "$TMP/check")"
}

# Runs wrk with lib/post.lua on URL; any non-2xx answer or socket error fails the benchmark, so no
# figure is ever of error responses. The output stays in $TMP/wrk.out.
run_wrk() { # URL CONNS SECONDS: sets REQUESTS DURATION_US P50_US P99_US; fails on any error
    local threads=$(( $2 < THREADS ? $2 : THREADS )) line non2xx connect read write timeout
    wrk -t"$threads" -c"$2" -d"$3"s --latency -s "$BENCH/lib/post.lua" "$1" >"$TMP/wrk.out" 2>&1 \
        || { cat "$TMP/wrk.out" >&2; die "wrk failed on $1"; }
    line=$(grep '^BENCH ' "$TMP/wrk.out") || { cat "$TMP/wrk.out" >&2; die "no summary from wrk on $1"; }
    read -r _ REQUESTS DURATION_US P50_US P99_US non2xx connect read write timeout <<<"$(sed 's/[a-z0-9_]*=//g' <<<"$line")"
    if grep -q 'Non-2xx' "$TMP/wrk.out" || (( non2xx + connect + read + write + timeout > 0 || REQUESTS == 0 )); then
        cat "$TMP/wrk.out" >&2
        die "$1 with $2 connections: $REQUESTS requests, $non2xx non-2xx, socket errors $connect/$read/$write/$timeout"
    fi
}

# Sets BIN to SWITCHBOARD_BIN or the release binary, built with scripts/build-release.sh (as
# README advises for production) when missing.
release_binary() {
    local repo
    repo=$(dirname "$BENCH")
    BIN=${SWITCHBOARD_BIN:-$repo/.build-release-static/release/switchboard}
    [[ -x $BIN ]] && return 0
    [[ -z ${SWITCHBOARD_BIN:-} ]] || die "SWITCHBOARD_BIN=$BIN is not an executable"
    echo "bench: building the release binary (scripts/build-release.sh)" >&2
    BIN=$("$repo/scripts/build-release.sh")
}

# Sets FLOOR_BIN to the release build of switchboard-proxy-floor (the bare SwiftNIO proxy the
# benchmark measures as the floor under any NIO gateway), built by scripts/build-release.sh with
# the gateway's flags and scratch directory, so the two share their dependencies' build.
floor_binary() {
    FLOOR_BIN=$(SWITCHBOARD_RELEASE_PRODUCT=switchboard-proxy-floor "$(dirname "$BENCH")/scripts/build-release.sh") \
        || die "the floor proxy did not build"
}

# Installs, with apt-get, the package of each tool that is missing (TOOL or TOOL:PACKAGE), then
# fails unless every tool is there.
require_tools() { # TOOL[:PACKAGE]...
    local spec missing=()
    for spec in "$@"; do command -v "${spec%%:*}" >/dev/null || missing+=("${spec#*:}"); done
    if ((${#missing[@]})); then
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y "${missing[@]}" >/dev/null \
            || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; } || true
    fi
    for spec in "$@"; do command -v "${spec%%:*}" >/dev/null || die "${spec%%:*} is missing"; done
}

# Makes TMP (removed on exit with every process in PIDS) and picks four free ports.
stack_setup() { # NAME
    TMP=$(mktemp -d "/tmp/$1.XXXXXX")
    PIDS=()
    trap stack_cleanup EXIT
    trap 'exit 130' INT TERM
    read -r MOCK_PORT PROXY_PORT GW_PORT FLOOR_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))')
}

stack_cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
}

wait_for() { # URL PID: waits up to 60 s for URL to answer while PID lives
    for _ in $(seq 600); do
        curl -s -o /dev/null "$1" && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

start_nginx() { # NAME (mock or proxy) PORT
    mkdir -p "$TMP/$1-tmp"
    python3 "$BENCH/lib/mock_bodies.py" "$BENCH/lib/$1.conf.template" PREFIX="$TMP" USER="$(id -un)" \
        MOCK_PORT="$MOCK_PORT" PROXY_PORT="$PROXY_PORT" >"$TMP/$1.conf"
    nginx -e "$TMP/$1-error.log" -p "$TMP" -c "$TMP/$1.conf" 2>>"$TMP/$1-error.log" &
    PIDS+=($!)
    wait_for "http://127.0.0.1:$2/" $! || { cat "$TMP/$1-error.log" >&2; die "nginx ($1) did not start"; }
}

# Starts the floor proxy (FLOOR_BIN, see floor_binary) on FLOOR_PORT in front of the mock.
start_floor() {
    "$FLOOR_BIN" "$FLOOR_PORT" "$MOCK_PORT" >"$TMP/floor.log" 2>&1 &
    PIDS+=($!)
    wait_for "http://127.0.0.1:$FLOOR_PORT/" $! || { cat "$TMP/floor.log" >&2; die "the floor proxy did not start"; }
}

# Writes $TMP/gateway.yaml: SQLite in TMP, one key for every model, the channels bench-json and
# bench-sse on the mock. BENCH_EVENT_LOOP_RELAY=false sends the requests through the task path
# (server.event_loop_relay), for comparing the two.
write_gateway_config() { # CLIENT-KEY
    cat >"$TMP/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: $GW_PORT, event_loop_relay: ${BENCH_EVENT_LOOP_RELAY:-true}}
database: sqlite://$TMP/gateway.db
admin_key: sb-admin-bench-0123456789abcdef0123
keys:
  - {name: bench, key: $1, models: ["*"]}
channels:
  - {name: json, provider: openai-compatible, base_url: "http://127.0.0.1:$MOCK_PORT/json/v1", api_key: x, models: [bench-json]}
  - {name: sse, provider: openai-compatible, base_url: "http://127.0.0.1:$MOCK_PORT/sse/v1", api_key: x, models: [bench-sse]}
YAML
}

# Starts a copy of BINARY without its debug information (valgrind cannot read the DWARF 5 the
# toolchain writes; the symbols are enough) under callgrind, serving $TMP/gateway.yaml; sets
# GW_PID once it answers. The profile goes to $TMP/callgrind.out (dumps to callgrind.out.N).
start_gateway_under_callgrind() { # BINARY [VALGRIND-OPTION]...
    objcopy --strip-debug "$1" "$TMP/switchboard"
    SWITCHBOARD_LOG_LEVEL=warning valgrind --tool=callgrind --callgrind-out-file="$TMP/callgrind.out" --dump-instr=no \
        "${@:2}" "$TMP/switchboard" serve --config "$TMP/gateway.yaml" >"$TMP/gateway.log" 2>&1 &
    GW_PID=$!
    PIDS+=("$GW_PID")
    wait_for "http://127.0.0.1:$GW_PORT/health" "$GW_PID" || { cat "$TMP/gateway.log" >&2; die "the gateway did not start"; }
}
