#!/usr/bin/env bash
# How fast a client that goes away cancels its upstream request: streams a slow answer through the
# gateway (test upstream `fault:slow-stream`), closes the client socket right after the first event,
# and compares the moment of closing with the latency the gateway recorded for the cancelled request
# (the record is written once the upstream request has been cancelled). Debug or release binaries:
#   bench/cancellation.sh [.build/debug|.build-release/release] [requests]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/debug}"
requests="${2:-20}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
upstream_port=18422
gateway_port=18423
"$bin/switchboard-test-upstream" "$upstream_port" > "$work/upstream.log" 2>&1 &
cat > "$work/config.yaml" <<YAML
server: {port: $gateway_port}
database: sqlite://$work/usage.db
keys: [{name: bench, key: sk-bench-cancellation-0000, models: ["*"]}]
channels:
  - {name: up, provider: openai-compatible, base_url: "http://127.0.0.1:$upstream_port/v1", model_map: {slow: "fault:slow-stream"}}
YAML
"$bin/switchboard" serve --config "$work/config.yaml" > "$work/gateway.log" 2>&1 &
gateway=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$gateway_port/health" >/dev/null && break; sleep 0.1; done
python3 - "$gateway_port" "$requests" "$work/closed.json" <<'PY'
import json, socket, sys, time
port, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
body = json.dumps({"model": "slow", "stream": True, "messages": [{"role": "user", "content": "hi"}]}).encode()
request = (b"POST /v1/chat/completions HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer sk-bench-cancellation-0000\r\n"
           b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)) + body
closed = []
for _ in range(count):
    sock = socket.create_connection(("127.0.0.1", port))
    started = time.monotonic()
    sock.sendall(request)
    data = b""
    while b"data: {" not in data:
        data += sock.recv(65536)
    sock.close()
    closed.append((time.monotonic() - started) * 1000)
    time.sleep(0.3)
json.dump(closed, open(out, "w"))
PY
sleep 2
kill -TERM "$gateway"; wait "$gateway" || true
python3 - "$work/usage.db" "$work/closed.json" <<'PY'
import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT latency_ms, status, cancelled FROM usage_records ORDER BY created_at").fetchall()
closed = json.load(open(sys.argv[2]))
delays = sorted(latency - at for (latency, _, _), at in zip(rows, closed))
assert all(status == 499 and cancelled == 1 for _, status, cancelled in rows), rows
print(f"cancelled requests: {len(delays)}; from client close to upstream cancelled and recorded: "
      f"median {delays[len(delays) // 2]:.1f} ms, max {delays[-1]:.1f} ms "
      "(the client's and the gateway's clocks start a fraction of a millisecond apart)")
PY
