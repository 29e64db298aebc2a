#!/usr/bin/env bash
# Regenerates scripts/release-link/switchboard.order: the functions a release switchboard runs while
# it starts, serves and stops, hottest first (see README.md in this directory).
#
# Builds the release binary (scripts/build-release.sh), runs a copy of it under valgrind's
# callgrind behind the benchmark's mock upstream (bench/lib), sends it the requests of a typical
# day (JSON and streamed relays, models, refusals), stops it with SIGINT, and turns the profile
# into the order file. About five minutes on 2 cores once the release build is there.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BENCH=$REPO/bench
KEY=sk-order-0123456789abcdef0123

die() { echo "release-link: FAILED: $*" >&2; exit 1; }

source "$BENCH/lib/stack.sh"
require_tools valgrind nginx wrk curl objcopy:binutils
stack_setup switchboard-release-link

BIN=$("$REPO/scripts/build-release.sh" -Xlinker -Map="$TMP/switchboard.map")

start_nginx mock "$MOCK_PORT"
write_gateway_config "$KEY"
# Mangled names, uncompressed: callgrind_order.py writes them as lld reads them.
start_gateway_under_callgrind "$BIN" --compress-strings=no --demangle=no

URL=http://127.0.0.1:$GW_PORT/v1
post() { curl -sS -o /dev/null -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$2" "$URL/chat/completions"; }
for _ in $(seq 20); do
    post "$KEY" "$JSON_BODY"
    post "$KEY" "$SSE_BODY"
done
post "$KEY" '{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}'
post "$KEY" '{"model":"bench-json","messages":'
post sk-wrong "$JSON_BODY"
curl -sS -o /dev/null -H "Authorization: Bearer $KEY" "$URL/models"
export BENCH_KEY=$KEY
for body in "$JSON_BODY" "$SSE_BODY"; do
    BENCH_BODY=$body wrk -t1 -c4 -d5s -s "$BENCH/lib/post.lua" "$URL/chat/completions" | grep -q '^BENCH ' || die "wrk failed"
done
sleep 2  # an idle moment: the usage writer's and the timers' work

kill -INT "$GW_PID"
wait "$GW_PID" || true
[[ -s $TMP/callgrind.out ]] || { cat "$TMP/gateway.log" >&2; die "callgrind wrote no profile"; }
python3 "$HERE/callgrind_order.py" "$TMP/callgrind.out" switchboard "$TMP/switchboard.map" >"$HERE/switchboard.order"
echo "release-link: $(wc -l <"$HERE/switchboard.order") functions in $HERE/switchboard.order; rebuild with scripts/build-release.sh" >&2
